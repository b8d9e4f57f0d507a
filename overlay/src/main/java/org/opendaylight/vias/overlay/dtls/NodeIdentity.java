/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.dtls;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.opendaylight.vias.overlay.Uid;

/**
 * A node's DTLS identity: an EC P-256 key pair and a self-signed certificate. There is no CA; trust is the SHA-256
 * {@link Fingerprint} of the certificate, which peers learn out of band (config, later XMPP).
 */
public final class NodeIdentity {
    static final String KEY_FILE = "node.key";
    static final String CERT_FILE = "node.crt";

    private final PrivateKey privateKey;
    private final byte[] certificateDer;
    private final Fingerprint fingerprint;

    public NodeIdentity(PrivateKey privateKey, byte[] certificateDer) {
        this.privateKey = privateKey;
        this.certificateDer = certificateDer.clone();
        this.fingerprint = Fingerprint.of(certificateDer);
    }

    /** A fresh key pair and a 10-year self-signed certificate whose subject names the UID. */
    public static NodeIdentity generate(Uid uid) {
        try {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            final KeyPair pair = generator.generateKeyPair();
            final X500Name name = new X500Name("CN=ipop-" + uid);
            final Instant now = Instant.now();
            final X509CertificateHolder cert = new JcaX509v3CertificateBuilder(name,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            return new NodeIdentity(pair.getPrivate(), cert.getEncoded());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate a node identity", e);
        }
    }

    /**
     * Loads {@code node.key}/{@code node.crt} (PEM) from {@code dir}, generating and saving them (key readable by the
     * owner only) if absent.
     */
    public static NodeIdentity loadOrCreate(Path dir, Uid uid) throws IOException {
        final Path keyFile = dir.resolve(KEY_FILE);
        final Path certFile = dir.resolve(CERT_FILE);
        if (Files.exists(keyFile) && Files.exists(certFile)) {
            return load(keyFile, certFile);
        }
        final NodeIdentity identity = generate(uid);
        Files.createDirectories(dir);
        Files.deleteIfExists(keyFile);
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(keyFile, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(out)) {
            // PKCS#8 ("PRIVATE KEY") keeps the curve in the algorithm identifier, which the JDK needs to read it back
            pem.writeObject(new PemObject("PRIVATE KEY", identity.privateKey.getEncoded()));
        }
        try (Writer out = Files.newBufferedWriter(certFile, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new X509CertificateHolder(identity.certificateDer));
        }
        return identity;
    }

    static NodeIdentity load(Path keyFile, Path certFile) throws IOException {
        final PrivateKey key;
        try (Reader in = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(in)) {
            final Object object = parser.readObject();
            final JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                key = converter.getPrivateKey(pair.getPrivateKeyInfo());
            } else if (object instanceof PrivateKeyInfo info) {
                key = converter.getPrivateKey(info);
            } else {
                throw new IOException(keyFile + ": not a PEM private key");
            }
        }
        try (Reader in = Files.newBufferedReader(certFile, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(in)) {
            final Object object = parser.readObject();
            if (!(object instanceof X509CertificateHolder cert)) {
                throw new IOException(certFile + ": not a PEM certificate");
            }
            return new NodeIdentity(key, cert.getEncoded());
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public byte[] certificateDer() {
        return certificateDer.clone();
    }

    public Fingerprint fingerprint() {
        return fingerprint;
    }
}
