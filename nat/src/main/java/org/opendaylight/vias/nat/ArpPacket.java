/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import static org.opendaylight.vias.nat.Checksums.putU16;
import static org.opendaylight.vias.nat.Checksums.putU32;
import static org.opendaylight.vias.nat.Checksums.u16;
import static org.opendaylight.vias.nat.Checksums.u32;

import org.opendaylight.vias.rules.MacAddress;

/**
 * An Ethernet/IPv4 ARP packet (RFC 826): parsing with counted drops, and building requests and replies.
 *
 * @param op 1 request, 2 reply
 */
public record ArpPacket(int op, MacAddress senderMac, int senderIp, MacAddress targetMac, int targetIp) {
    public static final int REQUEST = 1;
    public static final int REPLY = 2;
    /** Ethernet's minimum frame without FCS; ARP frames are padded to it. */
    public static final int MIN_FRAME = 60;
    private static final int ETH_ARP = 0x0806;
    private static final int ARP_LENGTH = 28;

    /** Parses an untagged Ethernet frame carrying IPv4-over-Ethernet ARP; never throws. */
    public static PacketResult<ArpPacket> parse(final byte[] frame, final DropCounter drops) {
        if (frame == null) {
            return PacketResult.drop(DropReason.NULL_FRAME, drops);
        }
        if (frame.length < Ipv4Packet.ETH_HEADER) {
            return PacketResult.drop(DropReason.TRUNCATED_ETHERNET, drops);
        }
        if (u16(frame, 12) != ETH_ARP) {
            return PacketResult.drop(DropReason.NOT_ARP, drops);
        }
        if (frame.length < Ipv4Packet.ETH_HEADER + ARP_LENGTH) {
            return PacketResult.drop(DropReason.TRUNCATED_ARP, drops);
        }
        final int a = Ipv4Packet.ETH_HEADER;
        // hardware type Ethernet(1), protocol IPv4, address lengths 6 and 4: the only ARP the NAT speaks
        if (u16(frame, a) != 1 || u16(frame, a + 2) != 0x0800 || frame[a + 4] != 6 || frame[a + 5] != 4) {
            return PacketResult.drop(DropReason.BAD_ARP_FORMAT, drops);
        }
        final int op = u16(frame, a + 6);
        return PacketResult.ok(new ArpPacket(op, MacAddress.of(frame, a + 8), u32(frame, a + 14),
            MacAddress.of(frame, a + 18), u32(frame, a + 24)));
    }

    /** A broadcast who-has request, e.g. to learn the upstream next hop's MAC. */
    public static byte[] request(final MacAddress senderMac, final int senderIp, final int targetIp) {
        return frame(MacAddress.BROADCAST, new ArpPacket(REQUEST, senderMac, senderIp,
            MacAddress.of("00:00:00:00:00:00"), targetIp));
    }

    /** This ARP packet in an Ethernet frame from its sender to {@code ethDst}, padded to 60 bytes. */
    public static byte[] frame(final MacAddress ethDst, final ArpPacket arp) {
        final byte[] out = new byte[MIN_FRAME];
        System.arraycopy(ethDst.toBytes(), 0, out, 0, 6);
        System.arraycopy(arp.senderMac.toBytes(), 0, out, 6, 6);
        putU16(out, 12, ETH_ARP);
        final int a = Ipv4Packet.ETH_HEADER;
        putU16(out, a, 1);
        putU16(out, a + 2, 0x0800);
        out[a + 4] = 6;
        out[a + 5] = 4;
        putU16(out, a + 6, arp.op);
        System.arraycopy(arp.senderMac.toBytes(), 0, out, a + 8, 6);
        putU32(out, a + 14, arp.senderIp);
        System.arraycopy(arp.targetMac.toBytes(), 0, out, a + 18, 6);
        putU32(out, a + 24, arp.targetIp);
        return out;
    }
}
