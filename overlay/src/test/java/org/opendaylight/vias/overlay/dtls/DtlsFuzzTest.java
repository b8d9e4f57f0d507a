/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Feeds 100,000 random and mutated datagrams into an established DTLS link's receive path (the path a third party on
 * the peer's address reaches): nothing escapes, nothing forged is delivered, and the link still carries data.
 */
class DtlsFuzzTest {
    private static final int DATAGRAMS = 100_000;

    @Test
    void randomAndMutatedRecordsNeverBreakTheLink() throws Exception {
        try (DtlsLayerTest.Pair pair = new DtlsLayerTest.Pair(DtlsLayerTest.B.fingerprint(),
                DtlsLayerTest.A.fingerprint())) {
            assertTrue(pair.awaitUp());
            // capture real records A sends, to mutate them
            final List<byte[]> records = new ArrayList<>();
            pair.wire[0].tap = d -> {
                synchronized (records) {
                    records.add(d);
                }
                return true;
            };
            for (int i = 0; i < 50; i++) {
                final byte[] msg = new byte[1 + i * 20];
                pair.a.send(msg, 0, msg.length);
            }
            pair.a.flush();
            for (int i = 0; i < 50; i++) {
                pair.receivedB.poll(5, TimeUnit.SECONDS);
            }
            pair.wire[0].tap = d -> true;
            pair.receivedB.clear();

            final Random random = new Random(42);
            for (int i = 0; i < DATAGRAMS; i++) {
                final byte[] datagram;
                if (i % 2 == 0) {
                    datagram = new byte[random.nextInt(1600)];
                    random.nextBytes(datagram);
                    if (datagram.length > 3 && random.nextBoolean()) {
                        datagram[0] = (byte) (20 + random.nextInt(6)); // make it pass the header sanity check
                        datagram[1] = (byte) 0xfe;
                        datagram[2] = (byte) 0xfd;
                    }
                } else {
                    final byte[] base = records.get(random.nextInt(records.size()));
                    datagram = mutate(base, random);
                }
                pair.wire[1].inject(datagram);
                while (pair.b.queuedDatagrams() > 512) {
                    Thread.sleep(1); // pace input so every datagram really goes through the DTLS thread
                }
            }
            final byte[] msg = "alive after fuzzing".getBytes();
            pair.a.send(msg, 0, msg.length);
            pair.a.flush();
            byte[] got;
            do {
                got = pair.receivedB.poll(10, TimeUnit.SECONDS);
                // a mutation can only reach the application if it authenticated, i.e. replayed a real record
            } while (got != null && got.length != msg.length);
            assertArrayEquals(msg, got);
            assertTrue(pair.a.isUp() && pair.b.isUp());
            assertEquals(1, pair.countersB.snapshot().handshakes(), "the session survived: no re-handshake");
            assertEquals(0, pair.countersB.drops(org.opendaylight.vias.overlay.counters.DropReason.QUEUE_FULL));
        }
    }

    private static byte[] mutate(byte[] base, Random random) {
        final byte[] copy;
        switch (random.nextInt(4)) {
            case 0 -> {
                copy = base.clone();
                final int flips = 1 + random.nextInt(4);
                for (int j = 0; j < flips; j++) {
                    copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> copy = java.util.Arrays.copyOf(base, random.nextInt(base.length + 1));
            case 2 -> {
                copy = java.util.Arrays.copyOf(base, base.length + 1 + random.nextInt(64));
                for (int j = base.length; j < copy.length; j++) {
                    copy[j] = (byte) random.nextInt();
                }
            }
            default -> {
                copy = base.clone();
                // corrupt the length or epoch/sequence fields of the record header
                final int field = 3 + random.nextInt(10);
                copy[Math.min(field, copy.length - 1)] = (byte) random.nextInt();
            }
        }
        return copy;
    }
}
