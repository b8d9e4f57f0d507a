/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.vias.impl.overlay.OverlayFiles;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.dtls.NodeIdentity;
import org.opendaylight.vias.overlay.pki.NodeCertificate;
import org.opendaylight.vias.overlay.pki.OverlayCa;
import org.opendaylight.vias.overlay.pki.RevocationList;

/**
 * {@code vias:cert} against real files: the controller's request, a certificate the operator's CA issues from it, the
 * checks before it is installed (its UID, its key, trust/ca's verdict), and what {@code show} says.
 */
class CertCommandTest {
    static final Uid SELF = Uid.parse("00000000000000000000000000000000000000aa");
    static final Uid OTHER = Uid.parse("00000000000000000000000000000000000000bb");
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path home;
    private Path identity;
    private OverlayCa ca;
    private OverlayFiles withCa;
    private OverlayFiles withoutCa;

    @BeforeEach
    void setUp() throws IOException {
        identity = home.resolve("etc/vias/identity");
        ca = OverlayCa.init(home.resolve("operator-ca"), "lab", 365, CLOCK);
        final Path caFile = home.resolve("operator-ca/ca.crt");
        withCa = new OverlayFiles(identity, SELF.toString(), caFile, home.resolve("etc/vias/revoked.list"));
        withoutCa = new OverlayFiles(identity, SELF.toString(), null, null);
    }

    private String cert(final OverlayFiles files, final String verb, final String file, final Clock clock) {
        return CertCommand.run(verb, file, files, home, clock);
    }

    /** What the operator's CA issues for the controller's request, written where the operator copies it. */
    private NodeCertificate issue(final OverlayCa by, final Uid uid, final int days, final String file)
            throws IOException {
        final String csr = Files.readString(identity.resolve(OverlayCa.CSR_FILE), StandardCharsets.US_ASCII);
        final PKCS10CertificationRequest request;
        try (PEMParser parser = new PEMParser(new StringReader(csr))) {
            request = (PKCS10CertificationRequest) parser.readObject();
        }
        // the request's key signed for whatever UID the test names (the CA's own check of the request's name is
        // OverlayCa's, tested there): a wrong UID has to be refused by the controller itself
        final NodeCertificate issued = by.issue(request.getSubjectPublicKeyInfo(), uid, days,
            InetAddress.getByName("10.254.0.1"), List.of("lab"));
        NodeIdentity.writeCertificate(home.resolve(file), issued.holder().getEncoded());
        return issued;
    }

    @Test
    void requestMakesTheKeyHereAndPrintsARequestForThisUid() throws IOException {
        final String out = cert(withCa, "request", null, CLOCK);
        assertTrue(out.contains("uid " + SELF) && out.contains("BEGIN CERTIFICATE REQUEST"), out);
        final byte[] key = Files.readAllBytes(identity.resolve("node.key"));
        assertFalse(out.contains("PRIVATE KEY"), "the key is never printed");
        cert(withCa, "request", null, CLOCK);
        assertArrayEquals(key, Files.readAllBytes(identity.resolve("node.key")), "a second request keeps the key");
    }

    @Test
    void requestWithoutAConfiguredUidUsesAndKeepsTheGeneratedOne() throws IOException {
        final OverlayFiles files = new OverlayFiles(identity, null, null, null);
        final String out = cert(files, "request", null, CLOCK);
        final Uid generated = files.existingUid().orElseThrow();
        assertTrue(out.contains("uid " + generated), out);
        assertEquals(generated, files.uid(), "the overlay node uses the same UID file");
    }

    @Test
    void installedCertificateIsShownAndAcceptedByTrustCa() throws IOException {
        cert(withCa, "request", null, CLOCK);
        final NodeCertificate issued = issue(ca, SELF, 30, "node-issued.crt");
        final String installed = cert(withCa, "install", "node-issued.crt", CLOCK);
        assertTrue(installed.startsWith("Installed ") && installed.contains(issued.serialHex()), installed);
        assertTrue(installed.contains("next start"), installed);

        final String show = cert(withCa, "show", null, CLOCK);
        assertTrue(show.contains(SELF.toString()) && show.contains("10.254.0.1") && show.contains("lab"), show);
        assertTrue(show.contains(issued.fingerprint().toString()) && show.contains("30 days left"), show);
        assertTrue(show.contains("accepted by"), show);

        final String later = cert(withCa, "show", null, Clock.offset(CLOCK, Duration.ofDays(31)));
        assertTrue(later.contains("EXPIRED") && later.contains("REFUSED") && later.contains("EXPIRED ("), later);
    }

    @Test
    void certificatesTrustCaWouldRefuseAreNotInstalled() throws IOException {
        cert(withCa, "request", null, CLOCK);
        issue(ca, OTHER, 30, "for-other.crt");
        final OverlayCa foreign = OverlayCa.init(home.resolve("foreign-ca"), "elsewhere", 365, CLOCK);
        issue(foreign, SELF, 30, "foreign.crt");
        final NodeCertificate good = issue(ca, SELF, 30, "revoked.crt");
        RevocationList.EMPTY.withSerial(good.serial()).save(withCa.revocations());

        assertRefused(cert(withCa, "install", "for-other.crt", CLOCK), "UID_MISMATCH");
        assertRefused(cert(withCa, "install", "foreign.crt", CLOCK), "NOT_SIGNED_BY_CA");
        assertRefused(cert(withCa, "install", "revoked.crt", CLOCK), "REVOKED");
        assertFalse(Files.exists(identity.resolve("node.crt")), "nothing installed");
    }

    @Test
    void withoutTrustCaStillOnlyItsOwnUidAndKeyAreInstalled() throws IOException {
        cert(withoutCa, "request", null, CLOCK);
        issue(ca, OTHER, 30, "for-other.crt");
        final String other = cert(withoutCa, "install", "for-other.crt", CLOCK);
        assertTrue(other.startsWith("Error: ") && other.contains("binds uid " + OTHER), other);

        // a request made again elsewhere (another key) and signed: not for this controller's key
        final Path elsewhere = home.resolve("elsewhere");
        OverlayCa.writeCsr(elsewhere, SELF);
        final NodeCertificate notOurs = ca.issue(Files.readString(elsewhere.resolve(OverlayCa.CSR_FILE)), SELF, 30,
            null, List.of());
        NodeIdentity.writeCertificate(home.resolve("not-ours.crt"), notOurs.holder().getEncoded());
        final String wrongKey = cert(withoutCa, "install", "not-ours.crt", CLOCK);
        assertTrue(wrongKey.startsWith("Error: ") && wrongKey.contains("another key"), wrongKey);

        issue(ca, SELF, 30, "ours.crt");
        final String ok = cert(withoutCa, "install", "ours.crt", CLOCK);
        assertTrue(ok.startsWith("Installed ") && ok.contains("trust/ca is not set"), ok);
        assertTrue(cert(withoutCa, "show", null, CLOCK).contains("not set"));
    }

    @Test
    void badUseIsAnErrorWithTheUsage() {
        assertTrue(cert(withCa, "show", null, CLOCK).startsWith("No certificate: "));
        assertTrue(cert(withCa, "install", null, CLOCK).contains(CertCommand.USAGE));
        assertTrue(cert(withCa, "renew", null, CLOCK).contains("unknown action 'renew'"));
        assertTrue(cert(withCa, "install", "no-such.crt", CLOCK).startsWith("Error: "));
        assertTrue(cert(withCa, "request", "extra", CLOCK).contains(CertCommand.USAGE));
    }

    private static void assertRefused(final String out, final String reason) {
        assertTrue(out.startsWith("Error: not installed") && out.contains(reason), out);
    }
}
