/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.impl.config.ConfigValidator;
import org.opendaylight.vias.impl.security.SecretSeal;
import org.opendaylight.vias.impl.security.TestSeals;

/** The commit checks on the overlay's config containers: every problem names its field. */
class OverlayConfigValidationTest {
    private static final SecretSeal SEAL = TestSeals.aaa();
    private static final String SEALED = TestSeals.sealed("pw");

    @Test
    void aCompleteXmppConfigAndNothingAtAllAreFine() {
        assertEquals(List.of(), ConfigValidator.overlayProblems(Map.of(), SEAL));
        assertEquals(List.of(), ConfigValidator.overlayProblems(Map.of("xmpp/host", "203.0.113.1",
            "xmpp/domain", "vias.test", "xmpp/user", "site1", "xmpp/password", SEALED, "xmpp/room", "lab-1",
            "identity/location", "site-1", "identity/mtu", "1379", "turn/host", "203.0.113.1", "turn/user", "u",
            "turn/password", SEALED), SEAL));
    }

    @Test
    void xmppHostWithoutCredentialsNamesEachMissingField() {
        assertEquals(List.of(
            "xmpp/domain: required when xmpp/host is set (the overlay node logs in with it)",
            "xmpp/password: required when xmpp/host is set (the overlay node logs in with it)"),
            ConfigValidator.overlayProblems(Map.of("xmpp/host", "203.0.113.1", "xmpp/user", "site1"), SEAL));
        assertEquals(List.of(), ConfigValidator.overlayProblems(Map.of("xmpp/host", "203.0.113.1",
            "xmpp/enabled", "false"), SEAL), "a disabled overlay may be configured partly");
    }

    @Test
    void badValuesNameTheirFields() {
        assertEquals(List.of(
            "xmpp/user: 'site1@vias.test' must be the JID local part only (no '@' or '/')",
            "xmpp/domain: 'vias test' is not a domain name",
            "xmpp/room: 'Lab Room' must be 1..64 of a-z, 0-9, '.', '_', '-'",
            "identity/location: 'site 1' must be 1..64 of letters, digits, '.', '_', ':', '-'",
            "identity/mtu: 1400 is above 1379, the largest frame the overlay carries in a 1500-byte underlay packet",
            "turn/password: required when turn/host is set (TURN uses long-term credentials)"),
            ConfigValidator.overlayProblems(Map.of("xmpp/user", "site1@vias.test", "xmpp/domain", "vias test",
                "xmpp/room", "Lab Room", "identity/location", "site 1", "identity/mtu", "1400",
                "turn/host", "203.0.113.1", "turn/user", "u"), SEAL));
    }

    @Test
    void plainOrForeignPasswordsAreRefusedSoNoReadShowsThem() {
        assertEquals(List.of(
            "xmpp/password: a plain password would be readable by every RESTCONF user; store the value the "
                + "seal-secret RPC returns for it",
            "turn/password: this sealed value was not sealed by this controller's AAA key (seal the password again "
                + "with the seal-secret RPC on this controller)"),
            ConfigValidator.overlayProblems(Map.of("xmpp/host", "203.0.113.1", "xmpp/domain", "vias.test",
                "xmpp/user", "site1", "xmpp/password", "vias-pass", "turn/host", "203.0.113.1", "turn/user", "u",
                "turn/password", TestSeals.controller().seal("p")), SEAL));
    }

    @Test
    void trustFilesMustBeNamedAndRevocationsNeedTheCa() {
        assertEquals(List.of(), ConfigValidator.overlayProblems(Map.of("trust/xmpp-ca", "etc/vias/xmpp-ca.crt",
            "trust/ca", "/etc/vias/ca.crt", "trust/revocations", "/etc/vias/revoked.list"), SEAL));
        assertEquals(List.of(
            "trust/xmpp-ca: must name a file (leave it unset for none)",
            "trust/revocations: needs trust/ca (revocations are of the overlay CA's certificates)"),
            ConfigValidator.overlayProblems(Map.of("trust/xmpp-ca", " ", "trust/revocations", "revoked.list"), SEAL));
    }
}
