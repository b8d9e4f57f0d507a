/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 20-byte IPOP node UID as the bypass protocol sees it: the sender field of every message and the identity of the
 * authenticated peer a message arrived from. Kept here (not the overlay's own UID type) so the bypass core depends
 * on nothing but the JDK; converting is {@code PeerUid.of(uid.toBytes())}.
 */
public final class PeerUid implements Comparable<PeerUid> {
    public static final int LENGTH = 20;

    private final byte[] bytes;
    private final int hash;

    private PeerUid(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    public static PeerUid of(byte[] raw) {
        if (raw == null || raw.length != LENGTH) {
            throw new IllegalArgumentException("UID must be " + LENGTH + " bytes");
        }
        return new PeerUid(raw.clone());
    }

    public static PeerUid parse(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("UID must be " + 2 * LENGTH + " hex digits");
        }
        return new PeerUid(HexFormat.of().parseHex(hex));
    }

    static PeerUid read(byte[] buf, int off) {
        return new PeerUid(Arrays.copyOfRange(buf, off, off + LENGTH));
    }

    void write(byte[] buf, int off) {
        System.arraycopy(bytes, 0, buf, off, LENGTH);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public int compareTo(PeerUid other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object obj) {
        return this == obj || obj instanceof PeerUid other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
