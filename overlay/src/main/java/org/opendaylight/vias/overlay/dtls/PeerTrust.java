/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.dtls;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.opendaylight.vias.overlay.counters.CertificateRejection;

/**
 * What both ends of one handshake need: our credentials (our chain: leaf, plus the CA certificate when we have one)
 * and the check of the peer's chain by the link's {@link PeerAuthenticator}. The handshake's signatures prove the
 * peer holds the leaf's key, so an accepted leaf authenticates the peer. Remembers why the peer was refused (for the
 * per-reason counters) or which leaf was accepted (for the re-checks of the established session).
 */
final class PeerTrust {
    static final SignatureAndHashAlgorithm ECDSA_SHA256 =
        new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private final JcaTlsCrypto crypto;
    private final NodeIdentity identity;
    private final PeerAuthenticator authenticator;
    private final Certificate ownChain;
    private volatile CertificateRejection rejection;
    private volatile byte[] acceptedLeaf;

    PeerTrust(JcaTlsCrypto crypto, NodeIdentity identity, PeerAuthenticator authenticator) throws IOException {
        this.crypto = crypto;
        this.identity = identity;
        this.authenticator = authenticator;
        final List<byte[]> chain = identity.chainDer();
        final TlsCertificate[] certs = new TlsCertificate[chain.size()];
        for (int i = 0; i < certs.length; i++) {
            certs[i] = crypto.createCertificate(chain.get(i));
        }
        this.ownChain = new Certificate(certs);
    }

    TlsCredentialedSigner credentials(TlsContext context) {
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, identity.privateKey(),
            ownChain, ECDSA_SHA256);
    }

    /** Accepts the peer only if the authenticator accepts its chain; otherwise a fatal alert that ends the handshake. */
    void verify(Certificate chain) throws IOException {
        final List<byte[]> der = new ArrayList<>();
        if (chain != null) {
            for (int i = 0; i < chain.getLength(); i++) {
                der.add(chain.getCertificateAt(i).getEncoded());
            }
        }
        try {
            authenticator.authenticate(der);
        } catch (CertificateRejectedException e) {
            rejection = e.reason();
            throw new TlsFatalAlert(alertFor(e.reason()), e.getMessage());
        }
        acceptedLeaf = der.get(0);
    }

    /** Why the peer's chain was refused in this handshake, or null. */
    CertificateRejection rejection() {
        return rejection;
    }

    /** The leaf the peer authenticated with, once accepted. */
    byte[] acceptedLeaf() {
        return acceptedLeaf;
    }

    PeerAuthenticator authenticator() {
        return authenticator;
    }

    private static short alertFor(CertificateRejection reason) {
        return switch (reason) {
            case NO_CERTIFICATE -> AlertDescription.handshake_failure;
            case EXPIRED, NOT_YET_VALID -> AlertDescription.certificate_expired;
            case REVOKED -> AlertDescription.certificate_revoked;
            case NOT_SIGNED_BY_CA -> AlertDescription.unknown_ca;
            default -> AlertDescription.bad_certificate;
        };
    }

    static Vector<SignatureAndHashAlgorithm> signatureAlgorithms() {
        final Vector<SignatureAndHashAlgorithm> algorithms = new Vector<>();
        algorithms.add(ECDSA_SHA256);
        return algorithms;
    }
}
