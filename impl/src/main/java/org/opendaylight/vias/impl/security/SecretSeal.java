/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.opendaylight.aaa.encrypt.AAAEncryptionService;

/**
 * The passwords in {@code vias:config} ({@code xmpp/password}, {@code turn/password}) are stored sealed: encrypted
 * with this controller's AAA encryption key ({@code aaa-encrypt-service}, as netconf stores device passwords), so a
 * RESTCONF read of the config shows the sealed text, never the password. The {@code seal-secret} RPC seals a
 * password; the overlay opens it when it logs in.
 *
 * <p>The sealed form is {@value #PREFIX}, AAA's Base64 ciphertext of {@value #MARK} + the password, '.', and a
 * check: AAA's ciphertext of {@value #CHECK} + that ciphertext. AAA (0.18) encrypts deterministically, so the check
 * is recomputed with {@code encrypt} alone, and only a value whose check matches is given to {@code decrypt}. That
 * matters because AAA's {@code decrypt} shares one {@code Cipher} that a failed decryption (another controller's
 * key, garbage) leaves broken for every later call until the controller restarts, and because it returns its input
 * unchanged when it cannot decrypt. The mark guards the second case should a check ever collide. AAA's
 * {@code decrypt} is not synchronized either; {@link #open} serializes the calls made from VIAS.
 */
public final class SecretSeal {
    public static final String PREFIX = "sealed:";
    private static final String MARK = "vias-secret:";
    private static final String CHECK = "vias-seal-check:";
    private static final Object DECRYPT_LOCK = new Object();

    private final UnaryOperator<String> encrypt;
    private final UnaryOperator<String> decrypt;

    public SecretSeal(final UnaryOperator<String> encrypt, final UnaryOperator<String> decrypt) {
        this.encrypt = Objects.requireNonNull(encrypt);
        this.decrypt = Objects.requireNonNull(decrypt);
    }

    public static SecretSeal of(final AAAEncryptionService aaa) {
        return new SecretSeal(aaa::encrypt, aaa::decrypt);
    }

    /**
     * The sealed text of {@code secret}.
     *
     * @throws IllegalArgumentException when {@code secret} is empty
     * @throws IllegalStateException when AAA did not encrypt (it returns its input when encryption fails)
     */
    public String seal(final String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the secret is empty");
        }
        final String plain = MARK + secret;
        final String cipher = encrypt.apply(plain);
        if (cipher == null || cipher.equals(plain)) {
            throw new IllegalStateException("the AAA encryption service did not encrypt (see its log)");
        }
        final String sealed = PREFIX + cipher + '.' + check(cipher);
        if (!open(sealed).filter(secret::equals).isPresent()) {
            throw new IllegalStateException("the AAA encryption service gave a ciphertext it cannot decrypt");
        }
        return sealed;
    }

    /** The secret in {@code stored}; empty when it is not a value sealed with this controller's key. */
    public Optional<String> open(final String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return Optional.empty();
        }
        final int dot = stored.lastIndexOf('.');
        if (dot <= PREFIX.length()) {
            return Optional.empty();
        }
        final String cipher = stored.substring(PREFIX.length(), dot);
        final String expected = check(cipher);
        if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                stored.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        final String plain;
        synchronized (DECRYPT_LOCK) {
            plain = decrypt.apply(cipher);
        }
        return plain != null && plain.startsWith(MARK) && plain.length() > MARK.length()
            ? Optional.of(plain.substring(MARK.length())) : Optional.empty();
    }

    /** The check of {@code cipher}: this controller's ciphertext of it, null if AAA did not encrypt. */
    private String check(final String cipher) {
        final String text = CHECK + cipher;
        final String out = encrypt.apply(text);
        return out == null || out.equals(text) ? null : out;
    }

    /** Why {@code stored} cannot be a config password of this controller, naming {@code field}; null when it can. */
    public String problem(final String field, final String stored) {
        if (open(stored).isPresent()) {
            return null;
        }
        return stored != null && stored.startsWith(PREFIX)
            ? field + ": this sealed value was not sealed by this controller's AAA key (seal the password again with "
                + "the seal-secret RPC on this controller)"
            : field + ": a plain password would be readable by every RESTCONF user; store the value the seal-secret "
                + "RPC returns for it";
    }
}
