/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.meter;

import org.opendaylight.vias.overlay.Ipv4;

/**
 * Finds the 5-tuple of an Ethernet frame in place. {@link #l4Offset} validates once; the field readers after it
 * assume a frame it accepted. No allocation, so it can run on every frame of the data path.
 */
public final class FrameParser {
    /** Enough bytes for Ethernet + the largest IPv4 header + the TCP ports: all the parser ever reads. */
    public static final int MAX_HEADERS = 14 + 60 + 4;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int IP = 14;

    private FrameParser() {
    }

    /**
     * Absolute offset of the TCP/UDP header in {@code frame}, or a negative {@link NotMeterable#code()}.
     *
     * @param off where the Ethernet header starts
     * @param len bytes of the frame from {@code off}
     */
    public static int l4Offset(byte[] frame, int off, int len) {
        if (len < IP + 20 + 8) {
            return NotMeterable.TRUNCATED.code();
        }
        if ((frame[off] & 1) != 0) {
            return NotMeterable.GROUP_MAC.code();
        }
        if (u16(frame, off + 12) != ETHERTYPE_IPV4) {
            return NotMeterable.NOT_IPV4.code();
        }
        final int ip = off + IP;
        final int versionIhl = frame[ip] & 0xff;
        final int headerLength = (versionIhl & 0x0f) * 4;
        if (versionIhl >>> 4 != 4 || headerLength < 20) {
            return NotMeterable.BAD_HEADER.code();
        }
        final int totalLength = u16(frame, ip + 2);
        if (totalLength < headerLength || totalLength > len - IP) {
            return NotMeterable.TRUNCATED.code();
        }
        // More-fragments flag or a non-zero fragment offset; the reserved and don't-fragment bits do not matter.
        if ((u16(frame, ip + 6) & 0x3fff) != 0) {
            return NotMeterable.FRAGMENT.code();
        }
        final int protocol = frame[ip + 9] & 0xff;
        final int l4Length;
        if (protocol == FlowKey.TCP) {
            l4Length = 20;
        } else if (protocol == FlowKey.UDP) {
            l4Length = 8;
        } else {
            return NotMeterable.NOT_TCP_UDP.code();
        }
        if (totalLength < headerLength + l4Length) {
            return NotMeterable.TRUNCATED.code();
        }
        if (!Ipv4.isUnicast(srcIp(frame, off)) || !Ipv4.isUnicast(dstIp(frame, off))) {
            return NotMeterable.NOT_UNICAST.code();
        }
        return ip + headerLength;
    }

    public static int protocol(byte[] frame, int off) {
        return frame[off + IP + 9] & 0xff;
    }

    public static int srcIp(byte[] frame, int off) {
        return Ipv4.read(frame, off + IP + 12);
    }

    public static int dstIp(byte[] frame, int off) {
        return Ipv4.read(frame, off + IP + 16);
    }

    /** @param l4 the value {@link #l4Offset} returned */
    public static int srcPort(byte[] frame, int l4) {
        return u16(frame, l4);
    }

    public static int dstPort(byte[] frame, int l4) {
        return u16(frame, l4 + 2);
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | b[p + 1] & 0xff;
    }
}
