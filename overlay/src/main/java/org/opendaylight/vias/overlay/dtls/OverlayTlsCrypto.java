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
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * bctls' {@link JcaTlsCrypto} with the per-record AES-GCM set-up of {@link GcmRecordCipher}; everything else
 * (handshake, key schedule, certificates, the providers used) is JcaTlsCrypto's own, through its
 * {@code createAEADCipher} extension point. The one way the overlay's DTLS links get their crypto.
 */
public final class OverlayTlsCrypto extends JcaTlsCrypto {
    static final String AES_GCM = "AES/GCM/NoPadding";

    private OverlayTlsCrypto(JcaJceHelper helper, SecureRandom keyRandom, SecureRandom nonceRandom) {
        super(helper, keyRandom, nonceRandom);
    }

    /** As {@code new JcaTlsCryptoProvider().create(random)} (default providers, bctls' nonce entropy source). */
    public static JcaTlsCrypto create(SecureRandom random) {
        return new Provider().create(random);
    }

    @Override
    protected TlsAEADCipherImpl createAEADCipher(String cipherName, String algorithm, int keySize,
            boolean isEncrypting) throws GeneralSecurityException {
        if (AES_GCM.equals(cipherName)) {
            return new GcmRecordCipher(getHelper().createCipher(cipherName), algorithm, keySize, isEncrypting,
                getSecureRandom());
        }
        return super.createAEADCipher(cipherName, algorithm, keySize, isEncrypting);
    }

    /** bctls' provider, building this class instead of its own. */
    private static final class Provider extends JcaTlsCryptoProvider {
        @Override
        public JcaTlsCrypto create(SecureRandom keyRandom, SecureRandom nonceRandom) {
            return new OverlayTlsCrypto(getHelper(), keyRandom, nonceRandom);
        }
    }
}
