/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.dtls;

import java.util.List;
import java.util.Optional;
import org.opendaylight.vias.overlay.counters.CertificateRejection;

/**
 * CA-less trust: the peer's leaf certificate must hash to one fingerprint, configured ({@code peer.NAME.fingerprint})
 * or announced over XMPP. Nothing to re-check once the session is up.
 */
public record PinnedFingerprint(Fingerprint expected) implements PeerAuthenticator {
    public PinnedFingerprint {
        if (expected == null) {
            throw new IllegalArgumentException("no fingerprint to pin");
        }
    }

    @Override
    public void authenticate(List<byte[]> chainDer) throws CertificateRejectedException {
        if (chainDer.isEmpty()) {
            throw new CertificateRejectedException(CertificateRejection.NO_CERTIFICATE, "peer sent no certificate");
        }
        if (!expected.matches(chainDer.get(0))) {
            throw new CertificateRejectedException(CertificateRejection.FINGERPRINT_MISMATCH, "peer certificate "
                + Fingerprint.of(chainDer.get(0)) + " does not match the pinned " + expected);
        }
    }

    @Override
    public Optional<CertificateRejection> recheck(byte[] leafDer) {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "pinned fingerprint " + expected;
    }
}
