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
 * Decides whether the certificate chain a peer presents in the DTLS handshake is the peer this link is for. The
 * handshake's signatures prove the peer holds the leaf's private key, so accepting the leaf authenticates the peer.
 *
 * <p>Two ways, chosen by configuration: {@link PinnedFingerprint} (CA-less: the leaf must hash to a fingerprint
 * configured or announced out of band) and the overlay CA ({@code pki.CaTrust#forPeer}: the leaf must be issued by
 * the overlay's CA, valid now, bind the peer's UID and not be revoked).
 */
public interface PeerAuthenticator {
    /**
     * Checks the chain the peer sent (DER, leaf first).
     *
     * @throws CertificateRejectedException with the reason, if the peer is not accepted
     */
    void authenticate(List<byte[]> chainDer) throws CertificateRejectedException;

    /**
     * Re-checks the leaf of an established session (about once a second): a reason if the session must end now (the
     * revocation list changed, the certificate expired), empty if it may go on.
     */
    Optional<CertificateRejection> recheck(byte[] leafDer);

    /** What the peer is checked against, for logs. */
    String describe();
}
