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

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.LinkCounters;
import org.opendaylight.vias.overlay.pki.CaTrust;
import org.opendaylight.vias.overlay.pki.NodeCertificate;
import org.opendaylight.vias.overlay.pki.OverlayCa;
import org.opendaylight.vias.overlay.pki.RevocationList;
import org.opendaylight.vias.overlay.transport.MemoryTransport;

/**
 * Feeds 100,000 random and mutated datagrams into an established DTLS link's receive path (the path a third party on
 * the peer's address reaches): nothing escapes, nothing forged is delivered, and the link still carries data. Then
 * offers random and mutated certificates in the handshake to a server that trusts the overlay CA.
 */
class DtlsFuzzTest {
    private static final int DATAGRAMS = 100_000;
    private static final int CERTIFICATES = 60;

    @Test
    void randomAndMutatedRecordsNeverBreakTheLink() throws Exception {
        fuzzRecords(MemoryTransport.pair(1472), 1);
    }

    /**
     * The same through the read-batch path of a recvmmsg socket: batches of 1 are decrypted on the transport's
     * thread, larger ones are handed to the link thread, and both interleave.
     */
    @Test
    void randomAndMutatedRecordsInReadBatchesNeverBreakTheLink() throws Exception {
        fuzzRecords(MemoryTransport.batchingPair(1472), 16);
    }

    private static void fuzzRecords(MemoryTransport[] wire, int maxBatch) throws Exception {
        try (DtlsLayerTest.Pair pair = new DtlsLayerTest.Pair(DtlsLayerTest.A,
                new PinnedFingerprint(DtlsLayerTest.B.fingerprint()), DtlsLayerTest.B,
                new PinnedFingerprint(DtlsLayerTest.A.fingerprint()), wire)) {
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
            final List<byte[]> batch = new ArrayList<>();
            int batchSize = 1;
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
                } else if (i % 3 == 1) {
                    // several records in one datagram (replayed or mutated): the count of application records
                    final byte[] first = records.get(random.nextInt(records.size()));
                    final byte[] second = records.get(random.nextInt(records.size()));
                    final byte[] both = DtlsLayerTest.concat(first, second);
                    datagram = random.nextBoolean() ? both : mutate(both, random);
                } else {
                    final byte[] base = records.get(random.nextInt(records.size()));
                    datagram = mutate(base, random);
                }
                batch.add(datagram);
                if (batch.size() < batchSize && i < DATAGRAMS - 1) {
                    continue;
                }
                pair.wire[1].injectBatch(batch);
                batch.clear();
                batchSize = 1 + random.nextInt(maxBatch);
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
            if (maxBatch > 1) {
                assertTrue(pair.b.handedOffDatagrams() > 0, "bursts went to the link thread");
            }
            assertTrue(pair.b.inlineDatagrams() > 1000, "datagrams went through bctls' receive side: "
                + pair.b.inlineDatagrams());
            assertEquals(0, pair.countersB.drops(org.opendaylight.vias.overlay.counters.DropReason.QUEUE_FULL));
        }
    }

    /**
     * Random and mutated certificates in the handshake against a server checking with the overlay CA: none links,
     * every attempt ends in a failed handshake at the server, and a live link of the same server node is not
     * disturbed.
     */
    @Test
    void randomAndMutatedCertificatesNeverLinkAndNeverDisturbALiveLink(@TempDir Path dir) throws Exception {
        final Clock clock = Clock.systemUTC();
        final OverlayCa ca = OverlayCa.init(dir.resolve("ca"), "fuzz", 30, clock);
        final CaTrust trust = new CaTrust(ca.certificateDer(), RevocationList.EMPTY, null, clock);
        final KeyPair keyA = ecKeyPair();
        final KeyPair keyB = ecKeyPair();
        final NodeIdentity a = issued(ca, keyA, DtlsLayerTest.UA, 30);
        final NodeIdentity b = issued(ca, keyB, DtlsLayerTest.UB, 30);
        final Uid victimPeer = Uid.parse("3333333333333333333333333333333333333333");
        final byte[] goodForVictimPeer = issued(ca, keyA, victimPeer, 30).certificateDer();
        final Random random = new Random(7);
        try (DtlsLayerTest.Pair live = new DtlsLayerTest.Pair(a, trust.forPeer(DtlsLayerTest.UB), b,
                trust.forPeer(DtlsLayerTest.UA))) {
            assertTrue(live.awaitUp());
            int attempts = 0;
            long rejected = 0;
            for (int i = 0; i < CERTIFICATES; i++) {
                final byte[] der = switch (i % 3) {
                    case 0 -> mutate(goodForVictimPeer, random);
                    case 1 -> randomCertificate(keyA, ca, random);
                    default -> issued(ca, keyA, Uid.of(randomBytes(random, 20)), 1 + random.nextInt(5))
                        .certificateDer();
                };
                try {
                    DtlsLayerTest.CRYPTO.createCertificate(der);
                } catch (java.io.IOException | RuntimeException e) {
                    continue; // bctls cannot even send it
                }
                attempts++;
                final MemoryTransport[] wire = MemoryTransport.pair(1472);
                final LinkCounters victimCounters = new LinkCounters();
                final DtlsLayer attacker = new DtlsLayer(wire[0], DtlsLayerTest.CRYPTO,
                    new NodeIdentity(keyA.getPrivate(), der), new PinnedFingerprint(b.fingerprint()), true,
                    new LinkCounters(), 2000, 20_000);
                final DtlsLayer victim = new DtlsLayer(wire[1], DtlsLayerTest.CRYPTO, b, trust.forPeer(victimPeer),
                    false, victimCounters, 2000, 20_000);
                final CountDownLatch up = new CountDownLatch(1);
                try {
                    victim.start((buf, off, len) -> { }, DtlsLayerTest.latch(up));
                    attacker.start((buf, off, len) -> { }, DtlsLayerTest.latch(new CountDownLatch(1)));
                    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (victimCounters.snapshot().handshakeFailures() == 0 && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    assertTrue(victimCounters.snapshot().handshakeFailures() >= 1, "attempt " + i + " failed");
                    assertEquals(1, up.getCount(), "certificate " + i + " never links");
                    rejected += victimCounters.snapshot().rejections().values().stream().mapToLong(Long::longValue)
                        .sum();
                } finally {
                    attacker.close();
                    victim.close();
                }
            }
            assertTrue(attempts > CERTIFICATES / 2, "most certificates reached the handshake: " + attempts);
            // a certificate bctls itself refuses (e.g. a mangled key) fails before our check and has no reason
            assertTrue(rejected >= attempts / 2, "refusals counted by reason: " + rejected + "/" + attempts);
            final byte[] msg = "live link untouched".getBytes();
            live.a.send(msg, 0, msg.length);
            live.a.flush();
            assertArrayEquals(msg, live.receivedB.poll(5, TimeUnit.SECONDS));
            assertEquals(1, live.countersB.snapshot().handshakes());
            assertTrue(live.countersB.snapshot().rejections().isEmpty());
        }
    }

    private static KeyPair ecKeyPair() throws Exception {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static NodeIdentity issued(OverlayCa ca, KeyPair key, Uid uid, int days) throws Exception {
        final NodeCertificate cert = ca.issue(SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()), uid,
            days, null, List.of());
        return new NodeIdentity(key.getPrivate(), cert.holder().getEncoded()).withIssuer(ca.certificateDer());
    }

    /** Self-signed by the node's key, with a random issuer (sometimes the CA's name), validity and SAN. */
    private static byte[] randomCertificate(KeyPair key, OverlayCa ca, Random random) throws Exception {
        final X500Name issuer = random.nextBoolean()
            ? new org.bouncycastle.cert.X509CertificateHolder(ca.certificateDer()).getSubject()
            : new X500Name("CN=" + HexFormat.of().formatHex(randomBytes(random, 1 + random.nextInt(30))));
        final Instant now = Instant.now();
        final Instant from = now.plusSeconds(random.nextInt(200_000_000) - 100_000_000L);
        final JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
            new BigInteger(1 + random.nextInt(150), random).add(BigInteger.ONE), Date.from(from),
            Date.from(from.plusSeconds(1 + random.nextInt(100_000_000))), issuer, key.getPublic());
        final int names = random.nextInt(4);
        if (names > 0) {
            final GeneralName[] san = new GeneralName[names];
            for (int n = 0; n < names; n++) {
                san[n] = new GeneralName(GeneralName.uniformResourceIdentifier, switch (random.nextInt(3)) {
                    case 0 -> NodeCertificate.UID_URI + HexFormat.of().formatHex(randomBytes(random, 20));
                    case 1 -> NodeCertificate.UID_URI
                        + HexFormat.of().formatHex(randomBytes(random, random.nextInt(30)));
                    default -> "urn:" + HexFormat.of().formatHex(randomBytes(random, random.nextInt(20)));
                });
            }
            builder.addExtension(Extension.subjectAlternativeName, random.nextBoolean(), new GeneralNames(san));
        }
        return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded();
    }

    private static byte[] randomBytes(Random random, int n) {
        final byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
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
