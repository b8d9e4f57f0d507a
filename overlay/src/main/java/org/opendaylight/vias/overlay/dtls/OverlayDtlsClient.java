/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.dtls;

import java.io.IOException;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/** DTLS 1.2 client end of a link: ECDHE-ECDSA with AES-128-GCM, mutual certificates checked by fingerprint. */
final class OverlayDtlsClient extends DefaultTlsClient {
    private final PeerTrust trust;
    private final int handshakeTimeoutMillis;
    private final AlertListener alerts;

    OverlayDtlsClient(JcaTlsCrypto crypto, PeerTrust trust, int handshakeTimeoutMillis, AlertListener alerts) {
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
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                trust.verify(serverCertificate.getCertificate());
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) {
                return trust.credentials(context);
            }
        };
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        alerts.alertReceived(level, description);
    }
}
