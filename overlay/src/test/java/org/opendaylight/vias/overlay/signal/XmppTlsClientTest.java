/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.signal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client side of XMPP over TLS against a scripted server on loopback that speaks just the start of an XMPP
 * stream (header, features, STARTTLS, TLS handshake): a server without STARTTLS is refused, a certificate from a CA
 * the client does not trust and one naming another domain end the handshake with a message naming the cause, and
 * the trusted certificate for the domain completes it. The same against real Prosody: {@code SignalingTlsIT}.
 */
class XmppTlsClientTest {
    private static final String DOMAIN = "vias.test";
    private static final String STREAM_OPEN = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
        + "xmlns:stream='http://etherx.jabber.org/streams' from='" + DOMAIN + "' id='t1' version='1.0'>";

    @TempDir
    Path dir;
    private ServerSocket listener;

    @AfterEach
    void close() throws IOException {
        if (listener != null) {
            listener.close();
        }
    }

    @Test
    void aServerWithoutStartTlsIsRefused() throws Exception {
        final Server server = serve(null);
        final SignalingException e = assertThrows(SignalingException.class, () -> connect(pem("ca", cert(DOMAIN))));
        assertTrue(e.getMessage().contains("offers no TLS (STARTTLS) and VIAS refuses cleartext XMPP"),
            e.getMessage());
        assertFalse(server.handshake.get(5, TimeUnit.SECONDS), "no TLS was attempted");
    }

    @Test
    void aCertificateFromAnUntrustedCaEndsTheHandshake() throws Exception {
        serve(cert(DOMAIN));
        final Path otherCa = pem("other", cert(DOMAIN));
        final SignalingException e = assertThrows(SignalingException.class, () -> connect(otherCa));
        assertTrue(e.getMessage().contains("certificate is not trusted by xmpp.tls-ca=" + otherCa), e.getMessage());
    }

    @Test
    void aCertificateForAnotherDomainIsRefused() throws Exception {
        final Issued elsewhere = cert("elsewhere.test");
        serve(elsewhere);
        final SignalingException e = assertThrows(SignalingException.class, () -> connect(pem("ca", elsewhere)));
        assertTrue(e.getMessage().contains("does not name xmpp.domain=" + DOMAIN), e.getMessage());
    }

    @Test
    void theTrustedCertificateForTheDomainCompletesTheHandshake() throws Exception {
        final Issued good = cert(DOMAIN);
        final Server server = serve(good);
        // the scripted server stops after TLS (no SASL), so connect fails, but not for a TLS reason
        final SignalingException e = assertThrows(SignalingException.class, () -> connect(pem("ca", good)));
        assertTrue(server.handshake.get(5, TimeUnit.SECONDS), "TLS handshake completed");
        assertTrue(e.getMessage().startsWith("cannot reach XMPP server"), e.getMessage());
    }

    private void connect(final Path ca) throws SignalingException {
        final SignalingConfig config = new SignalingConfig("127.0.0.1", listener.getLocalPort(), DOMAIN, "node1",
            "pw", "tls-test", null, 3000, 5000, ca);
        try (SignalingClient client = new SignalingClient(config, ViasSignal.presence("ab".repeat(20), "none",
                Map.of()), new SignalingClient.Listener() {
                    @Override
                    public void peerPresent(final ViasSignal presence) {
                    }

                    @Override
                    public void peerGone(final String uid) {
                    }

                    @Override
                    public void signal(final ViasSignal signal) {
                    }
                })) {
            client.connect();
        }
    }

    private record Server(CompletableFuture<Boolean> handshake) {
    }

    /**
     * One connection: stream header and features (with STARTTLS when {@code tls} is given), then {@code <proceed/>}
     * and a TLS handshake as that certificate; completes with whether the handshake succeeded.
     */
    private Server serve(final Issued tls) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        final CompletableFuture<Boolean> handshake = new CompletableFuture<>();
        final Thread thread = new Thread(() -> {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout(5000);
                final InputStream in = socket.getInputStream();
                final OutputStream out = socket.getOutputStream();
                readUntil(in, "<stream:stream", ">");
                final String features = tls == null
                    ? "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>"
                    : "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>";
                write(out, STREAM_OPEN + "<stream:features>" + features + "</stream:features>");
                if (tls == null) {
                    handshake.complete(false);
                    readUntil(in, "</stream:stream", ">");
                    return;
                }
                readUntil(in, "<starttls", ">");
                write(out, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
                try (SSLSocket ssl = (SSLSocket) tls.context().getSocketFactory().createSocket(socket,
                        socket.getInetAddress().getHostAddress(), socket.getPort(), false)) {
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    handshake.complete(true);
                    readUntil(ssl.getInputStream(), "<stream:stream", ">");
                }
            } catch (IOException e) {
                handshake.complete(false);
            }
        }, "xmpp-tls-test-server");
        thread.setDaemon(true);
        thread.start();
        return new Server(handshake);
    }

    private static void readUntil(final InputStream in, final String start, final String end) throws IOException {
        final StringBuilder seen = new StringBuilder();
        int ch;
        while ((ch = in.read()) >= 0) {
            seen.append((char) ch);
            final int at = seen.indexOf(start);
            if (at >= 0 && seen.indexOf(end, at + start.length()) >= 0) {
                return;
            }
        }
        throw new IOException("stream ended before " + start);
    }

    private static void write(final OutputStream out, final String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private record Issued(X509Certificate certificate, SSLContext context) {
    }

    /** A self-signed EC certificate naming {@code dnsName}, and a server SSLContext presenting it. */
    private static Issued cert(final String dnsName) throws Exception {
        final KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        final KeyPair pair = gen.generateKeyPair();
        final Instant now = Instant.now();
        final X500Name name = new X500Name("CN=" + dnsName);
        final X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
            new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofMinutes(1))), Date.from(now.plus(Duration.ofDays(1))), name,
                pair.getPublic())
                .addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        final KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", pair.getPrivate(), new char[0], new X509Certificate[] {cert});
        final KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, new char[0]);
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return new Issued(cert, context);
    }

    private Path pem(final String name, final Issued issued) throws Exception {
        return Files.writeString(dir.resolve(name + ".crt"), "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                issued.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n");
    }
}
