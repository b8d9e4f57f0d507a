/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

/** The Internet checksum (RFC 1071) and big-endian field access on frames. */
public final class Checksums {

    private Checksums() {
    }

    /** The one's-complement sum of {@code length} bytes, folded to 16 bits (not yet inverted). */
    public static int onesSum(final byte[] data, final int offset, final int length) {
        long sum = 0;
        final int end = offset + length;
        final int evenEnd = offset + (length & ~1);
        for (int at = offset; at < evenEnd; at += 2) {
            sum += (data[at] & 0xFF) << 8 | data[at + 1] & 0xFF;
        }
        if (evenEnd < end) {
            // an odd trailing byte is padded with a zero byte
            sum += (data[evenEnd] & 0xFF) << 8;
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) sum;
    }

    /** The checksum to store in a header whose checksum field is zero. */
    public static int checksum(final byte[] data, final int offset, final int length) {
        return ~onesSum(data, offset, length) & 0xFFFF;
    }

    /** Whether a region that includes its own checksum field verifies (sums to 0xFFFF). */
    public static boolean verifies(final byte[] data, final int offset, final int length) {
        return onesSum(data, offset, length) == 0xFFFF;
    }

    public static int u16(final byte[] data, final int offset) {
        return (data[offset] & 0xFF) << 8 | data[offset + 1] & 0xFF;
    }

    public static int u32(final byte[] data, final int offset) {
        return u16(data, offset) << 16 | u16(data, offset + 2);
    }

    public static void putU16(final byte[] data, final int offset, final int value) {
        data[offset] = (byte) (value >>> 8);
        data[offset + 1] = (byte) value;
    }

    public static void putU32(final byte[] data, final int offset, final int value) {
        putU16(data, offset, value >>> 16);
        putU16(data, offset + 2, value);
    }
}
