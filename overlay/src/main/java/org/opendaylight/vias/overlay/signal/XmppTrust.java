/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.signal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.SmackException;

/**
 * What the XMPP connection's TLS trusts: the CA certificates of a PEM file (the CA that signed the XMPP server's
 * certificate) or, without one, the JVM's system trust store; and the operator-readable reason a TLS connect failed.
 */
final class XmppTrust {
    private XmppTrust() {
    }

    /**
     * A PKIX trust manager anchored at the certificates of {@code caFile}, or at the system trust store when null.
     *
     * @throws IllegalArgumentException naming {@code xmpp.tls-ca} when the file is missing, unreadable or holds no
     *                                  certificate
     */
    static X509TrustManager trustManager(final Path caFile) {
        try {
            final TrustManagerFactory factory = TrustManagerFactory.getInstance(
                TrustManagerFactory.getDefaultAlgorithm());
            if (caFile == null) {
                factory.init((KeyStore) null);
            } else {
                factory.init(keyStoreOf(caFile));
            }
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JVM's " + factory.getAlgorithm() + " has no X509TrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the XMPP TLS trust: " + e, e);
        }
    }

    private static KeyStore keyStoreOf(final Path caFile) throws GeneralSecurityException {
        final Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(caFile)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid xmpp.tls-ca=" + caFile + ": cannot read it (" + e + ")", e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("invalid xmpp.tls-ca=" + caFile + ": not a PEM certificate ("
                + e.getMessage() + ")", e);
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("invalid xmpp.tls-ca=" + caFile + ": holds no certificate");
        }
        final KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int index = 0;
        for (Certificate cert : certs) {
            if (!(cert instanceof X509Certificate)) {
                throw new IllegalArgumentException("invalid xmpp.tls-ca=" + caFile + ": not an X.509 certificate");
            }
            store.setCertificateEntry("xmpp-ca-" + index++, cert);
        }
        return store;
    }

    /**
     * Why a connect failed in TLS terms, naming the config field to look at, or null when {@code failure} is not a
     * TLS failure (unreachable server, timeout, ...).
     */
    static String tlsFailure(final Throwable failure, final SignalingConfig config) {
        final String trust = config.tlsCa() == null ? "the system trust store (set xmpp.tls-ca to the CA file)"
            : "xmpp.tls-ca=" + config.tlsCa();
        SSLException handshake = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SmackException.SecurityRequiredByClientException) {
                return "the XMPP server " + config.host() + ":" + config.port() + " offers no TLS (STARTTLS) and "
                    + "VIAS refuses cleartext XMPP: give the server a certificate and require encryption (Prosody: "
                    + "c2s_require_encryption = true)";
            }
            final String message = String.valueOf(t.getMessage());
            if (t instanceof CertificateException && message.contains("Hostname verification")) {
                return "the XMPP server's certificate does not name xmpp.domain=" + config.domain() + " (" + message
                    + ")";
            }
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "the XMPP server's certificate is not trusted by " + trust + " (" + message + ")";
            }
            if (t instanceof SSLException ssl && handshake == null) {
                handshake = ssl;
            }
        }
        if (handshake != null) {
            return "TLS with the XMPP server " + config.host() + ":" + config.port() + " failed (" + handshake
                + ")";
        }
        return null;
    }
}
