/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.security;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.opendaylight.aaa.encrypt.impl.AAAEncryptionServiceImpl;
import org.opendaylight.yang.gen.v1.config.aaa.authn.encrypt.service.config.rev160915.EncryptServiceConfig;

/** Seals made with AAA's real encryption service and a fresh random key, as a controller makes at first start. */
public final class TestSeals {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SecretSeal CONTROLLER = controller();

    private TestSeals() {
    }

    /** One controller's seal, the same for the whole test run. */
    public static SecretSeal aaa() {
        return CONTROLLER;
    }

    /** The text {@link #aaa()} seals {@code secret} to. */
    public static String sealed(final String secret) {
        return CONTROLLER.seal(secret);
    }

    /** Another controller's seal: its own random key and salt, AAA's default cipher settings. */
    public static SecretSeal controller() {
        final byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        final byte[] key = new byte[12];
        RANDOM.nextBytes(key);
        return SecretSeal.of(new AAAEncryptionServiceImpl(new Keys(HexFormat.of().formatHex(key), salt)));
    }

    /** The encryption config AAA's configurator generates at a controller's first start. */
    private record Keys(String getEncryptKey, byte[] getEncryptSalt) implements EncryptServiceConfig {
        @Override
        public Class<? extends EncryptServiceConfig> implementedInterface() {
            return EncryptServiceConfig.class;
        }

        @Override
        public String getEncryptMethod() {
            return "PBKDF2WithHmacSHA1";
        }

        @Override
        public String getEncryptType() {
            return "AES";
        }

        @Override
        public Integer getEncryptIterationCount() {
            return 32768;
        }

        @Override
        public Integer getEncryptKeyLength() {
            return 128;
        }

        @Override
        public String getCipherTransforms() {
            return "AES/CBC/PKCS5Padding";
        }
    }
}
