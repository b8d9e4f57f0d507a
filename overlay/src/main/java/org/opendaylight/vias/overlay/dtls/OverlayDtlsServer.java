/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.dtls;

import java.io.IOException;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/** DTLS 1.2 server end of a link; requires the client's certificate and checks it by fingerprint. */
final class OverlayDtlsServer extends DefaultTlsServer {
    private final PeerTrust trust;
    private final int handshakeTimeoutMillis;
    private final AlertListener alerts;

    OverlayDtlsServer(JcaTlsCrypto crypto, PeerTrust trust, int handshakeTimeoutMillis, AlertListener alerts) {
        super(crypto);
        this.trust = trust;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.alerts = alerts;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return DtlsSuite.versions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return DtlsSuite.cipherSuites();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() {
        return trust.credentials(context);
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign}, PeerTrust.signatureAlgorithms(),
            null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        trust.verify(clientCertificate);
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        alerts.alertReceived(level, description);
    }
}
