/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over a certificate's DER encoding, the value a peer announces (config now, XMPP later) and the handshake
 * checks. Text form: 64 hex digits; colons and upper case are accepted when parsing (the WebRTC/SDP style).
 */
public final class Fingerprint {
    private final byte[] digest;

    private Fingerprint(byte[] digest) {
        this.digest = digest;
    }

    public static Fingerprint of(byte[] derCertificate) {
        try {
            return new Fingerprint(MessageDigest.getInstance("SHA-256").digest(derCertificate));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    public static Fingerprint parse(String text) {
        final String hex = text == null ? "" : text.replace(":", "").trim();
        if (hex.length() != 64) {
            throw new IllegalArgumentException("must be a SHA-256 fingerprint (64 hex chars, colons allowed)");
        }
        try {
            return new Fingerprint(HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be a SHA-256 fingerprint (64 hex chars, colons allowed)", e);
        }
    }

    /** Constant-time comparison with the fingerprint of {@code derCertificate}. */
    public boolean matches(byte[] derCertificate) {
        return MessageDigest.isEqual(digest, of(derCertificate).digest);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof Fingerprint other && MessageDigest.isEqual(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(digest);
    }
}
