/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.overlay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Identity;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Trust;

/**
 * Where this controller's overlay identity and trust live on its file system, from {@code vias:config} whether or
 * not the overlay runs (the certificate commands are used before it does): {@code identity/identity-dir} (default
 * {@value OverlaySettings#DEFAULT_IDENTITY_DIR}, with {@code node.key}, {@code node.crt}, {@code uid}),
 * {@code trust/ca} and {@code trust/revocations}, relative paths resolved against the Karaf home.
 *
 * @param configuredUid {@code identity/uid}, or null (the UID kept in {@code identityDir/uid} is used)
 * @param trustCa null when not configured
 * @param revocations null when not configured
 */
public record OverlayFiles(Path identityDir, String configuredUid, Path trustCa, Path revocations) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The files of {@code config} (null: nothing configured) under {@code home}. */
    public static OverlayFiles of(final Config config, final Path home) {
        final Identity id = config == null ? null : config.getIdentity();
        final Trust trust = config == null ? null : config.getTrust();
        final String dir = id == null || blank(id.getIdentityDir()) ? OverlaySettings.DEFAULT_IDENTITY_DIR
            : id.getIdentityDir();
        return new OverlayFiles(resolve(dir, home), id == null || id.getUid() == null ? null : id.getUid().getValue(),
            trust == null || blank(trust.getCa()) ? null : resolve(trust.getCa(), home),
            trust == null || blank(trust.getRevocations()) ? null : resolve(trust.getRevocations(), home));
    }

    /**
     * This node's UID: {@code identity/uid} if configured, else the one kept in {@code identityDir/uid}, created
     * (random) on first use. The overlay node and the certificate commands use the same one.
     */
    public Uid uid() throws IOException {
        if (configuredUid != null) {
            return Uid.parse(configuredUid);
        }
        final Path file = identityDir.resolve("uid");
        if (Files.exists(file)) {
            return Uid.parse(Files.readString(file, StandardCharsets.US_ASCII).trim());
        }
        Files.createDirectories(identityDir);
        final byte[] raw = new byte[Uid.LENGTH];
        RANDOM.nextBytes(raw);
        final Uid uid = Uid.of(raw);
        Files.writeString(file, uid + "\n", StandardCharsets.US_ASCII);
        return uid;
    }

    /** The UID if there is one yet ({@link #uid} without creating it). */
    public Optional<Uid> existingUid() throws IOException {
        return configuredUid != null || Files.exists(identityDir.resolve("uid")) ? Optional.of(uid())
            : Optional.empty();
    }

    /** Whether {@link #uid} will create one (for a log line). */
    public boolean uidIsNew() {
        return configuredUid == null && !Files.exists(identityDir.resolve("uid"));
    }

    static Path resolve(final String path, final Path home) {
        final Path file = Path.of(path);
        return file.isAbsolute() ? file : home.resolve(file);
    }

    private static boolean blank(final String text) {
        return text == null || text.isBlank();
    }
}
