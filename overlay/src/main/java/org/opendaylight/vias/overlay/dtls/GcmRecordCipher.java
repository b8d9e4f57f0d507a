/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.dtls;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;

/**
 * One direction of a DTLS record protection with AES-GCM, on a JCA {@link Cipher}: what bctls'
 * {@code JceAEADCipherImpl} does, with the nonce handed to the cipher as a {@link GCMParameterSpec}.
 *
 * <p>Why not bctls' own: for every record (every overlay packet) it looks the "GCM" {@code AlgorithmParameters} up
 * in the installed providers, fills them and lets the provider convert them back into a spec before the cipher
 * re-initialises. A profile of lone pings put that provider lookup among the largest single items of both the
 * sending and the receiving thread. The cipher itself, the record format and the failure behaviour are unchanged:
 * a bad tag throws {@link IllegalStateException}, which bctls' {@code TlsAEADCipher} turns into bad_record_mac, as
 * with its own implementation.
 */
final class GcmRecordCipher implements TlsAEADCipherImpl {
    private final Cipher cipher;
    private final String keyAlgorithm;
    private final int keySize;
    private final int mode;
    private final SecureRandom random;
    private SecretKey key;

    GcmRecordCipher(Cipher cipher, String keyAlgorithm, int keySize, boolean encrypting, SecureRandom random) {
        this.cipher = cipher;
        this.keyAlgorithm = keyAlgorithm;
        this.keySize = keySize;
        this.mode = encrypting ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
        this.random = random;
    }

    @Override
    public void setKey(byte[] material, int off, int len) {
        if (len != keySize) {
            throw new IllegalStateException("a " + len + "-byte key for a " + keySize + "-byte cipher");
        }
        key = new SecretKeySpec(material, off, len, keyAlgorithm);
    }

    @Override
    public void init(byte[] nonce, int macSize) {
        try {
            cipher.init(mode, key, new GCMParameterSpec(macSize * 8, nonce), random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM init failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int getOutputSize(int inputLength) {
        return cipher.getOutputSize(inputLength);
    }

    @Override
    public int doFinal(byte[] additionalData, byte[] input, int inputOffset, int inputLength, byte[] output,
            int outputOffset) {
        if (additionalData != null && additionalData.length > 0) {
            cipher.updateAAD(additionalData);
        }
        try {
            return cipher.doFinal(input, inputOffset, inputLength, output, outputOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM " + (mode == Cipher.ENCRYPT_MODE ? "encryption" : "decryption")
                + " failed: " + e.getMessage(), e);
        }
    }
}
