/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import static org.opendaylight.vias.nat.Checksums.u16;
import static org.opendaylight.vias.nat.Checksums.u32;

import org.opendaylight.vias.rules.HostPort;
import org.opendaylight.vias.rules.MacAddress;

/**
 * The headers of one untagged Ethernet/IPv4 frame carrying TCP, UDP or ICMP, as far as the NAT needs them: the
 * 5-tuple of a punted first packet, or the type and identifier of an ICMP echo. Offsets point into the frame the
 * packet was parsed from.
 *
 * @param srcPort TCP/UDP source port; for ICMP the echo identifier (0 for other ICMP types)
 * @param dstPort TCP/UDP destination port; for ICMP the echo identifier too (so a lookup by either side works)
 * @param icmpType the ICMP type, or -1 for TCP/UDP
 */
public record Ipv4Packet(MacAddress ethSrc, MacAddress ethDst, NatProtocol protocol, int srcIp, int dstIp,
        int srcPort, int dstPort, int ttl, int icmpType, int icmpCode, int ipHeaderLength, int ipTotalLength) {

    public static final int ETH_HEADER = 14;
    public static final int IP_OFFSET = ETH_HEADER;
    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_VLAN = 0x8100;
    private static final int ETH_QINQ = 0x88a8;

    /** Where the L4 header starts in the frame. */
    public int l4Offset() {
        return IP_OFFSET + ipHeaderLength;
    }

    /** The L4 bytes (header and payload) as the IP total length says. */
    public int l4Length() {
        return ipTotalLength - ipHeaderLength;
    }

    public HostPort source() {
        return new HostPort(srcIp, srcPort);
    }

    public HostPort destination() {
        return new HostPort(dstIp, dstPort);
    }

    /**
     * Parses and checks a frame: Ethernet II without VLAN tag, IPv4 with a valid header checksum, not a fragment,
     * and a complete TCP, UDP or ICMP header. Anything else is dropped with its reason counted; this never throws.
     */
    public static PacketResult<Ipv4Packet> parse(final byte[] frame, final DropCounter drops) {
        if (frame == null) {
            return PacketResult.drop(DropReason.NULL_FRAME, drops);
        }
        if (frame.length < ETH_HEADER) {
            return PacketResult.drop(DropReason.TRUNCATED_ETHERNET, drops);
        }
        final int ethType = u16(frame, 12);
        if (ethType == ETH_VLAN || ethType == ETH_QINQ) {
            return PacketResult.drop(DropReason.VLAN_TAGGED, drops);
        }
        if (ethType != ETH_IPV4) {
            return PacketResult.drop(DropReason.NOT_IPV4, drops);
        }
        if (frame.length < IP_OFFSET + 20) {
            return PacketResult.drop(DropReason.TRUNCATED_IPV4, drops);
        }
        final int versionIhl = frame[IP_OFFSET] & 0xFF;
        if (versionIhl >>> 4 != 4) {
            return PacketResult.drop(DropReason.BAD_IP_VERSION, drops);
        }
        final int ihl = (versionIhl & 0x0F) * 4;
        if (ihl < 20 || IP_OFFSET + ihl > frame.length) {
            return PacketResult.drop(DropReason.BAD_IP_HEADER_LENGTH, drops);
        }
        final int totalLength = u16(frame, IP_OFFSET + 2);
        // The frame may be longer (Ethernet padding), never shorter.
        if (totalLength < ihl || IP_OFFSET + totalLength > frame.length) {
            return PacketResult.drop(DropReason.BAD_IP_TOTAL_LENGTH, drops);
        }
        if (!Checksums.verifies(frame, IP_OFFSET, ihl)) {
            return PacketResult.drop(DropReason.BAD_IP_CHECKSUM, drops);
        }
        final int flagsFragment = u16(frame, IP_OFFSET + 6);
        // More-fragments set or a non-zero offset: later fragments carry no ports, so no rule or table can
        // translate them consistently.
        if ((flagsFragment & 0x2000) != 0 || (flagsFragment & 0x1FFF) != 0) {
            return PacketResult.drop(DropReason.IP_FRAGMENT, drops);
        }
        final int ttl = frame[IP_OFFSET + 8] & 0xFF;
        final int proto = frame[IP_OFFSET + 9] & 0xFF;
        final int srcIp = u32(frame, IP_OFFSET + 12);
        final int dstIp = u32(frame, IP_OFFSET + 16);
        final MacAddress ethDst = MacAddress.of(frame, 0);
        final MacAddress ethSrc = MacAddress.of(frame, 6);
        final int l4 = IP_OFFSET + ihl;
        final int l4Length = totalLength - ihl;
        switch (proto) {
            case 6: {
                if (l4Length < 20) {
                    return PacketResult.drop(DropReason.TRUNCATED_L4, drops);
                }
                final int dataOffset = (frame[l4 + 12] & 0xFF) >>> 4;
                if (dataOffset < 5 || dataOffset * 4 > l4Length) {
                    return PacketResult.drop(DropReason.BAD_TCP_HEADER_LENGTH, drops);
                }
                return PacketResult.ok(new Ipv4Packet(ethSrc, ethDst, NatProtocol.TCP, srcIp, dstIp, u16(frame, l4),
                    u16(frame, l4 + 2), ttl, -1, -1, ihl, totalLength));
            }
            case 17: {
                if (l4Length < 8) {
                    return PacketResult.drop(DropReason.TRUNCATED_L4, drops);
                }
                final int udpLength = u16(frame, l4 + 4);
                if (udpLength < 8 || udpLength > l4Length) {
                    return PacketResult.drop(DropReason.BAD_UDP_LENGTH, drops);
                }
                return PacketResult.ok(new Ipv4Packet(ethSrc, ethDst, NatProtocol.UDP, srcIp, dstIp, u16(frame, l4),
                    u16(frame, l4 + 2), ttl, -1, -1, ihl, totalLength));
            }
            case 1: {
                if (l4Length < 8) {
                    return PacketResult.drop(DropReason.TRUNCATED_L4, drops);
                }
                final int type = frame[l4] & 0xFF;
                final int code = frame[l4 + 1] & 0xFF;
                final int id = type == 0 || type == 8 ? u16(frame, l4 + 4) : 0;
                return PacketResult.ok(new Ipv4Packet(ethSrc, ethDst, NatProtocol.ICMP, srcIp, dstIp, id, id, ttl,
                    type, code, ihl, totalLength));
            }
            default:
                return PacketResult.drop(DropReason.UNSUPPORTED_PROTOCOL, drops);
        }
    }
}
