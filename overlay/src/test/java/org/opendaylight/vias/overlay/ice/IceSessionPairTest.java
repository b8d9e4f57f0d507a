/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opendaylight.vias.overlay.signal.IceCandidate;
import org.opendaylight.vias.overlay.transport.DatagramReceiver;

/**
 * Two real ice4j sessions in this JVM (host candidates on this machine's non-loopback addresses): once ICE selects
 * the pair, each transport reads its host socket itself, the pair's data crosses in both directions, and consent
 * freshness (STUN the transports hand to ice4j) keeps confirming the pair.
 */
class IceSessionPairTest {

    private static final class Counting implements DatagramReceiver {
        final AtomicInteger datagrams = new AtomicInteger();
        final AtomicInteger batchEnds = new AtomicInteger();

        @Override
        public void onDatagram(byte[] buf, int off, int len) {
            if (len == 100 && buf[off] == 23) {
                datagrams.incrementAndGet();
            }
        }

        @Override
        public void onReadBatchEnd() {
            batchEnds.incrementAndGet();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theSelectedPairIsReadFromItsHostSocketAndConsentStaysFresh() throws Exception {
        final IceConfig noServers = new IceConfig(null, null, null, null);
        try (IceSession a = IceSession.gather(noServers, true, "pair-a");
                IceSession b = IceSession.gather(noServers, false, "pair-b")) {
            final List<IceCandidate> ca = a.localCandidates();
            final List<IceCandidate> cb = b.localCandidates();
            assertFalse(ca.isEmpty() || cb.isEmpty(),
                "ice4j gathered no host candidate: this test needs a non-loopback IPv4 address on the machine");
            a.connect(b.ufrag(), b.password(), cb);
            b.connect(a.ufrag(), a.password(), ca);
            final IceTransport ta = a.established().get(30, TimeUnit.SECONDS);
            final IceTransport tb = b.established().get(30, TimeUnit.SECONDS);
            assertTrue(ta.readsHostSocket(), ta::toString);
            assertTrue(tb.readsHostSocket(), tb::toString);
            assertTrue(ta.endsReadBatches());

            final Counting ra = new Counting();
            final Counting rb = new Counting();
            ta.setReceiver(ra);
            tb.setReceiver(rb);
            final byte[] record = new byte[100];
            record[0] = 23;
            record[1] = (byte) 0xfe;
            record[2] = (byte) 0xfd;
            for (int i = 0; i < 200; i++) {
                ta.send(record, 0, record.length);
                tb.send(record, 0, record.length);
                if (i % 20 == 0) {
                    Thread.sleep(5);
                }
            }
            final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((ra.datagrams.get() < 200 || rb.datagrams.get() < 200) && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertEquals(200, rb.datagrams.get(), "a -> b");
            assertEquals(200, ra.datagrams.get(), "b -> a");
            assertTrue(rb.batchEnds.get() >= 1 && rb.batchEnds.get() <= 200, () -> "batch ends " + rb.batchEnds);

            // consent freshness runs every ~250 ms; its STUN now passes through the transports' reader threads
            final long stampA = a.consentStamp();
            final long stampB = b.consentStamp();
            Thread.sleep(1500);
            assertTrue(a.consentStamp() > stampA, () -> "consent on a: " + stampA + " -> " + a.consentStamp());
            assertTrue(b.consentStamp() > stampB, () -> "consent on b: " + stampB + " -> " + b.consentStamp());
            assertTrue(ta.isOpen() && tb.isOpen());
            assertEquals(0, ta.foreignDatagrams());
        }
    }
}
