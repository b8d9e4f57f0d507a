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
 * The 10-byte {@code struct virtio_net_hdr} (linux/virtio_net.h) that precedes every frame on a TAP opened with
 * {@code IFF_VNET_HDR}. Without {@code TUNSETVNETLE}/{@code TUNSETVNETBE} the kernel uses the legacy layout in host
 * byte order. {@code csumStart} counts from the first byte of the Ethernet frame.
 */
public final class VirtioNetHeader {
    public static final int LENGTH = 10;
    /** The checksum from csumStart to the end is not computed; the field at csumStart + csumOffset holds a partial. */
    public static final int F_NEEDS_CSUM = 1;
    /** The checksums were verified (or need not be). */
    public static final int F_DATA_VALID = 2;
    public static final int GSO_NONE = 0;
    public static final int GSO_TCPV4 = 1;
    public static final int GSO_UDP = 3;
    public static final int GSO_TCPV6 = 4;
    public static final int GSO_UDP_L4 = 5;
    public static final int GSO_ECN = 0x80;

    private static final VarHandle SHORT_HOST =
        MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());

    public int flags;
    public int gsoType;
    public int hdrLen;
    public int gsoSize;
    public int csumStart;
    public int csumOffset;

    /** Reads the header at {@code b[off, off + LENGTH)}. */
    public VirtioNetHeader decode(byte[] b, int off) {
        flags = b[off] & 0xff;
        gsoType = b[off + 1] & 0xff;
        hdrLen = u16(b, off + 2);
        gsoSize = u16(b, off + 4);
        csumStart = u16(b, off + 6);
        csumOffset = u16(b, off + 8);
        return this;
    }

    /** Writes the header at {@code b[off, off + LENGTH)}. */
    public void encode(byte[] b, int off) {
        b[off] = (byte) flags;
        b[off + 1] = (byte) gsoType;
        SHORT_HOST.set(b, off + 2, (short) hdrLen);
        SHORT_HOST.set(b, off + 4, (short) gsoSize);
        SHORT_HOST.set(b, off + 6, (short) csumStart);
        SHORT_HOST.set(b, off + 8, (short) csumOffset);
    }

    public VirtioNetHeader clear() {
        flags = 0;
        gsoType = GSO_NONE;
        hdrLen = 0;
        gsoSize = 0;
        csumStart = 0;
        csumOffset = 0;
        return this;
    }

    private static int u16(byte[] b, int off) {
        return (short) SHORT_HOST.get(b, off) & 0xffff;
    }

    @Override
    public String toString() {
        return "virtio_net_hdr[flags=" + flags + " gso=" + gsoType + " hdrLen=" + hdrLen + " gsoSize=" + gsoSize
            + " csum=" + csumStart + "+" + csumOffset + "]";
    }
}
