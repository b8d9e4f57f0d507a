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
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
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
 * A node's DTLS identity: an EC P-256 key and its certificate, plus the certificates sent after it in the handshake.
 * Without an overlay CA the certificate is self-signed and peers trust its SHA-256 {@link Fingerprint}, learnt out of
 * band (config, XMPP). With an overlay CA ({@code pki.CaTrust}) it is issued by the CA from a CSR made beside the key
 * (the key never leaves the node) and the chain sent is leaf + CA certificate.
 */
public final class NodeIdentity {
    static final String KEY_FILE = "node.key";
    static final String CERT_FILE = "node.crt";

    private final PrivateKey privateKey;
    private final byte[] certificateDer;
    private final List<byte[]> issuersDer;
    private final Fingerprint fingerprint;

    public NodeIdentity(PrivateKey privateKey, byte[] certificateDer) {
        this(privateKey, certificateDer, List.of());
    }

    private NodeIdentity(PrivateKey privateKey, byte[] certificateDer, List<byte[]> issuersDer) {
        this.privateKey = privateKey;
        this.certificateDer = certificateDer.clone();
        this.issuersDer = issuersDer.stream().map(byte[]::clone).toList();
        this.fingerprint = Fingerprint.of(certificateDer);
    }

    /** The same key and certificate, sent in the handshake followed by {@code issuerDer} (the overlay CA). */
    public NodeIdentity withIssuer(byte[] issuerDer) {
        return new NodeIdentity(privateKey, certificateDer, List.of(issuerDer));
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
        if (Files.exists(keyFile)) {
            // a key without certificate is a node waiting for its CA-issued certificate: never overwrite its key
            throw new IOException(keyFile + " exists without " + CERT_FILE
                + ": install the certificate issued for it (overlay-ca issue) or remove the key");
        }
        Files.createDirectories(dir);
        writePrivateKey(keyFile, identity.privateKey);
        writeCertificate(certFile, identity.certificateDer);
        return identity;
    }

    /**
     * Loads {@code node.key}/{@code node.crt} from {@code dir} and never creates them: with an overlay CA the
     * certificate comes from the CA ({@code overlay-ca csr} / {@code issue}), a missing one is an error.
     */
    public static NodeIdentity load(Path dir) throws IOException {
        final Path keyFile = dir.resolve(KEY_FILE);
        final Path certFile = dir.resolve(CERT_FILE);
        if (!Files.exists(keyFile) || !Files.exists(certFile)) {
            throw new IOException(dir + ": needs " + KEY_FILE + " and " + CERT_FILE
                + " (make a CSR with overlay-ca csr, install the certificate the CA issues as " + CERT_FILE + ")");
        }
        return load(keyFile, certFile);
    }

    static NodeIdentity load(Path keyFile, Path certFile) throws IOException {
        return new NodeIdentity(readPrivateKey(keyFile), readCertificate(certFile));
    }

    /** Reads a PEM private key (PKCS#8 or a key pair). */
    public static PrivateKey readPrivateKey(Path keyFile) throws IOException {
        try (Reader in = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(in)) {
            final Object object = parser.readObject();
            final JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            } else if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException(keyFile + ": not a PEM private key");
        }
    }

    /** Reads the first PEM certificate of a file, as DER. */
    public static byte[] readCertificate(Path certFile) throws IOException {
        try (Reader in = Files.newBufferedReader(certFile, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(in)) {
            final Object object = parser.readObject();
            if (!(object instanceof X509CertificateHolder cert)) {
                throw new IOException(certFile + ": not a PEM certificate");
            }
            return cert.getEncoded();
        }
    }

    /** Writes a private key as PKCS#8 PEM, readable by the owner only (replacing the file). */
    public static void writePrivateKey(Path keyFile, PrivateKey key) throws IOException {
        Files.deleteIfExists(keyFile);
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(keyFile, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(out)) {
            // PKCS#8 ("PRIVATE KEY") keeps the curve in the algorithm identifier, which the JDK needs to read it back
            pem.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
        }
    }

    /** Writes a DER certificate as PEM. */
    public static void writeCertificate(Path certFile, byte[] der) throws IOException {
        try (Writer out = Files.newBufferedWriter(certFile, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new X509CertificateHolder(der));
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public byte[] certificateDer() {
        return certificateDer.clone();
    }

    /** What the handshake sends: this certificate, then its issuers (none when self-signed). */
    public List<byte[]> chainDer() {
        final List<byte[]> chain = new ArrayList<>();
        chain.add(certificateDer.clone());
        issuersDer.forEach(der -> chain.add(der.clone()));
        return chain;
    }

    public Fingerprint fingerprint() {
        return fingerprint;
    }
}
