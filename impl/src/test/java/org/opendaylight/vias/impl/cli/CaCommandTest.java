/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.vias.impl.overlay.OverlayFiles;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.CertificateRejection;
import org.opendaylight.vias.overlay.dtls.CertificateRejectedException;
import org.opendaylight.vias.overlay.pki.CaTrust;
import org.opendaylight.vias.overlay.pki.NodeCertificate;
import org.opendaylight.vias.overlay.pki.OverlayCa;

/**
 * {@code vias:ca}: entries added to the file {@code trust/revocations} names are what the overlay node's
 * {@link CaTrust} then refuses; bad entries and an unparsable file change nothing.
 */
class CaCommandTest {
    static final Uid PEER = Uid.parse("00000000000000000000000000000000000000bb");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path home;

    @Test
    void revokedBySerialOrFingerprintTheNodeRefusesThePeer() throws IOException {
        final OverlayCa ca = OverlayCa.init(home.resolve("ca"), "lab", 365, CLOCK);
        final Path peerDir = home.resolve("peer");
        final NodeCertificate bySerial = ca.issue(OverlayCa.writeCsr(peerDir, PEER), PEER, 30, null, List.of());
        final NodeCertificate byFingerprint = ca.issue(OverlayCa.writeCsr(peerDir, PEER), PEER, 30, null, List.of());
        final Path list = home.resolve("etc/vias/revoked.list");
        final OverlayFiles files = new OverlayFiles(home.resolve("identity"), null, home.resolve("ca/ca.crt"), list);
        final CaTrust node = CaTrust.load(files.trustCa(), list, CLOCK);

        assertTrue(CaCommand.run(null, null, files).contains("no file yet: empty"));
        final String revoked = CaCommand.run("revoke", bySerial.serialHex(), files);
        assertTrue(revoked.startsWith("Revoked serial ") && revoked.contains("within a second"), revoked);
        assertTrue(CaCommand.run("revoke", bySerial.serialHex(), files).startsWith("Already revoked"));
        assertTrue(CaCommand.run("revoke", byFingerprint.fingerprint().toString(), files)
            .startsWith("Revoked fingerprint "));

        assertTrue(node.refresh(), "the node re-reads the file the command wrote");
        assertEquals(CertificateRejection.REVOKED, reason(node, bySerial));
        assertEquals(CertificateRejection.REVOKED, reason(node, byFingerprint));
        final String listed = CaCommand.run("revocations", null, files);
        assertTrue(listed.contains("serial " + bySerial.serialHex())
            && listed.contains("sha256 " + byFingerprint.fingerprint()) && listed.contains("1 serial(s), 1 finger"),
            listed);
    }

    @Test
    void badEntriesAndAnUnparsableFileChangeNothing() throws IOException {
        final Path list = home.resolve("revoked.list");
        final OverlayFiles files = new OverlayFiles(home.resolve("identity"), null, home.resolve("ca.crt"), list);
        assertTrue(CaCommand.run("revoke", "zz", files).startsWith("Error: serial must be"));
        assertTrue(CaCommand.run("revoke", null, files).contains(CaCommand.USAGE));
        assertTrue(CaCommand.run("delete", "01", files).contains("unknown action"));
        Files.writeString(list, "serial 01\nbogus\n", StandardCharsets.UTF_8);
        final String refused = CaCommand.run("revoke", "02", files);
        assertTrue(refused.startsWith("Error: ") && refused.contains("line 2"), refused);
        assertEquals("serial 01\nbogus\n", Files.readString(list), "a list that does not parse is not rewritten");

        final OverlayFiles unset = new OverlayFiles(home.resolve("identity"), null, null, null);
        assertTrue(CaCommand.run("revoke", "01", unset).contains("trust/revocations is not set"));
    }

    private static CertificateRejection reason(final CaTrust trust, final NodeCertificate cert) throws IOException {
        try {
            trust.check(cert.holder().getEncoded(), PEER);
            return null;
        } catch (CertificateRejectedException e) {
            return e.reason();
        }
    }
}
