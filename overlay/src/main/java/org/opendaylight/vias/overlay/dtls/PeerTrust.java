/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.dtls;

import java.io.IOException;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.TlsContext;

/**
 * What both ends of a link need from the handshake: our credentials and the check of the peer's certificate against
 * the fingerprint it announced. The handshake's signatures prove the peer holds the certificate's key, so a matching
 * fingerprint authenticates the peer.
 */
final class PeerTrust {
    static final SignatureAndHashAlgorithm ECDSA_SHA256 =
        new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private final JcaTlsCrypto crypto;
    private final NodeIdentity identity;
    private final Fingerprint expected;
    private final Certificate ownChain;

    PeerTrust(JcaTlsCrypto crypto, NodeIdentity identity, Fingerprint expected) throws IOException {
        this.crypto = crypto;
        this.identity = identity;
        this.expected = expected;
        this.ownChain = new Certificate(new org.bouncycastle.tls.crypto.TlsCertificate[] {
            crypto.createCertificate(identity.certificateDer())});
    }

    TlsCredentialedSigner credentials(TlsContext context) {
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, identity.privateKey(),
            ownChain, ECDSA_SHA256);
    }

    /** Accepts the peer only if its leaf certificate hashes to the announced fingerprint. */
    void verify(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "peer sent no certificate");
        }
        if (!expected.matches(chain.getCertificateAt(0).getEncoded())) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate,
                "peer certificate fingerprint " + Fingerprint.of(chain.getCertificateAt(0).getEncoded())
                    + " does not match the announced " + expected);
        }
    }

    static Vector<SignatureAndHashAlgorithm> signatureAlgorithms() {
        final Vector<SignatureAndHashAlgorithm> algorithms = new Vector<>();
        algorithms.add(ECDSA_SHA256);
        return algorithms;
    }
}
