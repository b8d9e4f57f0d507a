/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.meter;

import org.opendaylight.vias.overlay.Ipv4;

/** Builds Ethernet frames for the meter's tests. */
final class TestFrames {
    private TestFrames() {
    }

    static byte[] tcp(String src, int srcPort, String dst, int dstPort, int length) {
        return ipv4(FlowKey.TCP, Ipv4.parse(src), srcPort, Ipv4.parse(dst), dstPort, length);
    }

    static byte[] udp(String src, int srcPort, String dst, int dstPort, int length) {
        return ipv4(FlowKey.UDP, Ipv4.parse(src), srcPort, Ipv4.parse(dst), dstPort, length);
    }

    /** An IPv4 frame of {@code length} bytes with a 20-byte IP header; ports written for TCP/UDP. */
    static byte[] ipv4(int protocol, int src, int srcPort, int dst, int dstPort, int length) {
        final byte[] f = new byte[length];
        f[0] = 0x02;
        f[5] = 0x02;
        f[6] = 0x02;
        f[11] = 0x01;
        f[12] = 0x08;
        f[13] = 0x00;
        f[14] = 0x45;
        final int total = length - 14;
        f[16] = (byte) (total >>> 8);
        f[17] = (byte) total;
        f[22] = 64;
        f[23] = (byte) protocol;
        putInt(f, 26, src);
        putInt(f, 30, dst);
        f[34] = (byte) (srcPort >>> 8);
        f[35] = (byte) srcPort;
        f[36] = (byte) (dstPort >>> 8);
        f[37] = (byte) dstPort;
        return f;
    }

    static byte[] arp() {
        final byte[] f = new byte[60];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) 0xff;
        }
        f[6] = 0x02;
        f[12] = 0x08;
        f[13] = 0x06;
        return f;
    }

    private static void putInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }
}
