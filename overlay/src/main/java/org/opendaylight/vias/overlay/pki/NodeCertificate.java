/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.dtls.Fingerprint;

/**
 * What an overlay certificate binds, read from its subjectAltName:
 *
 * <ul>
 *   <li>the node's UID: exactly one URI {@code urn:vias:uid:<40 lower-case hex>} (the subject CN
 *       {@code ipop-<uid>} is only informative: a SAN is typed and cannot be confused with a display name);</li>
 *   <li>its overlay address, if configured: one iPAddress entry;</li>
 *   <li>its groups, if configured: one URI {@code urn:vias:group:<name>} each.</li>
 * </ul>
 *
 * @param uid null if the certificate binds no UID or more than one (never accepted as a node)
 */
public record NodeCertificate(Uid uid, InetAddress address, List<String> groups, BigInteger serial,
        Fingerprint fingerprint, Instant notBefore, Instant notAfter, X509CertificateHolder holder) {
    public static final String UID_URI = "urn:vias:uid:";
    public static final String GROUP_URI = "urn:vias:group:";

    public NodeCertificate {
        groups = List.copyOf(groups);
    }

    /** Parses a DER certificate; {@link IllegalArgumentException} if it is not one. */
    public static NodeCertificate parse(byte[] der) {
        final X509CertificateHolder holder;
        try {
            holder = new X509CertificateHolder(der);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
        }
        final List<Uid> uids = new ArrayList<>();
        final List<String> groups = new ArrayList<>();
        InetAddress address = null;
        try {
            final GeneralNames names = GeneralNames.fromExtensions(holder.getExtensions(),
                Extension.subjectAlternativeName);
            if (names != null) {
                for (GeneralName name : names.getNames()) {
                    if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
                        final String uri = name.getName().toString();
                        if (uri.startsWith(UID_URI)) {
                            uids.add(Uid.parse(uri.substring(UID_URI.length())));
                        } else if (uri.startsWith(GROUP_URI)) {
                            groups.add(uri.substring(GROUP_URI.length()));
                        }
                    } else if (name.getTagNo() == GeneralName.iPAddress && address == null) {
                        address = InetAddress.getByAddress(DEROctetString.getInstance(name.getName()).getOctets());
                    }
                }
            }
        } catch (UnknownHostException | RuntimeException e) {
            throw new IllegalArgumentException("malformed subjectAltName: " + e.getMessage(), e);
        }
        return new NodeCertificate(uids.size() == 1 ? uids.get(0) : null, address, groups,
            holder.getSerialNumber(), Fingerprint.of(der), holder.getNotBefore().toInstant(),
            holder.getNotAfter().toInstant(), holder);
    }

    /** The serial as the tools print and the revocation list spells it: lower-case hex. */
    public String serialHex() {
        return serial.toString(16);
    }
}
