/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay;

/** Builds Ethernet frames for tests. */
public final class Frames {
    private Frames() {
    }

    public static byte[] mac(int last) {
        return new byte[] {0x02, 0, 0, 0, 0, (byte) last};
    }

    public static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    /** An Ethernet frame with the given MACs, EtherType and payload length (payload bytes are a counter). */
    public static byte[] ethernet(byte[] dst, byte[] src, int etherType, int payloadLength) {
        final byte[] frame = new byte[14 + payloadLength];
        System.arraycopy(dst, 0, frame, 0, 6);
        System.arraycopy(src, 0, frame, 6, 6);
        frame[12] = (byte) (etherType >> 8);
        frame[13] = (byte) etherType;
        for (int i = 0; i < payloadLength; i++) {
            frame[14 + i] = (byte) i;
        }
        return frame;
    }

    /** An IPv4 frame to {@code dstIp} (header fields beyond what forwarding reads are left zero except DF). */
    public static byte[] ipv4(byte[] dst, byte[] src, int srcIp, int dstIp, int totalLength, boolean dontFragment) {
        final byte[] frame = ethernet(dst, src, 0x0800, totalLength);
        frame[14] = 0x45;
        frame[16] = (byte) (totalLength >> 8);
        frame[17] = (byte) totalLength;
        frame[20] = (byte) (dontFragment ? 0x40 : 0);
        frame[22] = 64;
        frame[23] = 6;
        for (int i = 0; i < 4; i++) {
            frame[26 + i] = (byte) (srcIp >>> 24 - 8 * i);
            frame[30 + i] = (byte) (dstIp >>> 24 - 8 * i);
        }
        return frame;
    }
}
