/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Frames;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.DropReason;
import org.opendaylight.vias.overlay.counters.LinkCounters;
import org.opendaylight.vias.overlay.link.PeerLink;
import org.opendaylight.vias.overlay.link.PlainLayer;
import org.opendaylight.vias.overlay.link.SecureLayer;
import org.opendaylight.vias.overlay.transport.MemoryTransport;

/**
 * 200,000 random and mutated datagrams through a link's whole receive path (transport → plain layer → IPOP decoder →
 * delivery). No exception may escape, every datagram is either delivered or counted as dropped, and only well-formed
 * messages from the right peer to us are delivered.
 */
class DecoderFuzzTest {
    private static final Uid SELF = Uid.parse("1111111111111111111111111111111111111111");
    private static final Uid PEER = Uid.parse("2222222222222222222222222222222222222222");
    private static final int MAX_FRAME = 1393;

    @Test
    void decoderSurvivesAndCountsEverything() throws Exception {
        final MemoryTransport[] wire = MemoryTransport.pair(1472);
        final LinkCounters counters = new LinkCounters();
        final PeerLink link = new PeerLink(SELF, PEER, new PlainLayer(wire[0]), counters, MAX_FRAME);
        final AtomicLong frames = new AtomicLong();
        final AtomicLong controls = new AtomicLong();
        link.start(new PeerLink.Inbound() {
            @Override
            public DropReason onFrame(Uid peer, byte[] buf, int off, int len) {
                assertEquals(PEER, peer);
                assertTrue(len >= 14 && len <= MAX_FRAME);
                frames.incrementAndGet();
                return null;
            }

            @Override
            public boolean onControl(Uid peer, byte[] message) {
                controls.incrementAndGet();
                return true;
            }
        }, new SecureLayer.StateListener() {
            @Override
            public void up() {
            }

            @Override
            public void down() {
            }
        });

        final byte[] valid = new byte[IpopCodec.HEADER_LENGTH + 100];
        System.arraycopy(Frames.ethernet(Frames.mac(1), Frames.mac(2), 0x0800, 86), 0, valid, 42, 100);
        IpopCodec.writeHeader(valid, 0, MessageType.ETHERNET, PEER, SELF);

        final Random random = new Random(7);
        final int total = 200_000;
        long keepalives = 0;
        for (int i = 0; i < total; i++) {
            final byte[] datagram;
            if (i % 3 == 0) {
                datagram = new byte[random.nextInt(1500)];
                random.nextBytes(datagram);
            } else {
                datagram = java.util.Arrays.copyOf(valid, random.nextInt(2) == 0 ? valid.length
                    : random.nextInt(valid.length + 1500));
                final int flips = random.nextInt(3);
                for (int j = 0; j < flips && datagram.length > 0; j++) {
                    // bias flips towards the header so every validation branch is hit
                    final int at = random.nextBoolean() ? random.nextInt(Math.min(44, datagram.length))
                        : random.nextInt(datagram.length);
                    datagram[at] = (byte) random.nextInt();
                }
            }
            if (IpopCodec.validate(datagram, 0, datagram.length, SELF, PEER, MAX_FRAME) == null
                    && IpopCodec.type(datagram, 0) == MessageType.KEEPALIVE) {
                keepalives++;
            }
            wire[1].send(datagram, 0, datagram.length);
        }
        final LinkCounters.Snapshot s = counters.snapshot();
        assertEquals(total, frames.get() + controls.get() + keepalives + s.totalDrops(),
            "every datagram delivered or counted: " + s);
        assertTrue(frames.get() > 10_000, "valid frames still delivered: " + frames.get());
        assertTrue(s.drops().size() >= 6, "many drop reasons exercised: " + s.drops());
        assertEquals(frames.get(), s.framesIn());
    }
}
