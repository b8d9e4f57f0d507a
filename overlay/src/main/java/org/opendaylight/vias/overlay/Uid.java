/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An IPOP node identifier: 20 opaque bytes (IPOP derives it from a SHA-1, hence the size), written as 40 hex digits.
 * Immutable; compares against a UID field inside a frame without allocating. The one UID type of VIAS: the overlay's
 * frames and links, the bypass protocol's sender and peer fields, and the controller all use it.
 */
public final class Uid implements Comparable<Uid> {
    public static final int LENGTH = 20;

    private final byte[] bytes;
    private final int hash;

    private Uid(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Parses 40 hex digits. */
    public static Uid parse(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("must be " + 2 * LENGTH + " hex chars");
        }
        try {
            return new Uid(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be " + 2 * LENGTH + " hex chars", e);
        }
    }

    /** Copies 20 bytes from {@code buf} at {@code off}. */
    public static Uid read(byte[] buf, int off) {
        return new Uid(Arrays.copyOfRange(buf, off, off + LENGTH));
    }

    /** Copies {@code raw}; refuses anything but 20 bytes (null included) with an IllegalArgumentException. */
    public static Uid of(byte[] raw) {
        if (raw == null || raw.length != LENGTH) {
            throw new IllegalArgumentException("UID must be " + LENGTH + " bytes, got "
                + (raw == null ? "none" : raw.length));
        }
        return new Uid(raw.clone());
    }

    /** True if the 20 bytes at {@code off} are this UID. */
    public boolean matches(byte[] buf, int off) {
        return Arrays.equals(bytes, 0, LENGTH, buf, off, off + LENGTH);
    }

    /** Writes the 20 bytes into {@code buf} at {@code off}. */
    public void write(byte[] buf, int off) {
        System.arraycopy(bytes, 0, buf, off, LENGTH);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public int compareTo(Uid other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object obj) {
        return this == obj || obj instanceof Uid other && hash == other.hash && Arrays.equals(bytes, other.bytes);
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
