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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.opendaylight.vias.overlay.dtls.Fingerprint;

/**
 * The overlay's revoked certificates, by serial or by SHA-256 fingerprint. Text form, one entry a line, {@code #}
 * comments:
 *
 * <pre>
 * serial 5f3a9c0d12e4b7a1
 * sha256 4c1e...(64 hex)
 * </pre>
 *
 * Written by {@code overlay-ca revoke}, read by every node ({@code trust.revocations}) and re-read when it changes.
 */
public record RevocationList(Set<BigInteger> serials, Set<Fingerprint> fingerprints) {
    public static final RevocationList EMPTY = new RevocationList(Set.of(), Set.of());

    public RevocationList {
        serials = Set.copyOf(serials);
        fingerprints = Set.copyOf(fingerprints);
    }

    public boolean contains(NodeCertificate cert) {
        return serials.contains(cert.serial()) || fingerprints.contains(cert.fingerprint());
    }

    public RevocationList withSerial(BigInteger serial) {
        final Set<BigInteger> more = new java.util.HashSet<>(serials);
        more.add(serial);
        return new RevocationList(more, fingerprints);
    }

    public RevocationList withFingerprint(Fingerprint fingerprint) {
        final Set<Fingerprint> more = new java.util.HashSet<>(fingerprints);
        more.add(fingerprint);
        return new RevocationList(serials, more);
    }

    /**
     * This list plus one entry as an operator names it: a SHA-256 certificate fingerprint (64 hex digits, colons
     * allowed) or a serial (hex, up to 40 digits); {@link IllegalArgumentException} for anything else.
     */
    public RevocationList withEntry(String serialOrFingerprint) {
        return isFingerprint(serialOrFingerprint) ? withFingerprint(Fingerprint.parse(serialOrFingerprint))
            : withSerial(parseSerial(serialOrFingerprint));
    }

    /** Whether an entry as an operator names it is a fingerprint (64 hex digits once colons are dropped). */
    public static boolean isFingerprint(String serialOrFingerprint) {
        return serialOrFingerprint.replace(":", "").length() == 64;
    }

    /** Parses the text form; errors name the line. */
    public static RevocationList parse(String text) {
        final Set<BigInteger> serials = new java.util.HashSet<>();
        final Set<Fingerprint> fingerprints = new java.util.HashSet<>();
        final String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            final String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final String[] parts = line.split("\\s+");
            try {
                if (parts.length != 2) {
                    throw new IllegalArgumentException("expected 'serial HEX' or 'sha256 FINGERPRINT'");
                }
                switch (parts[0].toLowerCase(Locale.ROOT)) {
                    case "serial" -> serials.add(parseSerial(parts[1]));
                    case "sha256" -> fingerprints.add(Fingerprint.parse(parts[1]));
                    default -> throw new IllegalArgumentException("expected 'serial HEX' or 'sha256 FINGERPRINT'");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new RevocationList(serials, fingerprints);
    }

    /** A certificate serial in hex (colons allowed, as openssl prints them). */
    public static BigInteger parseSerial(String hex) {
        final String digits = hex.replace(":", "");
        if (digits.isEmpty() || digits.length() > 40 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("serial must be 1..40 hex digits: " + hex);
        }
        return new BigInteger(digits, 16);
    }

    public static RevocationList load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public String format() {
        final StringBuilder text = new StringBuilder("# VIAS overlay revocation list (overlay-ca revoke)\n");
        serials.stream().map(s -> s.toString(16)).collect(Collectors.toCollection(TreeSet::new))
            .forEach(s -> text.append("serial ").append(s).append('\n'));
        fingerprints.stream().map(Fingerprint::toString).collect(Collectors.toCollection(TreeSet::new))
            .forEach(f -> text.append("sha256 ").append(f).append('\n'));
        return text.toString();
    }

    /** Writes atomically, so a node re-reading the file never sees half of it. */
    public void save(Path file) throws IOException {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, format(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
