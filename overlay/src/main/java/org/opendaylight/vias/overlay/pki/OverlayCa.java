/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.dtls.NodeIdentity;

/**
 * An overlay CA kept in a directory: {@code ca.key} (PKCS#8 PEM, owner-only), {@code ca.crt}, {@code issued/SERIAL.crt}
 * (every certificate it issued, for {@code list}) and {@code revoked.list} (the {@link RevocationList} the nodes read).
 * EC P-256, SHA256withECDSA, like the node keys.
 *
 * <p>Issuing is CSR-style: a node makes its key and a PKCS#10 request beside it ({@link #writeCsr}), the CA signs the
 * request's public key into a certificate binding the UID the operator names (and, optionally, an overlay address
 * and groups, see {@link NodeCertificate}); the node's private key never leaves the node.
 */
public final class OverlayCa {
    public static final String KEY_FILE = "ca.key";
    public static final String CERT_FILE = "ca.crt";
    public static final String ISSUED_DIR = "issued";
    public static final String REVOKED_FILE = "revoked.list";
    public static final String CSR_FILE = "node.csr";
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Issued certificates start this much in the past, so a node whose clock lags a little accepts them. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final Path dir;
    private final PrivateKey key;
    private final X509CertificateHolder cert;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private OverlayCa(Path dir, PrivateKey key, X509CertificateHolder cert, Clock clock) {
        this.dir = dir;
        this.key = key;
        this.cert = cert;
        this.clock = clock;
    }

    /** Creates a CA in {@code dir} (which must not hold one): a fresh key and a self-signed CA certificate. */
    public static OverlayCa init(Path dir, String name, int days, Clock clock) throws IOException {
        if (Files.exists(dir.resolve(KEY_FILE)) || Files.exists(dir.resolve(CERT_FILE))) {
            throw new IOException(dir + " already holds a CA");
        }
        if (days < 1) {
            throw new IllegalArgumentException("--days: must be >= 1");
        }
        final KeyPair pair = newKeyPair();
        final X500Name subject = new X500Name("CN=vias-overlay-ca-" + name);
        final Instant now = clock.instant();
        try {
            final X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                serial(new SecureRandom()), Date.from(now.minus(BACKDATE)), Date.from(now.plus(Duration.ofDays(days))),
                subject, pair.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            final X509CertificateHolder cert = builder.build(signer(pair.getPrivate()));
            Files.createDirectories(dir.resolve(ISSUED_DIR));
            NodeIdentity.writePrivateKey(dir.resolve(KEY_FILE), pair.getPrivate());
            NodeIdentity.writeCertificate(dir.resolve(CERT_FILE), cert.getEncoded());
            RevocationList.EMPTY.save(dir.resolve(REVOKED_FILE));
            return new OverlayCa(dir, pair.getPrivate(), cert, clock);
        } catch (IOException e) {
            throw e;
        }
    }

    public static OverlayCa open(Path dir, Clock clock) throws IOException {
        return new OverlayCa(dir, NodeIdentity.readPrivateKey(dir.resolve(KEY_FILE)),
            new X509CertificateHolder(NodeIdentity.readCertificate(dir.resolve(CERT_FILE))), clock);
    }

    public byte[] certificateDer() throws IOException {
        return cert.getEncoded();
    }

    public Path revocationFile() {
        return dir.resolve(REVOKED_FILE);
    }

    /**
     * Signs a node's CSR (PEM) into a certificate for {@code uid}, valid {@code days} from now, and records it under
     * {@code issued/}. The CSR's signature must verify (the requester holds the key) and its subject, if it names a
     * UID ({@code CN=ipop-<uid>}), must name this one.
     *
     * @param address the node's overlay address, or null
     */
    public NodeCertificate issue(String csrPem, Uid uid, int days, InetAddress address, List<String> groups)
            throws IOException {
        final PKCS10CertificationRequest csr = parseCsr(csrPem);
        try {
            if (!csr.isSignatureValid(CaTrust.verifier(csr.getSubjectPublicKeyInfo()))) {
                throw new IllegalArgumentException("CSR signature does not verify");
            }
        } catch (IOException | OperatorCreationException | PKCSException e) {
            throw new IllegalArgumentException("CSR signature cannot be checked: " + e.getMessage(), e);
        }
        final RDN[] cn = csr.getSubject().getRDNs(BCStyle.CN);
        if (cn.length == 1) {
            final String name = IETFUtils.valueToString(cn[0].getFirst().getValue());
            if (name.startsWith("ipop-") && !name.equals("ipop-" + uid)) {
                throw new IllegalArgumentException("CSR is for " + name + ", not uid " + uid);
            }
        }
        return issue(csr.getSubjectPublicKeyInfo(), uid, days, address, groups);
    }

    /** Signs a public key into a node certificate (the CSR path's last step; tests use it directly). */
    public NodeCertificate issue(SubjectPublicKeyInfo publicKey, Uid uid, int days, InetAddress address,
            List<String> groups) throws IOException {
        if (days < 1) {
            throw new IllegalArgumentException("--days: must be >= 1");
        }
        for (String group : groups) {
            if (!GROUP.matcher(group).matches()) {
                throw new IllegalArgumentException("group '" + group + "': must be 1..64 of [A-Za-z0-9._-]");
            }
        }
        final List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.uniformResourceIdentifier, NodeCertificate.UID_URI + uid));
        if (address != null) {
            names.add(new GeneralName(GeneralName.iPAddress, address.getHostAddress()));
        }
        groups.forEach(g -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier,
            NodeCertificate.GROUP_URI + g)));
        final Instant now = clock.instant();
        final X509CertificateHolder issued = new X509v3CertificateBuilder(cert.getSubject(), serial(random),
            Date.from(now.minus(BACKDATE)), Date.from(now.plus(Duration.ofDays(days))),
            new X500Name("CN=ipop-" + uid), publicKey)
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
            .addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(names.toArray(GeneralName[]::new)))
            .build(signer(key));
        final NodeCertificate node = NodeCertificate.parse(issued.getEncoded());
        NodeIdentity.writeCertificate(dir.resolve(ISSUED_DIR).resolve(node.serialHex() + ".crt"), issued.getEncoded());
        return node;
    }

    /** Every certificate this CA issued, oldest first. */
    public List<NodeCertificate> issued() throws IOException {
        final Path issuedDir = dir.resolve(ISSUED_DIR);
        if (!Files.isDirectory(issuedDir)) {
            return List.of();
        }
        final List<NodeCertificate> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(issuedDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".crt")).toList()) {
                all.add(NodeCertificate.parse(NodeIdentity.readCertificate(file)));
            }
        }
        all.sort(java.util.Comparator.comparing(NodeCertificate::notBefore).thenComparing(NodeCertificate::serial));
        return all;
    }

    public RevocationList revocations() throws IOException {
        final Path file = revocationFile();
        return Files.exists(file) ? RevocationList.load(file) : RevocationList.EMPTY;
    }

    /**
     * Adds a serial (hex) or a SHA-256 fingerprint (64 hex, colons allowed) to {@code revoked.list}. A serial of a
     * certificate this CA issued is written with its fingerprint too.
     */
    public RevocationList revoke(String serialOrFingerprint) throws IOException {
        RevocationList list = revocations().withEntry(serialOrFingerprint);
        if (!RevocationList.isFingerprint(serialOrFingerprint)) {
            final BigInteger serial = RevocationList.parseSerial(serialOrFingerprint);
            for (NodeCertificate issued : issued()) {
                if (issued.serial().equals(serial)) {
                    list = list.withFingerprint(issued.fingerprint());
                }
            }
        }
        list.save(revocationFile());
        return list;
    }

    // ------------------------------------------------------------------------------------------- node side

    /**
     * The node side of issuing: {@code nodeDir/node.key} (created if absent, kept otherwise) and a CSR for it naming
     * {@code uid}, written to {@code nodeDir/node.csr}.
     *
     * @return the CSR, PEM
     */
    public static String writeCsr(Path nodeDir, Uid uid) throws IOException {
        final Path keyFile = nodeDir.resolve("node.key");
        final PrivateKey privateKey;
        final PublicKey publicKey;
        if (Files.exists(keyFile)) {
            privateKey = NodeIdentity.readPrivateKey(keyFile);
            publicKey = publicKeyOf(privateKey);
        } else {
            final KeyPair pair = newKeyPair();
            Files.createDirectories(nodeDir);
            NodeIdentity.writePrivateKey(keyFile, pair.getPrivate());
            privateKey = pair.getPrivate();
            publicKey = pair.getPublic();
        }
        final String pem = csrPem(privateKey, publicKey, uid);
        Files.writeString(nodeDir.resolve(CSR_FILE), pem, StandardCharsets.US_ASCII);
        return pem;
    }

    /**
     * The node side's last step: {@code certFile} (PEM), the certificate a CA issued for this node's request, becomes
     * {@code nodeDir/node.crt}, if it binds {@code uid} and certifies the public key of {@code nodeDir/node.key}
     * (the key {@link #writeCsr} made); otherwise {@link IllegalArgumentException} saying which, and nothing is
     * written. Whether the issuer is the overlay's CA is the caller's check ({@link CaTrust#check}).
     */
    public static NodeCertificate installCertificate(Path nodeDir, Path certFile, Uid uid) throws IOException {
        final NodeCertificate cert = NodeCertificate.parse(NodeIdentity.readCertificate(certFile));
        if (!uid.equals(cert.uid())) {
            throw new IllegalArgumentException("the certificate binds uid " + cert.uid() + ", this node is " + uid);
        }
        final Path keyFile = nodeDir.resolve("node.key");
        if (!Files.exists(keyFile)) {
            throw new IllegalArgumentException(keyFile + " does not exist: make the request on this node first");
        }
        final byte[] ownKey = publicKeyOf(NodeIdentity.readPrivateKey(keyFile)).getEncoded();
        if (!java.util.Arrays.equals(ownKey, cert.holder().getSubjectPublicKeyInfo().getEncoded())) {
            throw new IllegalArgumentException("the certificate is for another key than " + keyFile
                + " (issued for another request?)");
        }
        NodeIdentity.writeCertificate(nodeDir.resolve("node.crt"), cert.holder().getEncoded());
        return cert;
    }

    /** A PKCS#10 request (PEM) for a key pair, subject {@code CN=ipop-<uid>}. */
    public static String csrPem(PrivateKey privateKey, PublicKey publicKey, Uid uid) throws IOException {
        final PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
            new X500Name("CN=ipop-" + uid), publicKey).build(signer(privateKey));
        final StringWriter text = new StringWriter();
        try (Writer out = text; JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(csr);
        }
        return text.toString();
    }

    /** The public key of an EC private key (Q = d·G), so a kept node.key can be re-requested. */
    static PublicKey publicKeyOf(PrivateKey privateKey) throws IOException {
        if (!(privateKey instanceof ECPrivateKey ec)) {
            throw new IOException("node.key: not an EC key");
        }
        try {
            final org.bouncycastle.jce.spec.ECParameterSpec spec = EC5Util.convertSpec(ec.getParams());
            final ECPoint q = new FixedPointCombMultiplier().multiply(spec.getG(), ec.getS()).normalize();
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                ec.getParams()));
        } catch (GeneralSecurityException e) {
            throw new IOException("node.key: cannot derive its public key: " + e.getMessage(), e);
        }
    }

    private static PKCS10CertificationRequest parseCsr(String pem) {
        try (Reader in = new StringReader(pem); PEMParser parser = new PEMParser(in)) {
            final Object object = parser.readObject();
            if (object instanceof PKCS10CertificationRequest csr) {
                return csr;
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a PEM certificate request: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("not a PEM certificate request");
    }

    static KeyPair newKeyPair() {
        try {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK without EC P-256", e);
        }
    }

    private static ContentSigner signer(PrivateKey key) throws IOException {
        try {
            return new JcaContentSignerBuilder(SIGNATURE).build(key);
        } catch (OperatorCreationException e) {
            throw new IOException("cannot sign with " + SIGNATURE + ": " + e.getMessage(), e);
        }
    }

    /** Positive, non-zero, 63 bits of randomness (RFC 5280: at most 20 octets, unique per CA). */
    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(63, random).setBit(62);
    }
}
