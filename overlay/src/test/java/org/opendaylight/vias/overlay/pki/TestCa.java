/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.dtls.NodeIdentity;

/** An overlay CA in a temporary directory, a trust in it on the same clock, and nodes it issues through CSRs. */
final class TestCa {
    final MutableClock clock;
    final OverlayCa ca;
    final CaTrust trust;

    TestCa(Path dir, MutableClock clock) throws IOException {
        this.clock = clock;
        this.ca = OverlayCa.init(dir, "test", 3650, clock);
        this.trust = new CaTrust(ca.certificateDer(), RevocationList.EMPTY, null, clock);
    }

    /** A node key made "on the node", a CSR for {@code csrUid}, a certificate for {@code uid}. */
    Issued issue(Uid uid, int days) throws IOException {
        final KeyPair pair = OverlayCa.newKeyPair();
        final NodeCertificate cert = ca.issue(OverlayCa.csrPem(pair.getPrivate(), pair.getPublic(), uid), uid, days,
            InetAddress.getByName("10.254.0.7"), List.of("lab", "core"));
        return new Issued(new NodeIdentity(pair.getPrivate(), cert.holder().getEncoded())
            .withIssuer(ca.certificateDer()), cert);
    }

    record Issued(NodeIdentity identity, NodeCertificate cert) {
    }
}
