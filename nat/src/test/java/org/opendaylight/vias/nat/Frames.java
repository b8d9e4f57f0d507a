/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import java.nio.ByteBuffer;
import org.opendaylight.vias.rules.Ipv4Prefix;
import org.opendaylight.vias.rules.MacAddress;

/** Builds well-formed test frames (correct checksums) that tests then break on purpose. */
final class Frames {
    static final MacAddress NVM1_MAC = MacAddress.of("02:00:00:00:01:02");
    static final MacAddress NVM2_MAC = MacAddress.of("02:00:00:00:01:03");
    static final MacAddress GATEWAY_MAC = MacAddress.of("00:00:00:11:22:33");
    static final MacAddress UPSTREAM_MAC = MacAddress.of("02:00:00:00:00:fe");

    private Frames() {
    }

    static int ip(final String dotted) {
        return Ipv4Prefix.parseAddress(dotted);
    }

    /** Ethernet + IPv4 (20-byte header, or longer with {@code optionWords} NOP words) + the given L4 bytes. */
    static byte[] ipv4(final MacAddress src, final MacAddress dst, final int proto, final int srcIp,
            final int dstIp, final byte[] l4, final int optionWords) {
        final int ihl = 20 + optionWords * 4;
        final ByteBuffer b = ByteBuffer.allocate(14 + ihl + l4.length);
        b.put(dst.toBytes()).put(src.toBytes()).putShort((short) 0x0800);
        b.put((byte) (0x40 | ihl / 4)).put((byte) 0).putShort((short) (ihl + l4.length));
        b.putShort((short) 0x1234).putShort((short) 0x4000); // DF, no fragment
        b.put((byte) 64).put((byte) proto).putShort((short) 0).putInt(srcIp).putInt(dstIp);
        for (int i = 0; i < optionWords * 4; i++) {
            b.put((byte) 1);
        }
        b.put(l4);
        final byte[] frame = b.array();
        Checksums.putU16(frame, 24, Checksums.checksum(frame, 14, ihl));
        return frame;
    }

    static byte[] tcp(final MacAddress src, final MacAddress dst, final int srcIp, final int srcPort,
            final int dstIp, final int dstPort) {
        final ByteBuffer t = ByteBuffer.allocate(20);
        t.putShort((short) srcPort).putShort((short) dstPort).putInt(1).putInt(0);
        t.put((byte) 0x50).put((byte) 0x02).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        return ipv4(src, dst, 6, srcIp, dstIp, t.array(), 0);
    }

    static byte[] udp(final MacAddress src, final MacAddress dst, final int srcIp, final int srcPort,
            final int dstIp, final int dstPort, final int payload) {
        final ByteBuffer u = ByteBuffer.allocate(8 + payload);
        u.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload)).putShort((short) 0);
        return ipv4(src, dst, 17, srcIp, dstIp, u.array(), 0);
    }

    /** ICMP echo (type 8 request / 0 reply) with an odd-length payload, to exercise checksum padding. */
    static byte[] echo(final MacAddress src, final MacAddress dst, final int srcIp, final int dstIp, final int type,
            final int id, final int seq) {
        final byte[] payload = "VIAS ping payload".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final ByteBuffer i = ByteBuffer.allocate(8 + payload.length);
        i.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq).put(payload);
        final byte[] icmp = i.array();
        Checksums.putU16(icmp, 2, Checksums.checksum(icmp, 0, icmp.length));
        return ipv4(src, dst, 1, srcIp, dstIp, icmp, 0);
    }

    static byte[] arpRequest(final MacAddress sender, final int senderIp, final int targetIp) {
        return ArpPacket.request(sender, senderIp, targetIp);
    }
}
