/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Config passwords sealed with AAA's encryption service: only this controller's key opens them. */
class SecretSealTest {
    private final SecretSeal seal = TestSeals.aaa();

    @Test
    void aSealedPasswordOpensToItselfAndDoesNotShowIt() {
        final String sealed = seal.seal("vias-pass");
        assertTrue(sealed.startsWith(SecretSeal.PREFIX), sealed);
        assertFalse(sealed.contains("vias-pass"), sealed);
        assertEquals(Optional.of("vias-pass"), seal.open(sealed));
        assertNull(seal.problem("xmpp/password", sealed));
    }

    @Test
    void plainTextIsNotAPasswordAndSaysWhy() {
        assertEquals(Optional.empty(), seal.open("vias-pass"));
        assertEquals("xmpp/password: a plain password would be readable by every RESTCONF user; store the value the "
            + "seal-secret RPC returns for it", seal.problem("xmpp/password", "vias-pass"));
    }

    @Test
    void anotherControllersSealOrGarbageDoesNotOpen() {
        final String foreign = TestSeals.controller().seal("vias-pass");
        assertEquals(Optional.empty(), seal.open(foreign));
        assertEquals("turn/password: this sealed value was not sealed by this controller's AAA key (seal the "
            + "password again with the seal-secret RPC on this controller)", seal.problem("turn/password", foreign));
        assertEquals(Optional.empty(), seal.open(SecretSeal.PREFIX + "not-base64-at-all"));
        assertEquals(Optional.empty(), seal.open(SecretSeal.PREFIX + "dmlhcy1zZWNyZXQ6eA==.dmlhcy1zZWNyZXQ6eA=="));
        assertEquals(Optional.empty(), seal.open(SecretSeal.PREFIX + "."));
        assertEquals(Optional.empty(), seal.open(SecretSeal.PREFIX));
        assertEquals(Optional.empty(), seal.open(null));
        final String own = seal.seal("vias-pass");
        assertEquals(Optional.empty(), seal.open(own.substring(0, own.indexOf('.')) + foreign.substring(
            foreign.indexOf('.'))), "our ciphertext with another controller's check");
        // none of that reached AAA's decrypt, whose one shared Cipher a failed decryption breaks for good
        assertEquals(Optional.of("vias-pass"), seal.open(own));
    }

    @Test
    void emptySecretsAndAnEncryptionThatDidNotEncryptAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> seal.seal(""));
        assertThrows(IllegalArgumentException.class, () -> seal.seal(null));
        // AAA returns the input when its cipher fails: sealing must not store that as if encrypted
        final SecretSeal broken = new SecretSeal(text -> text, text -> text);
        assertThrows(IllegalStateException.class, () -> broken.seal("vias-pass"));
    }
}
