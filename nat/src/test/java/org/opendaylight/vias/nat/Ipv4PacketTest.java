/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.nat.Frames.GATEWAY_MAC;
import static org.opendaylight.vias.nat.Frames.NVM1_MAC;
import static org.opendaylight.vias.nat.Frames.ip;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.rules.HostPort;

class Ipv4PacketTest {
    private final DropCounter drops = new DropCounter();

    private void assertDropped(final byte[] frame, final DropReason reason) {
        final long before = drops.get(reason);
        final PacketResult<Ipv4Packet> r = Ipv4Packet.parse(frame, drops);
        assertFalse(r.isOk());
        assertEquals(reason, r.dropped());
        assertEquals(before + 1, drops.get(reason));
    }

    @Test
    void extractsTheFiveTupleOfTcpAndUdp() {
        final Ipv4Packet tcp = Ipv4Packet.parse(Frames.tcp(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"), 40000,
            ip("198.51.100.7"), 8080), drops).value();
        assertEquals(NatProtocol.TCP, tcp.protocol());
        assertEquals(HostPort.of("192.168.1.2", 40000), tcp.source());
        assertEquals(HostPort.of("198.51.100.7", 8080), tcp.destination());
        assertEquals(NVM1_MAC, tcp.ethSrc());
        assertEquals(GATEWAY_MAC, tcp.ethDst());
        final Ipv4Packet udp = Ipv4Packet.parse(Frames.udp(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"), 5353,
            ip("198.51.100.7"), 53, 11), drops).value();
        assertEquals(NatProtocol.UDP, udp.protocol());
        assertEquals(5353, udp.srcPort());
        assertEquals(53, udp.dstPort());
        assertEquals(0, drops.total());
    }

    @Test
    void readsPortsBehindIpOptionsAndIgnoresEthernetPadding() {
        final byte[] withOptions = Frames.ipv4(NVM1_MAC, GATEWAY_MAC, 6, ip("192.168.1.2"), ip("198.51.100.7"),
            Arrays.copyOfRange(Frames.tcp(NVM1_MAC, GATEWAY_MAC, 1, 1234, 2, 80), 34, 54), 2);
        final Ipv4Packet p = Ipv4Packet.parse(withOptions, drops).value();
        assertEquals(28, p.ipHeaderLength());
        assertEquals(1234, p.srcPort());
        assertEquals(80, p.dstPort());
        final byte[] padded = Arrays.copyOf(Frames.udp(NVM1_MAC, GATEWAY_MAC, 1, 7, 2, 9, 0), 60);
        assertEquals(7, Ipv4Packet.parse(padded, drops).value().srcPort());
    }

    @Test
    void icmpEchoCarriesItsIdentifierInBothPortFields() {
        final Ipv4Packet p = Ipv4Packet.parse(Frames.echo(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"),
            ip("198.51.100.7"), 8, 0x4242, 1), drops).value();
        assertEquals(NatProtocol.ICMP, p.protocol());
        assertEquals(8, p.icmpType());
        assertEquals(0x4242, p.srcPort());
        assertEquals(0x4242, p.dstPort());
    }

    @Test
    void rejectsMalformedFramesWithACountedReason() {
        final byte[] good = Frames.tcp(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"), 40000, ip("198.51.100.7"), 80);
        assertDropped(null, DropReason.NULL_FRAME);
        assertDropped(new byte[13], DropReason.TRUNCATED_ETHERNET);
        assertDropped(Arrays.copyOf(good, 30), DropReason.TRUNCATED_IPV4);

        final byte[] vlan = good.clone();
        vlan[12] = (byte) 0x81;
        vlan[13] = 0;
        assertDropped(vlan, DropReason.VLAN_TAGGED);
        assertDropped(Frames.arpRequest(NVM1_MAC, 1, 2), DropReason.NOT_IPV4);

        final byte[] v6 = good.clone();
        v6[14] = 0x65;
        assertDropped(v6, DropReason.BAD_IP_VERSION);
        final byte[] shortIhl = good.clone();
        shortIhl[14] = 0x44;
        assertDropped(shortIhl, DropReason.BAD_IP_HEADER_LENGTH);
        final byte[] longIhl = good.clone();
        longIhl[14] = 0x4F;
        assertDropped(Arrays.copyOf(longIhl, 40), DropReason.BAD_IP_HEADER_LENGTH);

        final byte[] longTotal = withIpHeader(good, 16, 0x05DC);
        assertDropped(longTotal, DropReason.BAD_IP_TOTAL_LENGTH);
        final byte[] tinyTotal = withIpHeader(good, 16, 10);
        assertDropped(tinyTotal, DropReason.BAD_IP_TOTAL_LENGTH);

        final byte[] badSum = good.clone();
        badSum[24] ^= 0x01;
        assertDropped(badSum, DropReason.BAD_IP_CHECKSUM);

        assertDropped(withIpHeader(good, 20, 0x2000), DropReason.IP_FRAGMENT);
        assertDropped(withIpHeader(good, 20, 0x0010), DropReason.IP_FRAGMENT);

        final byte[] gre = withIpHeader(good, 22, 64 << 8 | 47);
        assertDropped(gre, DropReason.UNSUPPORTED_PROTOCOL);
    }

    @Test
    void rejectsTruncatedOrInconsistentL4Headers() {
        final byte[] tcp = Frames.tcp(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"), 40000, ip("198.51.100.7"), 80);
        // TCP header cut to 10 bytes, IP total length saying so
        assertDropped(withIpHeader(Arrays.copyOf(tcp, 44), 16, 30), DropReason.TRUNCATED_L4);
        final byte[] badOffset = tcp.clone();
        badOffset[34 + 12] = 0x40; // data offset 4 words < 5
        assertDropped(badOffset, DropReason.BAD_TCP_HEADER_LENGTH);
        final byte[] hugeOffset = tcp.clone();
        hugeOffset[34 + 12] = (byte) 0xF0; // 60 bytes > 20 present
        assertDropped(hugeOffset, DropReason.BAD_TCP_HEADER_LENGTH);

        final byte[] udp = Frames.udp(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"), 1, ip("198.51.100.7"), 2, 4);
        assertDropped(withIpHeader(Arrays.copyOf(udp, 40), 16, 26), DropReason.TRUNCATED_L4);
        final byte[] udpTooLong = udp.clone();
        Checksums.putU16(udpTooLong, 34 + 4, 200);
        assertDropped(udpTooLong, DropReason.BAD_UDP_LENGTH);
        final byte[] udpTooShort = udp.clone();
        Checksums.putU16(udpTooShort, 34 + 4, 7);
        assertDropped(udpTooShort, DropReason.BAD_UDP_LENGTH);

        final byte[] icmp = Frames.echo(NVM1_MAC, GATEWAY_MAC, 1, 2, 8, 1, 1);
        assertDropped(withIpHeader(Arrays.copyOf(icmp, 38), 16, 24), DropReason.TRUNCATED_L4);
    }

    @Test
    void neverThrowsOnArbitraryBytesOrTruncations() {
        final Random random = new Random(6);
        final byte[] good = Frames.udp(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"), 1, ip("198.51.100.7"), 2, 30);
        for (int len = 0; len < good.length; len++) {
            assertFalse(Ipv4Packet.parse(Arrays.copyOf(good, len), drops).isOk(), "truncated to " + len);
        }
        for (int i = 0; i < 20_000; i++) {
            final byte[] noise = new byte[random.nextInt(80)];
            random.nextBytes(noise);
            if (noise.length > 14 && random.nextBoolean()) {
                noise[12] = 0x08;
                noise[13] = 0x00;
                noise[14] = 0x45;
            }
            Ipv4Packet.parse(noise, drops); // must not throw
            final byte[] flipped = good.clone();
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
            Ipv4Packet.parse(flipped, drops);
        }
        assertTrue(drops.total() > 20_000);
    }

    /** A copy with a 16-bit IP header field replaced and the header checksum fixed, so only that field is wrong. */
    static byte[] withIpHeader(final byte[] frame, final int offset, final int value) {
        final byte[] out = frame.clone();
        Checksums.putU16(out, offset, value);
        final int ihl = (out[14] & 0x0F) * 4;
        Checksums.putU16(out, 24, 0);
        Checksums.putU16(out, 24, Checksums.checksum(out, 14, Math.min(ihl, out.length - 14)));
        return out;
    }
}
