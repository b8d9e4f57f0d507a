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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.CertificateRejection;
import org.opendaylight.vias.overlay.dtls.CertificateRejectedException;
import org.opendaylight.vias.overlay.dtls.NodeIdentity;

/** The CA directory, the CSR flow, the tool's commands and the trust checks, without any network. */
class OverlayCaTest {
    static final Uid UA = Uid.parse("1111111111111111111111111111111111111111");
    static final Uid UB = Uid.parse("2222222222222222222222222222222222222222");

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int tool(String... args) {
        out.reset();
        err.reset();
        return OverlayCaMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), clock);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void toolIssuesThroughACsrAndTheNodeLoadsItsIdentityUnderTheCa() throws Exception {
        final Path ca = dir.resolve("ca");
        final Path node = dir.resolve("node");
        assertEquals(0, tool("init", ca.toString(), "--name", "lab", "--days", "365"), err.toString());
        assertEquals(2, tool("init", ca.toString(), "extra"), "usage error");
        assertEquals(1, tool("init", ca.toString()), "a second CA in the same directory is refused");

        assertEquals(0, tool("csr", node.toString(), UA.toString()), err.toString());
        final byte[] key = Files.readAllBytes(node.resolve("node.key"));
        assertEquals(0, tool("csr", node.toString(), UA.toString()), "a second CSR keeps the key");
        assertArrayEquals(key, Files.readAllBytes(node.resolve("node.key")));

        assertEquals(1, tool("issue", ca.toString(), UB.toString(), "--csr", node.resolve("node.csr").toString(),
            "--days", "30"), "a CSR naming A is not signed for B");
        assertTrue(err.toString().contains("not uid " + UB), err.toString());
        assertEquals(2, tool("issue", ca.toString(), UA.toString(), "--csr", node.resolve("node.csr").toString()),
            "--days is required");
        assertEquals(0, tool("issue", ca.toString(), UA.toString(), "--csr", node.resolve("node.csr").toString(),
            "--days", "30", "--address", "10.254.0.1", "--groups", "lab,core",
            "--out", node.resolve("node.crt").toString()), err.toString());

        final CaTrust trust = CaTrust.load(ca.resolve("ca.crt"), ca.resolve("revoked.list"), clock);
        final NodeIdentity identity = trust.loadIdentity(node, UA);
        assertEquals(2, identity.chainDer().size(), "leaf + CA certificate");
        final NodeCertificate cert = NodeCertificate.parse(identity.certificateDer());
        assertEquals(UA, cert.uid());
        assertEquals("10.254.0.1", cert.address().getHostAddress());
        assertEquals(List.of("lab", "core"), cert.groups());
        assertEquals(clock.instant().plus(Duration.ofDays(30)), cert.notAfter());
        assertThrows(java.io.IOException.class, () -> trust.loadIdentity(node, UB), "own uid checked at start");

        assertEquals(0, tool("list", ca.toString()));
        assertTrue(out().contains("serial " + cert.serialHex() + " uid " + UA), out());
        assertFalse(out().contains("REVOKED"));

        assertEquals(0, tool("revoke", ca.toString(), cert.serialHex()), err.toString());
        assertEquals(0, tool("list", ca.toString()));
        assertTrue(out().contains("REVOKED"), out());
        // the node re-reads the file the tool wrote; revocation by serial also lists the fingerprint
        assertTrue(trust.refresh());
        assertTrue(trust.revocations().fingerprints().contains(cert.fingerprint()));
        assertEquals(CertificateRejection.REVOKED, reason(trust, identity.certificateDer(), UA));
        assertThrows(java.io.IOException.class, () -> trust.loadIdentity(node, UA), "a revoked node says so");
        assertFalse(trust.refresh(), "unchanged file: nothing to do");
    }

    @Test
    void aNodeInstallsOnlyACertificateForItsUidAndItsKey() throws Exception {
        final Path ca = dir.resolve("ca");
        final Path node = dir.resolve("node");
        final Path other = dir.resolve("other");
        assertEquals(0, tool("init", ca.toString()), err.toString());
        OverlayCa.writeCsr(node, UA);
        OverlayCa.writeCsr(other, UA);
        final Path forNode = dir.resolve("for-node.crt");
        final Path forOther = dir.resolve("for-other.crt");
        assertEquals(0, tool("issue", ca.toString(), UA.toString(), "--csr", node.resolve("node.csr").toString(),
            "--days", "30", "--out", forNode.toString()), err.toString());
        assertEquals(0, tool("issue", ca.toString(), UA.toString(), "--csr", other.resolve("node.csr").toString(),
            "--days", "30", "--out", forOther.toString()), err.toString());

        final IllegalArgumentException wrongUid = assertThrows(IllegalArgumentException.class,
            () -> OverlayCa.installCertificate(node, forNode, UB));
        assertTrue(wrongUid.getMessage().contains("binds uid " + UA), wrongUid.getMessage());
        final IllegalArgumentException wrongKey = assertThrows(IllegalArgumentException.class,
            () -> OverlayCa.installCertificate(node, forOther, UA));
        assertTrue(wrongKey.getMessage().contains("another key"), wrongKey.getMessage());
        assertFalse(Files.exists(node.resolve("node.crt")), "nothing written for a refused certificate");
        assertThrows(IllegalArgumentException.class,
            () -> OverlayCa.installCertificate(dir.resolve("no-key"), forNode, UA), "no node.key: no request made");

        final NodeCertificate installed = OverlayCa.installCertificate(node, forNode, UA);
        assertEquals(UA, installed.uid());
        assertNull(reason(CaTrust.load(ca.resolve("ca.crt"), null, clock),
            NodeIdentity.load(node).certificateDer(), UA));
    }

    @Test
    void anEntryIsAFingerprintOrASerial() {
        final String fingerprint = "AB:".repeat(31) + "AB";
        final RevocationList list = RevocationList.EMPTY.withEntry("5f:3a").withEntry(fingerprint);
        assertEquals(java.util.Set.of(new java.math.BigInteger("5f3a", 16)), list.serials());
        assertEquals(1, list.fingerprints().size());
        assertThrows(IllegalArgumentException.class, () -> RevocationList.EMPTY.withEntry("not-hex"));
        assertThrows(IllegalArgumentException.class, () -> RevocationList.EMPTY.withEntry(""));
    }

    @Test
    void revocationFileThatDoesNotParseKeepsThePreviousList() throws Exception {
        final TestCa ca = new TestCa(dir.resolve("ca"), clock);
        final TestCa.Issued b = ca.issue(UB, 30);
        final Path file = dir.resolve("revoked.list");
        RevocationList.EMPTY.withSerial(b.cert().serial()).save(file);
        final CaTrust trust = CaTrust.load(dir.resolve("ca/ca.crt"), file, clock);
        assertEquals(CertificateRejection.REVOKED, reason(trust, b.identity().certificateDer(), UB));
        Files.writeString(file, "serial zz-not-hex\n");
        assertFalse(trust.refresh());
        assertEquals(CertificateRejection.REVOKED, reason(trust, b.identity().certificateDer(), UB));
        Files.writeString(file, "# emptied\n");
        assertTrue(trust.refresh());
        assertNull(reason(trust, b.identity().certificateDer(), UB));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> RevocationList.parse("serial 01\nbogus 02\n"));
        assertTrue(e.getMessage().startsWith("line 2:"), e.getMessage());
    }

    @Test
    void everyBadCertificateHasItsOwnReason() throws Exception {
        final TestCa ca = new TestCa(dir.resolve("ca"), clock);
        final TestCa other = new TestCa(dir.resolve("other"), clock);
        final byte[] good = ca.issue(UB, 1).identity().certificateDer();
        assertNull(reason(ca.trust, good, UB));
        assertEquals(CertificateRejection.MALFORMED, reason(ca.trust, new byte[] {0x30, 0x03, 1, 2, 3}, UB));
        assertEquals(CertificateRejection.NOT_SIGNED_BY_CA,
            reason(ca.trust, other.issue(UB, 1).identity().certificateDer(), UB));
        assertEquals(CertificateRejection.NOT_SIGNED_BY_CA,
            reason(ca.trust, NodeIdentity.generate(UB).certificateDer(), UB));
        final byte[] forged = good.clone();
        forged[forged.length - 3] ^= 0x01; // inside the signature
        assertEquals(CertificateRejection.NOT_SIGNED_BY_CA, reason(ca.trust, forged, UB));
        assertEquals(CertificateRejection.UID_MISMATCH, reason(ca.trust, good, UA));
        assertEquals(CertificateRejection.UID_MISMATCH, reason(ca.trust, ca.ca.certificateDer(), UB),
            "the CA certificate binds no UID");
        clock.advance(Duration.ofDays(2));
        assertEquals(CertificateRejection.EXPIRED, reason(ca.trust, good, UB));
        clock.advance(Duration.ofDays(-3));
        assertEquals(CertificateRejection.NOT_YET_VALID, reason(ca.trust, good, UB));
        clock.advance(Duration.ofDays(1));
        ca.trust.setRevocations(RevocationList.parse("sha256 " + NodeCertificate.parse(good).fingerprint()));
        assertEquals(CertificateRejection.REVOKED, reason(ca.trust, good, UB));
    }

    static CertificateRejection reason(CaTrust trust, byte[] der, Uid uid) {
        try {
            trust.check(der, uid);
            return null;
        } catch (CertificateRejectedException e) {
            return e.reason();
        }
    }
}
