/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.tap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071) over byte arrays. Sums are kept unfolded in a {@code long} so that pieces (pseudo
 * header, header, payload) can be added before one fold; 32-bit big-endian words are summed at a time, which folds to
 * the same 16-bit ones' complement sum because 2^16 is 1 modulo 2^16 - 1.
 */
public final class InetChecksum {
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private InetChecksum() {
    }

    /** Adds {@code b[off, off + len)} to {@code acc}; the region starts a new sequence of 16-bit words. */
    public static long add(byte[] b, int off, int len, long acc) {
        long sum = acc;
        int i = off;
        final int end = off + len;
        while (end - i >= 4) {
            sum += (int) INT_BE.get(b, i) & 0xffffffffL;
            i += 4;
        }
        if (end - i >= 2) {
            sum += (b[i] & 0xff) << 8 | b[i + 1] & 0xff;
            i += 2;
        }
        if (i < end) {
            sum += (b[i] & 0xff) << 8;
        }
        return sum;
    }

    /** Folds a sum to 16 bits (not complemented). */
    public static int fold(long sum) {
        long s = sum;
        while (s >>> 16 != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    /** The value to store in a checksum field: the complement of the folded sum, 0xffff instead of 0. */
    public static int finish(long sum) {
        final int c = ~fold(sum) & 0xffff;
        // 0 and 0xffff are the same in ones' complement; 0 in a UDP checksum means "none", so never write it
        return c == 0 ? 0xffff : c;
    }

    /** Sum of the IPv4 pseudo header: addresses at {@code b[addrOff, addrOff + 8)}, protocol, upper-layer length. */
    public static long pseudoHeaderV4(byte[] b, int addrOff, int protocol, int length) {
        return add(b, addrOff, 8, 0) + protocol + length;
    }

    /** Sum of the IPv6 pseudo header: addresses at {@code b[addrOff, addrOff + 32)}, next header, upper-layer length. */
    public static long pseudoHeaderV6(byte[] b, int addrOff, int protocol, int length) {
        return add(b, addrOff, 32, 0) + protocol + length;
    }

    /** True if the region, checksum field included, sums to 0xffff (a correct checksum). */
    public static boolean verifies(byte[] b, int off, int len, long acc) {
        return fold(add(b, off, len, acc)) == 0xffff;
    }
}
