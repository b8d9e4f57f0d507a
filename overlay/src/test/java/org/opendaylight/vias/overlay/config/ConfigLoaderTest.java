/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.tap.TapOffloads;

class ConfigLoaderTest {
    private static final String VALID = """
        uid=1111111111111111111111111111111111111111
        listen=10.250.0.1:5800
        identity.dir=id
        tap.address=10.251.0.1/24
        tap.mac=02:00:00:00:00:01
        peer.b.uid=2222222222222222222222222222222222222222
        peer.b.address=10.250.0.2:5800
        peer.b.fingerprint=%s
        """.formatted("ab".repeat(32));

    private static OverlayConfig parse(String text) throws Exception {
        final Properties props = new Properties();
        props.load(new StringReader(text));
        return ConfigLoader.parse(props, Path.of("/etc/ov"));
    }

    private static String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> parse(text)).getMessage();
    }

    @Test
    void loadsAValidConfigWithDefaults() throws Exception {
        final OverlayConfig config = parse(VALID);
        assertEquals(OverlayConfig.Mode.SWITCH, config.mode());
        assertEquals(OverlayConfig.Security.DTLS, config.security());
        assertEquals(Path.of("/etc/ov/id"), config.identityDir());
        assertEquals(1, config.peers().size());
        assertEquals("b", config.peers().get(0).name());
        // 1500 - 20 IP - 8 UDP - 37 DTLS - 42 IPOP - 14 Ethernet
        assertEquals(1379, config.effectiveTapMtu());
    }

    @Test
    void overlayCaReplacesPinnedFingerprints() throws Exception {
        final String withoutFingerprint = VALID.replaceAll("peer.b.fingerprint=.*\n", "");
        final OverlayConfig config = parse(withoutFingerprint + "trust.ca=ca.crt\ntrust.revocations=revoked.list\n");
        assertEquals(Path.of("/etc/ov/ca.crt"), config.trustCa());
        assertEquals(Path.of("/etc/ov/revoked.list"), config.trustRevocations());
        assertTrue(error(withoutFingerprint).startsWith("peer.b.fingerprint: required"));
        assertTrue(error(VALID + "trust.ca=ca.crt\n").startsWith("peer.b.fingerprint: not used with trust.ca"));
        assertTrue(error(withoutFingerprint + "trust.revocations=r\n").startsWith("trust.revocations: needs"));
    }

    @Test
    void plainModeOnlyWhenExplicitAndGivesMoreMtu() throws Exception {
        final OverlayConfig config = parse(VALID + "security=none\n");
        assertEquals(1416, config.effectiveTapMtu());
    }

    @Test
    void tapOffloadsAreOnByDefaultAndCanBeChosen() throws Exception {
        assertEquals(new TapOffloads(true, true), parse(VALID).tapOffloads());
        assertEquals(TapOffloads.NONE, parse(VALID + "tap.offloads=none\n").tapOffloads());
        assertEquals(new TapOffloads(false, true), parse(VALID + "tap.offloads=gro\n").tapOffloads());
        assertTrue(error(VALID + "tap.offloads=tso,lro\n").startsWith("tap.offloads: "));
    }

    @Test
    void errorsNameTheField() {
        assertEquals("uid: must be 40 hex chars", error(VALID.replace("uid=1111", "uid=11")));
        assertTrue(error(VALID.replace("listen=10.250.0.1:5800", "listen=nohost")).startsWith("listen:"));
        assertTrue(error(VALID + "tap.mtu=1400\n").startsWith("tap.mtu: must be 68..1379"));
        assertTrue(error(VALID + "tap.mac=01:00:00:00:00:01\n").startsWith("tap.mac:"));
        assertTrue(error(VALID + "mode=bridge\n").startsWith("mode:"));
        assertTrue(error(VALID.replace("peer.b.fingerprint=", "peer.b.fingerprint=0")).startsWith(
            "peer.b.fingerprint:"));
        assertTrue(error(VALID.replace("peer.b.fingerprint=" + "ab".repeat(32), ""))
            .startsWith("peer.b.fingerprint: required"));
        assertTrue(error(VALID.replace("peer.b.uid=2222222222222222222222222222222222222222",
            "peer.b.uid=1111111111111111111111111111111111111111")).startsWith("peer.b.uid: is our own uid"));
        assertTrue(error(VALID + "peer.b.routes=10.0.0.0/8\n").startsWith("peer.b.routes: only in router mode"));
        assertTrue(error(VALID + "tap.address=10.0.0.1\n").startsWith("tap.address:"));
    }

    @Test
    void routerModeRoutes() throws Exception {
        final OverlayConfig config = parse(VALID + "mode=router\npeer.b.routes=10.251.0.2/32, 10.9.0.0/16\n");
        assertEquals(2, config.peers().get(0).routes().size());
    }
}
