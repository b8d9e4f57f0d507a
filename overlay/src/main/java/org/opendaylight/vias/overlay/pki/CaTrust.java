/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.CertificateRejection;
import org.opendaylight.vias.overlay.dtls.CertificateRejectedException;
import org.opendaylight.vias.overlay.dtls.NodeIdentity;
import org.opendaylight.vias.overlay.dtls.PeerAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trust in an overlay CA: the root every link's peer certificate must chain to when {@code trust.ca} is configured.
 * A fingerprint announced over XMPP is then not used for trust at all: it never admits a peer.
 *
 * <p>A peer's leaf is accepted if: it parses; its issuer is the CA and the CA's key verifies its signature (any CA
 * certificate the peer sends after its leaf is ignored: the configured one is the root); it is not on the
 * revocation list (serial or fingerprint); the injected clock is within its validity and the CA's; it binds exactly
 * the UID of the peer this link is for ({@link NodeCertificate}). The revocation list can be replaced at run time
 * ({@link #setRevocations}, {@link #refresh} re-reads the file); established sessions re-check their peer about
 * once a second ({@link PeerAuthenticator#recheck}), so a revocation ends a live link within seconds.
 */
public final class CaTrust {
    private static final Logger LOG = LoggerFactory.getLogger(CaTrust.class);

    private final X509CertificateHolder ca;
    private final byte[] caDer;
    private final ContentVerifierProvider caVerifier;
    private final Clock clock;
    private final Path revocationFile;
    private volatile RevocationList revocations;
    private String revocationText;

    /**
     * @param revocationFile re-read by {@link #refresh}; null for none
     */
    public CaTrust(byte[] caDer, RevocationList revocations, Path revocationFile, Clock clock) {
        try {
            this.ca = new X509CertificateHolder(caDer);
            this.caVerifier = verifier(ca.getSubjectPublicKeyInfo());
        } catch (IOException | OperatorCreationException | RuntimeException e) {
            throw new IllegalArgumentException("not a usable CA certificate: " + e.getMessage(), e);
        }
        this.caDer = caDer.clone();
        this.revocations = revocations;
        this.revocationFile = revocationFile;
        this.clock = clock;
    }

    /** The CA certificate (PEM) and, if given, the revocation list file (a missing file is an empty list). */
    public static CaTrust load(Path caFile, Path revocationFile, Clock clock) throws IOException {
        final CaTrust trust = new CaTrust(NodeIdentity.readCertificate(caFile), RevocationList.EMPTY, revocationFile,
            clock);
        trust.loadRevocations();
        return trust;
    }

    /** At start a revocation file that does not parse is an error (later, {@link #refresh} keeps the old list). */
    private synchronized void loadRevocations() throws IOException {
        if (revocationFile != null) {
            final String text = readIfExists(revocationFile);
            try {
                setRevocations(RevocationList.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IOException(revocationFile + ": " + e.getMessage(), e);
            }
            revocationText = text;
        }
    }

    public byte[] caDer() {
        return caDer.clone();
    }

    public RevocationList revocations() {
        return revocations;
    }

    public void setRevocations(RevocationList list) {
        revocations = list;
    }

    /**
     * Re-reads the revocation file if its content changed. A file that does not parse keeps the previous list (and
     * is logged): a typo must not un-revoke anyone.
     *
     * @return true if a new list is now in force
     */
    public synchronized boolean refresh() {
        if (revocationFile == null) {
            return false;
        }
        try {
            final String text = readIfExists(revocationFile);
            if (text.equals(revocationText)) {
                return false;
            }
            revocationText = text;
            final RevocationList list = RevocationList.parse(text);
            setRevocations(list);
            LOG.info("revocation list {} reloaded: {} serial(s), {} fingerprint(s)", revocationFile,
                list.serials().size(), list.fingerprints().size());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("revocation list {} not reloaded, keeping the previous one: {}", revocationFile, e.getMessage());
            return false;
        }
    }

    private static String readIfExists(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    /**
     * Checks a leaf certificate for the peer {@code expected}.
     *
     * @return what the accepted certificate binds
     * @throws CertificateRejectedException with the first reason it fails
     */
    public NodeCertificate check(byte[] leafDer, Uid expected) throws CertificateRejectedException {
        final NodeCertificate cert;
        try {
            cert = NodeCertificate.parse(leafDer);
        } catch (IllegalArgumentException e) {
            throw new CertificateRejectedException(CertificateRejection.MALFORMED, e.getMessage());
        }
        if (!cert.holder().getIssuer().equals(ca.getSubject()) || !signedByCa(cert.holder())) {
            throw new CertificateRejectedException(CertificateRejection.NOT_SIGNED_BY_CA,
                "certificate " + cert.serialHex() + " (issuer " + cert.holder().getIssuer() + ") is not issued by "
                    + ca.getSubject());
        }
        if (revocations.contains(cert)) {
            throw new CertificateRejectedException(CertificateRejection.REVOKED,
                "certificate " + cert.serialHex() + " (" + cert.fingerprint() + ") is revoked");
        }
        final Instant now = clock.instant();
        if (now.isBefore(cert.notBefore())) {
            throw new CertificateRejectedException(CertificateRejection.NOT_YET_VALID,
                "certificate " + cert.serialHex() + " valid from " + cert.notBefore() + ", now " + now);
        }
        if (now.isAfter(cert.notAfter()) || now.isAfter(ca.getNotAfter().toInstant())) {
            throw new CertificateRejectedException(CertificateRejection.EXPIRED, "certificate " + cert.serialHex()
                + " valid until " + cert.notAfter() + " (CA until " + ca.getNotAfter().toInstant() + "), now " + now);
        }
        if (!expected.equals(cert.uid())) {
            throw new CertificateRejectedException(CertificateRejection.UID_MISMATCH, "certificate " + cert.serialHex()
                + " binds uid " + cert.uid() + ", the peer is " + expected);
        }
        return cert;
    }

    private boolean signedByCa(X509CertificateHolder leaf) {
        try {
            return leaf.isSignatureValid(caVerifier);
        } catch (CertException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Verifies signatures with an EC public key. Built from the key, not the certificate: BC's own lookup asks the
     * JDK for a KeyFactory by the OID 1.2.840.10045.2.1, which SunEC does not register.
     */
    static ContentVerifierProvider verifier(SubjectPublicKeyInfo key) throws IOException, OperatorCreationException {
        try {
            final PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(
                new X509EncodedKeySpec(key.getEncoded()));
            return new JcaContentVerifierProviderBuilder().build(publicKey);
        } catch (GeneralSecurityException e) {
            throw new IOException("not an EC public key: " + e.getMessage(), e);
        }
    }

    /** The authenticator of a link to {@code peer}. */
    public PeerAuthenticator forPeer(Uid peer) {
        return new PeerAuthenticator() {
            @Override
            public void authenticate(List<byte[]> chainDer) throws CertificateRejectedException {
                if (chainDer.isEmpty()) {
                    throw new CertificateRejectedException(CertificateRejection.NO_CERTIFICATE,
                        "peer sent no certificate");
                }
                check(chainDer.get(0), peer);
            }

            @Override
            public Optional<CertificateRejection> recheck(byte[] leafDer) {
                try {
                    check(leafDer, peer);
                    return Optional.empty();
                } catch (CertificateRejectedException e) {
                    return Optional.of(e.reason());
                }
            }

            @Override
            public String describe() {
                return "overlay CA " + ca.getSubject() + " for uid " + peer;
            }
        };
    }

    /**
     * Our own identity under this CA: {@code node.key}/{@code node.crt} from {@code dir} (never created), the
     * certificate checked like a peer's (so a node with a wrong, expired or revoked certificate says so at start
     * instead of failing every handshake), sent as leaf + CA certificate.
     */
    public NodeIdentity loadIdentity(Path dir, Uid uid) throws IOException {
        final NodeIdentity identity = NodeIdentity.load(dir);
        try {
            check(identity.certificateDer(), uid);
        } catch (CertificateRejectedException e) {
            throw new IOException(dir + ": own certificate not usable with this CA: " + e.getMessage(), e);
        }
        return identity.withIssuer(caDer);
    }
}
