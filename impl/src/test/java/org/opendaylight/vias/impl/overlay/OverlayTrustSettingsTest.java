/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendaylight.vias.impl.security.SecretSeal;
import org.opendaylight.vias.impl.security.TestSeals;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.CertificateRejection;
import org.opendaylight.vias.overlay.dtls.CertificateRejectedException;
import org.opendaylight.vias.overlay.ice.IceNodeConfig;
import org.opendaylight.vias.overlay.pki.CaTrust;
import org.opendaylight.vias.overlay.pki.NodeCertificate;
import org.opendaylight.vias.overlay.pki.OverlayCa;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Host;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.IpAddress;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Ipv4Address;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.ConfigBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.TrustBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.XmppBuilder;

/**
 * The controller's {@code trust} container reaches its embedded overlay node: the XMPP CA becomes the signaling's
 * TLS trust, the overlay CA and revocation list become the node's {@code trustCa}/{@code trustRevocations}, and the
 * node built from that config authenticates peers with the overlay CA exactly as a standalone node does
 * ({@link CaTrust#load} of those files, {@link CaTrust#forPeer}): another CA's certificate, a certificate for
 * another UID and a revoked one are refused.
 */
class OverlayTrustSettingsTest {
    private static final SecretSeal SEAL = TestSeals.aaa();
    private static final Uid SELF = Uid.parse("00000000000000000000000000000000000000aa");
    private static final Uid PEER = Uid.parse("00000000000000000000000000000000000000bb");

    @TempDir
    Path home;

    private static ConfigBuilder config(final TrustBuilder trust) {
        return new ConfigBuilder().setXmpp(new XmppBuilder().setHost(new Host(new IpAddress(
            new Ipv4Address("203.0.113.1")))).setDomain("vias.test").setUser("site1")
            .setPassword(TestSeals.sealed("pw")).build())
            .setTrust(trust == null ? null : trust.build());
    }

    @Test
    void withoutTrustTheSystemStoreAndAnnouncedFingerprintsAreUsed() {
        final IceNodeConfig node = OverlaySettings.of(config(null).build(), SEAL).orElseThrow()
            .toNodeConfig(SELF, home);
        assertNull(node.signaling().tlsCa(), "XMPP TLS checked against the system trust store");
        assertNull(node.trustCa());
        assertNull(node.trustRevocations());
    }

    @Test
    void trustFilesAreResolvedAgainstTheKarafHomeAndChangeRestartsTheNode() {
        final Config config = config(new TrustBuilder().setXmppCa("etc/vias/xmpp-ca.crt").setCa("/etc/vias/ca.crt")
            .setRevocations("etc/vias/revoked.list")).build();
        final OverlaySettings settings = OverlaySettings.of(config, SEAL).orElseThrow();
        final IceNodeConfig node = settings.toNodeConfig(SELF, home);
        assertEquals(home.resolve("etc/vias/xmpp-ca.crt"), node.signaling().tlsCa());
        assertEquals(Path.of("/etc/vias/ca.crt"), node.trustCa());
        assertEquals(home.resolve("etc/vias/revoked.list"), node.trustRevocations());
        assertNotEquals(OverlaySettings.of(config(null).build(), SEAL), OverlaySettings.of(config, SEAL),
            "a trust change is an overlay settings change: the node restarts with it");
        assertTrue(settings.toString().contains("overlay-ca=/etc/vias/ca.crt"), settings.toString());
    }

    @Test
    void revocationsWithoutACaAreRefusedNamingTheField() {
        final OverlaySettings settings = OverlaySettings.of(config(new TrustBuilder()
            .setRevocations("revoked.list")).build(), SEAL).orElseThrow();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> settings.toNodeConfig(SELF, home));
        assertTrue(e.getMessage().contains("trust/revocations needs trust/ca"), e.getMessage());
    }

    @Test
    void theEmbeddedNodesTrustRefusesPeersNotFromTheConfiguredCa() throws Exception {
        final Clock clock = Clock.systemUTC();
        final OverlayCa ca = OverlayCa.init(home.resolve("ca"), "lab", 3650, clock);
        final OverlayCa otherCa = OverlayCa.init(home.resolve("other-ca"), "elsewhere", 3650, clock);
        final NodeCertificate good = issue(ca, PEER, home.resolve("peer"));
        final NodeCertificate foreign = issue(otherCa, PEER, home.resolve("impostor"));
        final NodeCertificate someoneElse = issue(ca, SELF, home.resolve("self"));

        final IceNodeConfig node = OverlaySettings.of(config(new TrustBuilder().setCa("ca/" + OverlayCa.CERT_FILE)
            .setRevocations("ca/" + OverlayCa.REVOKED_FILE)).build(), SEAL).orElseThrow().toNodeConfig(SELF, home);
        // what IceOverlayNode.start does with these two fields
        final CaTrust trust = CaTrust.load(node.trustCa(), node.trustRevocations(), clock);

        trust.forPeer(PEER).authenticate(List.of(der(good)));
        assertEquals(CertificateRejection.NOT_SIGNED_BY_CA, rejection(trust, PEER, foreign));
        assertEquals(CertificateRejection.UID_MISMATCH, rejection(trust, PEER, someoneElse));

        ca.revoke(good.serial().toString(16));
        assertTrue(trust.refresh(), "the revocation file the config names is re-read");
        assertEquals(CertificateRejection.REVOKED, rejection(trust, PEER, good));
    }

    /** CSR-style, as scripts/overlay-ca does it: the node's key stays in its directory. */
    private static NodeCertificate issue(final OverlayCa ca, final Uid uid, final Path nodeDir) throws IOException {
        Files.createDirectories(nodeDir);
        return ca.issue(OverlayCa.writeCsr(nodeDir, uid), uid, 30, InetAddress.getByName("10.254.0.2"), List.of());
    }

    private static byte[] der(final NodeCertificate cert) throws IOException {
        return cert.holder().getEncoded();
    }

    private static CertificateRejection rejection(final CaTrust trust, final Uid peer, final NodeCertificate cert)
            throws IOException {
        final CertificateRejectedException e = assertThrows(CertificateRejectedException.class,
            () -> trust.forPeer(peer).authenticate(List.of(der(cert))));
        return e.reason();
    }
}
