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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.CertificateRejection;
import org.opendaylight.vias.overlay.counters.DropReason;
import org.opendaylight.vias.overlay.counters.LinkCounters;
import org.opendaylight.vias.overlay.link.SecureLayer;
import org.opendaylight.vias.overlay.transport.MemoryTransport;

class DtlsLayerTest {
    static final Uid UA = Uid.parse("1111111111111111111111111111111111111111");
    static final Uid UB = Uid.parse("2222222222222222222222222222222222222222");
    /** What the nodes use. */
    static final JcaTlsCrypto CRYPTO = OverlayTlsCrypto.create(new SecureRandom());
    /** bctls' JcaTlsCrypto as it comes, for a peer built without {@link OverlayTlsCrypto}. */
    static final JcaTlsCrypto PLAIN_CRYPTO = new JcaTlsCryptoProvider().create(new SecureRandom());
    static final NodeIdentity A = NodeIdentity.generate(UA);
    static final NodeIdentity B = NodeIdentity.generate(UB);

    /** Two DTLS layers on an in-memory path; plaintext each receives goes to its queue. */
    static final class Pair implements AutoCloseable {
        final MemoryTransport[] wire;
        final LinkCounters countersA = new LinkCounters();
        final LinkCounters countersB = new LinkCounters();
        final DtlsLayer a;
        final DtlsLayer b;
        final BlockingQueue<byte[]> receivedA = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> receivedB = new LinkedBlockingQueue<>();
        final CountDownLatch upA = new CountDownLatch(1);
        final CountDownLatch upB = new CountDownLatch(1);

        Pair(Fingerprint aExpects, Fingerprint bExpects) {
            this(A, new PinnedFingerprint(aExpects), B, new PinnedFingerprint(bExpects));
        }

        /** {@code idA} is the client, checking its peer with {@code aChecks}; {@code idB} the server. */
        Pair(NodeIdentity idA, PeerAuthenticator aChecks, NodeIdentity idB, PeerAuthenticator bChecks) {
            this(idA, aChecks, idB, bChecks, MemoryTransport.pair(1472));
        }

        /** Over {@code wire}, e.g. {@link MemoryTransport#batchingPair} for the read-batch path. */
        Pair(NodeIdentity idA, PeerAuthenticator aChecks, NodeIdentity idB, PeerAuthenticator bChecks,
                MemoryTransport[] wire) {
            this(idA, aChecks, idB, bChecks, wire, CRYPTO, CRYPTO);
        }

        /** With each end's own crypto (one of them bctls' unmodified JcaTlsCrypto, say). */
        Pair(NodeIdentity idA, PeerAuthenticator aChecks, NodeIdentity idB, PeerAuthenticator bChecks,
                MemoryTransport[] wire, JcaTlsCrypto cryptoA, JcaTlsCrypto cryptoB) {
            this.wire = wire;
            a = new DtlsLayer(wire[0], cryptoA, idA, aChecks, true, countersA, 3000, 20_000);
            b = new DtlsLayer(wire[1], cryptoB, idB, bChecks, false, countersB, 3000, 20_000);
            a.start((buf, off, len) -> receivedA.add(java.util.Arrays.copyOfRange(buf, off, off + len)), latch(upA));
            b.start((buf, off, len) -> receivedB.add(java.util.Arrays.copyOfRange(buf, off, off + len)), latch(upB));
        }

        boolean awaitUp() throws InterruptedException {
            return upA.await(10, TimeUnit.SECONDS) && upB.await(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            a.close();
            b.close();
        }
    }

    static SecureLayer.StateListener latch(CountDownLatch latch) {
        return new SecureLayer.StateListener() {
            @Override
            public void up() {
                latch.countDown();
            }

            @Override
            public void down() {
            }
        };
    }

    @Test
    void handshakesAndCarriesDataBothWays() throws Exception {
        try (Pair pair = new Pair(B.fingerprint(), A.fingerprint())) {
            assertTrue(pair.awaitUp(), "both ends up");
            final byte[] msg = "hello over dtls".getBytes();
            pair.a.send(msg, 0, msg.length);
            pair.a.flush();
            assertArrayEquals(msg, pair.receivedB.poll(5, TimeUnit.SECONDS));
            pair.b.send(msg, 0, 5);
            pair.b.flush();
            assertArrayEquals("hello".getBytes(), pair.receivedA.poll(5, TimeUnit.SECONDS));
            assertEquals(1, pair.countersA.snapshot().handshakes());
            assertEquals(1472 - DtlsLayer.RECORD_OVERHEAD, pair.a.maxPlaintext());
            // the largest plaintext fits one datagram
            final byte[] big = new byte[pair.a.maxPlaintext()];
            pair.a.send(big, 0, big.length);
            assertEquals(big.length, pair.receivedB.poll(5, TimeUnit.SECONDS).length);
        }
    }

    @Test
    void anEstablishedSessionDecryptsOnTheTransportThreadWithoutAFlush() throws Exception {
        final MemoryTransport[] wire = MemoryTransport.pair(1472);
        final java.util.concurrent.atomic.AtomicReference<Thread> receivingThread =
            new java.util.concurrent.atomic.AtomicReference<>();
        final BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
        final CountDownLatch upA = new CountDownLatch(1);
        final CountDownLatch upB = new CountDownLatch(1);
        final DtlsLayer a = new DtlsLayer(wire[0], CRYPTO, A, new PinnedFingerprint(B.fingerprint()), true,
            new LinkCounters(), 3000, 20_000);
        final DtlsLayer b = new DtlsLayer(wire[1], CRYPTO, B, new PinnedFingerprint(A.fingerprint()), false,
            new LinkCounters(), 3000, 20_000);
        try {
            a.start((buf, off, len) -> { }, latch(upA));
            b.start((buf, off, len) -> {
                receivingThread.set(Thread.currentThread());
                got.add(java.util.Arrays.copyOfRange(buf, off, off + len));
            }, latch(upB));
            assertTrue(upA.await(10, TimeUnit.SECONDS) && upB.await(10, TimeUnit.SECONDS));
            final long before = b.inlineDatagrams();
            final byte[] msg = "lone packet".getBytes();
            // MemoryTransport delivers on the sender's thread: with no flush and no hand-off, this thread decrypts
            a.send(msg, 0, msg.length);
            assertArrayEquals(msg, got.poll(5, TimeUnit.SECONDS));
            assertEquals(Thread.currentThread(), receivingThread.get(), "decrypted on the transport's thread");
            assertEquals(before + 1, b.inlineDatagrams());
        } finally {
            a.close();
            b.close();
        }
    }

    /** The record cipher is ours on one end and bctls' own on the other: the wire is the same. */
    @Test
    void aPeerOnBctlsOwnRecordCipherInteroperates() throws Exception {
        try (Pair pair = new Pair(A, new PinnedFingerprint(B.fingerprint()), B, new PinnedFingerprint(A.fingerprint()),
                MemoryTransport.pair(1472), PLAIN_CRYPTO, CRYPTO)) {
            assertTrue(pair.awaitUp());
            final java.util.Random random = new java.util.Random(5);
            for (int len : new int[] {1, 98, 1000, pair.a.maxPlaintext()}) {
                final byte[] msg = new byte[len];
                random.nextBytes(msg);
                pair.a.send(msg, 0, len);
                pair.a.flush();
                assertArrayEquals(msg, pair.receivedB.poll(5, TimeUnit.SECONDS), len + " bytes, our cipher");
                pair.b.send(msg, 0, len);
                pair.b.flush();
                assertArrayEquals(msg, pair.receivedA.poll(5, TimeUnit.SECONDS), len + " bytes, bctls' cipher");
            }
        }
    }

    /**
     * A datagram carrying several application records (bctls sends one per datagram, a peer may pack more): each is
     * handed up once, and a discarded record behind a good one leaves nothing behind for the next datagram.
     */
    @Test
    void everyRecordOfADatagramOfSeveralIsHandedUpOnce() throws Exception {
        try (Pair pair = new Pair(B.fingerprint(), A.fingerprint())) {
            assertTrue(pair.awaitUp());
            final java.util.List<byte[]> withheld = new java.util.ArrayList<>();
            pair.wire[0].tap = d -> {
                synchronized (withheld) {
                    withheld.add(d);
                }
                return false;
            };
            for (int i = 0; i < 6; i++) {
                final byte[] msg = {(byte) i, (byte) i, (byte) i};
                pair.a.send(msg, 0, msg.length);
            }
            pair.a.flush();
            pair.wire[0].tap = d -> true;
            assertEquals(6, withheld.size());
            final byte[] forged = record(23, 40);
            // each datagram's records must all arrive before the next datagram: none may wait in bctls' queue
            pair.wire[1].inject(concat(withheld.get(0), withheld.get(1)));
            expectRecords(pair, 0, 2);
            pair.wire[1].inject(concat(concat(withheld.get(2), withheld.get(3)), withheld.get(4)));
            expectRecords(pair, 2, 5);
            pair.wire[1].inject(concat(withheld.get(5), forged));
            expectRecords(pair, 5, 6);
            final byte[] msg = "next datagram".getBytes();
            pair.a.send(msg, 0, msg.length);
            pair.a.flush();
            assertArrayEquals(msg, pair.receivedB.poll(5, TimeUnit.SECONDS));
            assertEquals(null, pair.receivedB.poll(200, TimeUnit.MILLISECONDS), "nothing handed up twice");
            assertEquals(1, pair.countersB.snapshot().handshakes());
        }
    }

    @Test
    void countsTheRecordsOfADatagramOfApplicationDataOnly() {
        final byte[] one = record(23, 40);
        assertEquals(1, DtlsLayer.applicationRecords(one));
        final byte[] two = concat(record(23, 40), record(23, 29));
        assertEquals(2, DtlsLayer.applicationRecords(two));
        // a handshake or alert record anywhere: the caller reads until bctls asks for the next datagram
        assertEquals(-1, DtlsLayer.applicationRecords(concat(record(22, 40), record(23, 40))));
        assertEquals(-1, DtlsLayer.applicationRecords(concat(record(23, 40), record(21, 29))));
        // lengths that do not add up to the datagram
        assertEquals(-1, DtlsLayer.applicationRecords(java.util.Arrays.copyOf(one, one.length - 1)));
        assertEquals(-1, DtlsLayer.applicationRecords(java.util.Arrays.copyOf(one, one.length + 5)));
    }

    private static void expectRecords(Pair pair, int from, int to) throws InterruptedException {
        for (int i = from; i < to; i++) {
            assertArrayEquals(new byte[] {(byte) i, (byte) i, (byte) i}, pair.receivedB.poll(5, TimeUnit.SECONDS),
                "record " + i);
        }
        assertEquals(null, pair.receivedB.poll(100, TimeUnit.MILLISECONDS), "only records " + from + ".." + (to - 1));
    }

    private static byte[] record(int type, int length) {
        final byte[] r = new byte[DtlsLayer.RECORD_HEADER + length];
        r[0] = (byte) type;
        r[1] = (byte) 0xfe;
        r[2] = (byte) 0xfd;
        r[4] = 1;
        r[11] = (byte) (length >> 8);
        r[12] = (byte) length;
        return r;
    }

    static byte[] concat(byte[] first, byte[] second) {
        final byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /**
     * Plaintext is handed up only between batchStart and batchEnd on the delivering thread (a lone datagram on the
     * transport's thread, a burst on the link's): the TAP's GRO holds frames back until batchEnd, so a missing end
     * would strand them.
     */
    @Test
    void plaintextArrivesInsideABatchThatEndsOnTheSameThread() throws Exception {
        final MemoryTransport[] wire = MemoryTransport.batchingPair(1472);
        final CountDownLatch upA = new CountDownLatch(1);
        final CountDownLatch upB = new CountDownLatch(1);
        final ThreadLocal<int[]> open = ThreadLocal.withInitial(() -> new int[1]);
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final DtlsLayer a = new DtlsLayer(wire[0], CRYPTO, A, new PinnedFingerprint(B.fingerprint()), true,
            new LinkCounters(), 3000, 20_000);
        final DtlsLayer b = new DtlsLayer(wire[1], CRYPTO, B, new PinnedFingerprint(A.fingerprint()), false,
            new LinkCounters(), 3000, 20_000);
        try {
            a.start((buf, off, len) -> { }, latch(upA));
            b.start(new SecureLayer.PlaintextReceiver() {
                @Override
                public void onPlaintext(byte[] buf, int off, int len) {
                    events.add(open.get()[0] == 1 ? "data" : "data outside a batch");
                }

                @Override
                public void batchStart() {
                    open.get()[0]++;
                }

                @Override
                public void batchEnd() {
                    events.add(open.get()[0] == 1 ? "end" : "unbalanced end");
                    open.get()[0]--;
                }
            }, latch(upB));
            assertTrue(upA.await(10, TimeUnit.SECONDS) && upB.await(10, TimeUnit.SECONDS));
            final java.util.List<byte[]> burst = new java.util.ArrayList<>();
            wire[0].tap = d -> {
                synchronized (burst) {
                    burst.add(d);
                }
                return false;
            };
            for (int i = 0; i < 5; i++) {
                final byte[] msg = new byte[100 + i];
                a.send(msg, 0, msg.length);
            }
            a.flush();
            events.clear();
            wire[1].injectBatch(java.util.List.of(burst.get(0)));
            assertEquals("data", events.poll(5, TimeUnit.SECONDS), "a lone datagram");
            assertEquals("end", events.poll(5, TimeUnit.SECONDS));
            wire[1].injectBatch(burst.subList(1, 5));
            for (int i = 0; i < 4; i++) {
                assertEquals("data", events.poll(5, TimeUnit.SECONDS), "burst datagram " + i);
            }
            assertEquals("end", events.poll(5, TimeUnit.SECONDS), "the burst's batch ended");
            assertTrue(b.handedOffDatagrams() >= 4, "the burst went through the link thread");
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aCloseNotifyReceivedOnTheTransportThreadEndsTheSessionAtOnce() throws Exception {
        final MemoryTransport[] wire = MemoryTransport.pair(1472);
        final CountDownLatch upA = new CountDownLatch(1);
        final CountDownLatch upB = new CountDownLatch(1);
        final CountDownLatch downB = new CountDownLatch(1);
        final DtlsLayer a = new DtlsLayer(wire[0], CRYPTO, A, new PinnedFingerprint(B.fingerprint()), true,
            new LinkCounters(), 3000, 20_000);
        final DtlsLayer b = new DtlsLayer(wire[1], CRYPTO, B, new PinnedFingerprint(A.fingerprint()), false,
            new LinkCounters(), 3000, 20_000);
        try {
            a.start((buf, off, len) -> { }, latch(upA));
            b.start((buf, off, len) -> { }, new SecureLayer.StateListener() {
                @Override
                public void up() {
                    upB.countDown();
                }

                @Override
                public void down() {
                    downB.countDown();
                }
            });
            assertTrue(upA.await(10, TimeUnit.SECONDS) && upB.await(10, TimeUnit.SECONDS));
            // let b's link thread settle into its supervision sleep
            Thread.sleep(100);
            final long start = System.nanoTime();
            a.close(); // sends close_notify, which b decrypts on this thread
            assertTrue(downB.await(5, TimeUnit.SECONDS), "session ended on the peer's close_notify");
            // well before the once-a-second supervision tick would have noticed it by itself
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < DtlsLayer.RECHECK_MILLIS / 2,
                "woken by the transport thread, not by its own timer");
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void rejectsPeerWhoseCertificateDoesNotMatchTheAnnouncedFingerprint() throws Exception {
        final NodeIdentity impostor = NodeIdentity.generate(UB);
        // A expects B's real fingerprint; the server end presents the impostor's certificate
        final MemoryTransport[] wire = MemoryTransport.pair(1472);
        final LinkCounters countersA = new LinkCounters();
        final LinkCounters countersB = new LinkCounters();
        final CountDownLatch upA = new CountDownLatch(1);
        final CountDownLatch upB = new CountDownLatch(1);
        final DtlsLayer a = new DtlsLayer(wire[0], CRYPTO, A, new PinnedFingerprint(B.fingerprint()), true,
            countersA, 2000, 20_000);
        final DtlsLayer b = new DtlsLayer(wire[1], CRYPTO, impostor, new PinnedFingerprint(A.fingerprint()), false,
            countersB, 2000, 20_000);
        try {
            a.start((buf, off, len) -> { }, latch(upA));
            b.start((buf, off, len) -> { }, latch(upB));
            assertFalse(upA.await(3, TimeUnit.SECONDS), "client must not accept the impostor");
            assertTrue(countersA.snapshot().handshakeFailures() >= 1);
            assertTrue(countersA.rejections(CertificateRejection.FINGERPRINT_MISMATCH) >= 1);
            assertFalse(a.isUp());
            final byte[] msg = {1};
            org.junit.jupiter.api.Assertions.assertThrows(DtlsLayer.LinkDownException.class,
                () -> a.send(msg, 0, 1));
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void serverRejectsClientWithWrongFingerprint() throws Exception {
        final NodeIdentity impostor = NodeIdentity.generate(UA);
        try (Pair pair = new Pair(B.fingerprint(), impostor.fingerprint())) {
            assertFalse(pair.upB.await(3, TimeUnit.SECONDS), "server must not accept A when expecting the impostor");
            assertTrue(pair.countersB.snapshot().handshakeFailures() >= 1);
        }
    }

    @Test
    void garbageIsDroppedAndTheSessionSurvives() throws Exception {
        try (Pair pair = new Pair(B.fingerprint(), A.fingerprint())) {
            assertTrue(pair.awaitUp());
            pair.wire[1].inject(new byte[] {1, 2, 3});
            pair.wire[1].inject(new byte[100]);
            // a well-formed record header with garbage content: bctls discards it
            final byte[] fakeRecord = new byte[80];
            fakeRecord[0] = 23;
            fakeRecord[1] = (byte) 0xfe;
            fakeRecord[2] = (byte) 0xfd;
            fakeRecord[4] = 1;
            fakeRecord[12] = 67;
            pair.wire[1].inject(fakeRecord);
            // an encrypted record too short for nonce + tag: bctls would end the session on it, the guard drops it
            final byte[] shortRecord = java.util.Arrays.copyOf(fakeRecord, 13 + 5);
            shortRecord[12] = 5;
            pair.wire[1].inject(shortRecord);
            // a record whose length field overruns the datagram
            final byte[] overrun = java.util.Arrays.copyOf(fakeRecord, 40);
            pair.wire[1].inject(overrun);
            assertEquals(4, pair.countersB.drops(DropReason.NOT_DTLS));
            final byte[] msg = "still works".getBytes();
            pair.a.send(msg, 0, msg.length);
            pair.a.flush();
            assertArrayEquals(msg, pair.receivedB.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void serverReacceptsAClientThatRestarted() throws Exception {
        try (Pair pair = new Pair(B.fingerprint(), A.fingerprint())) {
            assertTrue(pair.awaitUp());
            // the client process dies without a close_notify and comes back with a fresh DTLS state
            pair.wire[0].setReceiver((buf, off, len) -> { });
            final LinkCounters countersA2 = new LinkCounters();
            final CountDownLatch upA2 = new CountDownLatch(1);
            final DtlsLayer a2 = new DtlsLayer(pair.wire[0], CRYPTO, A, new PinnedFingerprint(B.fingerprint()), true,
                countersA2, 10_000, 20_000);
            try {
                a2.start((buf, off, len) -> { }, latch(upA2));
                assertTrue(upA2.await(DtlsLayer.RESTART_SILENCE_MILLIS + 8000, TimeUnit.MILLISECONDS),
                    "restarted client accepted well before the 20 s dead-peer timeout");
                final byte[] msg = "after restart".getBytes();
                a2.send(msg, 0, msg.length);
                a2.flush();
                assertArrayEquals(msg, pair.receivedB.poll(5, TimeUnit.SECONDS));
                assertEquals(2, pair.countersB.snapshot().handshakes());
            } finally {
                a2.close();
            }
        }
    }

    @Test
    void identityIsPersistedAndReloaded(@TempDir Path dir) throws Exception {
        final NodeIdentity created = NodeIdentity.loadOrCreate(dir, UA);
        assertTrue(Files.exists(dir.resolve("node.key")));
        final NodeIdentity loaded = NodeIdentity.loadOrCreate(dir, UA);
        assertEquals(created.fingerprint(), loaded.fingerprint());
        assertEquals(created.fingerprint(), Fingerprint.parse(created.fingerprint().toString().toUpperCase()));
        // a reloaded key still handshakes
        try (Pair pair = new Pair(B.fingerprint(), A.fingerprint())) {
            assertTrue(pair.awaitUp());
        }
    }
}
