/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.CertificateRejection;
import org.opendaylight.vias.overlay.counters.LinkCounters;
import org.opendaylight.vias.overlay.dtls.DtlsLayer;
import org.opendaylight.vias.overlay.dtls.NodeIdentity;
import org.opendaylight.vias.overlay.dtls.PeerAuthenticator;
import org.opendaylight.vias.overlay.link.SecureLayer;
import org.opendaylight.vias.overlay.transport.MemoryTransport;

/** Two DTLS ends over an in-memory path, each checking the other against the overlay CA. */
class CaLinkTest {
    static final Uid UA = Uid.parse("1111111111111111111111111111111111111111");
    static final Uid UB = Uid.parse("2222222222222222222222222222222222222222");
    static final Uid UC = Uid.parse("3333333333333333333333333333333333333333");
    static final JcaTlsCrypto CRYPTO = new JcaTlsCryptoProvider().create(new SecureRandom());

    @TempDir
    Path dir;

    /** One link: {@code a} (client) and {@code b} (server), each with its counters and what it received. */
    static final class Link implements AutoCloseable {
        final MemoryTransport[] wire = MemoryTransport.pair(1472);
        final LinkCounters countersA = new LinkCounters();
        final LinkCounters countersB = new LinkCounters();
        final BlockingQueue<byte[]> receivedB = new LinkedBlockingQueue<>();
        final DtlsLayer a;
        final DtlsLayer b;

        Link(NodeIdentity idA, PeerAuthenticator aChecks, NodeIdentity idB, PeerAuthenticator bChecks) {
            a = new DtlsLayer(wire[0], CRYPTO, idA, aChecks, true, countersA, 2000, 20_000);
            b = new DtlsLayer(wire[1], CRYPTO, idB, bChecks, false, countersB, 2000, 20_000);
            a.start((buf, off, len) -> { }, quiet());
            b.start((buf, off, len) -> receivedB.add(Arrays.copyOfRange(buf, off, off + len)), quiet());
        }

        boolean up() {
            return a.isUp() && b.isUp();
        }

        void assertCarries(String text) throws Exception {
            final byte[] msg = text.getBytes();
            a.send(msg, 0, msg.length);
            a.flush();
            assertArrayEquals(msg, receivedB.poll(5, TimeUnit.SECONDS));
        }

        @Override
        public void close() {
            a.close();
            b.close();
        }
    }

    static SecureLayer.StateListener quiet() {
        return new SecureLayer.StateListener() {
            @Override
            public void up() {
            }

            @Override
            public void down() {
            }
        };
    }

    static boolean within(long millis, BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    private TestCa ca() throws Exception {
        return new TestCa(dir.resolve("ca"), new MutableClock(Instant.now()));
    }

    @Test
    void nodesWithCertificatesOfTheCaLink() throws Exception {
        final TestCa ca = ca();
        try (Link link = new Link(ca.issue(UA, 30).identity(), ca.trust.forPeer(UB),
                ca.issue(UB, 30).identity(), ca.trust.forPeer(UA))) {
            assertTrue(within(10_000, link::up), "both ends up");
            link.assertCarries("hello under the overlay CA");
            assertEquals(0, link.countersA.snapshot().handshakeFailures());
            assertTrue(link.countersA.snapshot().rejections().isEmpty());
            assertTrue(link.countersB.snapshot().rejections().isEmpty());
        }
    }

    /** The server (B) presents {@code bad}; A, checking against the CA, must refuse it for {@code reason}. */
    private static void neverLinks(TestCa ca, NodeIdentity bad, CertificateRejection reason) throws Exception {
        try (Link link = new Link(ca.issue(UA, 30).identity(), ca.trust.forPeer(UB), bad, ca.trust.forPeer(UA))) {
            assertTrue(within(5000, () -> link.countersA.rejections(reason) >= 1), "A refuses B: " + reason);
            assertFalse(within(1000, link::up), "never up");
            assertFalse(link.a.isUp() || link.b.isUp());
            // counted under this reason only
            assertEquals(link.countersA.snapshot().rejections().keySet(), java.util.Set.of(reason));
        }
    }

    @Test
    void selfSignedCertificateNeverLinks() throws Exception {
        neverLinks(ca(), NodeIdentity.generate(UB), CertificateRejection.NOT_SIGNED_BY_CA);
    }

    @Test
    void certificateOfAnotherCaNeverLinks() throws Exception {
        final TestCa other = new TestCa(dir.resolve("other"), new MutableClock(Instant.now()));
        neverLinks(ca(), other.issue(UB, 30).identity(), CertificateRejection.NOT_SIGNED_BY_CA);
    }

    @Test
    void certificateForAnotherUidNeverLinks() throws Exception {
        final TestCa ca = ca();
        // a genuine certificate of the CA, but for C: B cannot use it to be B
        neverLinks(ca, ca.issue(UC, 30).identity(), CertificateRejection.UID_MISMATCH);
    }

    @Test
    void expiredCertificateNeverLinks() throws Exception {
        final TestCa ca = ca();
        final NodeIdentity b = ca.issue(UB, 1).identity();
        ca.clock.advance(Duration.ofDays(2));
        neverLinks(ca, b, CertificateRejection.EXPIRED);
    }

    @Test
    void certificateNotYetValidNeverLinks() throws Exception {
        final TestCa ca = ca();
        ca.clock.advance(Duration.ofDays(1));
        final NodeIdentity b = ca.issue(UB, 30).identity();
        ca.clock.advance(Duration.ofDays(-1));
        neverLinks(ca, b, CertificateRejection.NOT_YET_VALID);
    }

    @Test
    void revokedCertificateNeverLinks() throws Exception {
        final TestCa ca = ca();
        final TestCa.Issued b = ca.issue(UB, 30);
        ca.trust.setRevocations(RevocationList.EMPTY.withFingerprint(b.cert().fingerprint()));
        neverLinks(ca, b.identity(), CertificateRejection.REVOKED);
    }

    @Test
    void revocationTearsDownTheLiveLinkWhichCannotRelinkWhileOtherLinksGoOn() throws Exception {
        final TestCa ca = ca();
        final NodeIdentity a = ca.issue(UA, 30).identity();
        final TestCa.Issued c = ca.issue(UC, 30);
        try (Link ab = new Link(a, ca.trust.forPeer(UB), ca.issue(UB, 30).identity(), ca.trust.forPeer(UA));
             Link ac = new Link(a, ca.trust.forPeer(UC), c.identity(), ca.trust.forPeer(UA))) {
            assertTrue(within(10_000, () -> ab.up() && ac.up()), "both links up");
            ac.assertCarries("before");

            ca.trust.setRevocations(ca.trust.revocations().withSerial(c.cert().serial()));
            final long revoked = System.nanoTime();
            assertTrue(within(5000, () -> !ac.a.isUp()), "A ends the revoked peer's live session");
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revoked) < 3000, "within seconds");
            assertTrue(ac.countersA.rejections(CertificateRejection.REVOKED) >= 1);
            // C re-handshakes (A's close) and is refused each time
            assertTrue(within(5000, () -> ac.countersA.rejections(CertificateRejection.REVOKED) >= 2),
                "C's re-handshake refused as revoked");
            assertFalse(within(2000, () -> ac.a.isUp()), "C never re-links");

            // the other link was not disturbed: same session, still carrying data
            assertTrue(ab.up());
            ab.assertCarries("after");
            assertEquals(1, ab.countersA.snapshot().handshakes());
            assertTrue(ab.countersA.snapshot().rejections().isEmpty());
        }
    }

    @Test
    void expiryEndsALiveSession() throws Exception {
        final TestCa ca = ca();
        try (Link link = new Link(ca.issue(UA, 30).identity(), ca.trust.forPeer(UB),
                ca.issue(UB, 1).identity(), ca.trust.forPeer(UA))) {
            assertTrue(within(10_000, link::up));
            ca.clock.advance(Duration.ofDays(2));
            assertTrue(within(5000, () -> !link.a.isUp()), "A ends the session once B's certificate expired");
            assertTrue(link.countersA.rejections(CertificateRejection.EXPIRED) >= 1);
        }
    }
}
