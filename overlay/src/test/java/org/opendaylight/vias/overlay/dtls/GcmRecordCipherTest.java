/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JceAEADCipherImpl;
import org.junit.jupiter.api.Test;

/** {@link GcmRecordCipher} against bctls' own JCA AEAD implementation, record by record. */
class GcmRecordCipherTest {
    private static final JcaTlsCrypto PLAIN = new JcaTlsCryptoProvider().create(new SecureRandom());
    private static final int MAC = 16;

    private static TlsAEADCipherImpl bctls(boolean encrypting, byte[] key) throws Exception {
        final TlsAEADCipherImpl c = new JceAEADCipherImpl(PLAIN, new DefaultJcaJceHelper(), OverlayTlsCrypto.AES_GCM,
            "AES", key.length, encrypting);
        c.setKey(key, 0, key.length);
        return c;
    }

    private static TlsAEADCipherImpl ours(boolean encrypting, byte[] key) throws Exception {
        final TlsAEADCipherImpl c = new GcmRecordCipher(javax.crypto.Cipher.getInstance(OverlayTlsCrypto.AES_GCM),
            "AES", key.length, encrypting, new SecureRandom());
        c.setKey(key, 0, key.length);
        return c;
    }

    private static byte[] seal(TlsAEADCipherImpl c, byte[] nonce, byte[] aad, byte[] plain, int off, int len)
            throws Exception {
        c.init(nonce, MAC);
        final byte[] out = new byte[c.getOutputSize(len) + 3];
        final int n = c.doFinal(aad, plain, off, len, out, 3);
        return Arrays.copyOfRange(out, 3, 3 + n);
    }

    private static byte[] open(TlsAEADCipherImpl c, byte[] nonce, byte[] aad, byte[] sealed) throws Exception {
        c.init(nonce, MAC);
        final byte[] out = new byte[c.getOutputSize(sealed.length)];
        final int n = c.doFinal(aad, sealed, 0, sealed.length, out, 0);
        return Arrays.copyOf(out, n);
    }

    @Test
    void sealsAndOpensExactlyAsBctlsDoesForManySizesAndKeys() throws Exception {
        final Random random = new Random(17);
        for (int keyLength : new int[] {16, 32}) {
            final byte[] key = new byte[keyLength];
            random.nextBytes(key);
            // one cipher object per direction for the whole run: bctls re-initialises it per record
            final TlsAEADCipherImpl ourSeal = ours(true, key);
            final TlsAEADCipherImpl ourOpen = ours(false, key);
            final TlsAEADCipherImpl theirSeal = bctls(true, key);
            final TlsAEADCipherImpl theirOpen = bctls(false, key);
            for (int len : new int[] {0, 1, 15, 16, 17, 100, 1400, 1443, 9000}) {
                final byte[] nonce = new byte[12];
                random.nextBytes(nonce);
                final byte[] aad = new byte[13];
                random.nextBytes(aad);
                final byte[] plain = new byte[len + 5];
                random.nextBytes(plain);
                final byte[] sealedByUs = seal(ourSeal, nonce, aad, plain, 5, len);
                assertArrayEquals(seal(theirSeal, nonce, aad, plain, 5, len), sealedByUs, "sealed, " + len + " bytes");
                assertEquals(len + MAC, sealedByUs.length);
                final byte[] expected = Arrays.copyOfRange(plain, 5, 5 + len);
                assertArrayEquals(expected, open(ourOpen, nonce, aad, sealedByUs));
                assertArrayEquals(expected, open(theirOpen, nonce, aad, sealedByUs));
            }
        }
    }

    @Test
    void aTamperedRecordFailsAsBctlsOwnDoesAndTheCipherGoesOn() throws Exception {
        final byte[] key = new byte[16];
        new Random(3).nextBytes(key);
        final byte[] nonce = new byte[12];
        final byte[] aad = new byte[13];
        final byte[] plain = "one record".getBytes();
        final byte[] sealed = seal(ours(true, key), nonce, aad, plain, 0, plain.length);
        final TlsAEADCipherImpl ourOpen = ours(false, key);
        for (int i = 0; i < sealed.length; i++) {
            final byte[] bad = sealed.clone();
            bad[i] ^= 0x10;
            // IllegalStateException is what bctls' TlsAEADCipher turns into bad_record_mac (the record is dropped)
            assertThrows(IllegalStateException.class, () -> open(ourOpen, nonce, aad, bad), "byte " + i);
            assertThrows(IllegalStateException.class, () -> open(bctls(false, key), nonce, aad, bad), "byte " + i);
        }
        final byte[] otherAad = aad.clone();
        otherAad[0] = 1;
        assertThrows(IllegalStateException.class, () -> open(ourOpen, nonce, otherAad, sealed));
        // the same cipher object still opens a good record afterwards
        assertArrayEquals(plain, open(ourOpen, nonce, aad, sealed));
    }

    @Test
    void refusesAKeyOfTheWrongSize() throws Exception {
        final TlsAEADCipherImpl c = new GcmRecordCipher(javax.crypto.Cipher.getInstance(OverlayTlsCrypto.AES_GCM),
            "AES", 16, true, new SecureRandom());
        assertThrows(IllegalStateException.class, () -> c.setKey(new byte[32], 0, 32));
    }

    @Test
    void theOverlayCryptoBuildsThisCipherForAesGcmOnly() throws Exception {
        final OverlayTlsCrypto crypto = (OverlayTlsCrypto) OverlayTlsCrypto.create(new SecureRandom());
        assertTrue(crypto.createAEADCipher(OverlayTlsCrypto.AES_GCM, "AES", 16, false) instanceof GcmRecordCipher);
        assertTrue(crypto.createAEADCipher("ChaCha20-Poly1305", "ChaCha20", 32, false) instanceof JceAEADCipherImpl);
    }
}
