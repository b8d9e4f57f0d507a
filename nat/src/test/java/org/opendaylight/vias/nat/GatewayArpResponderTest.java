/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.opendaylight.vias.nat.Frames.GATEWAY_MAC;
import static org.opendaylight.vias.nat.Frames.NVM1_MAC;
import static org.opendaylight.vias.nat.Frames.ip;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.rules.MacAddress;

class GatewayArpResponderTest {
    private final DropCounter drops = new DropCounter();
    private final GatewayArpResponder responder = GatewayArpResponder.forConfig(NatConfigTest.seed(), drops);

    private void assertDropped(final byte[] frame, final DropReason reason) {
        final long before = drops.get(reason);
        final PacketResult<byte[]> r = responder.reply(frame);
        assertFalse(r.isOk());
        assertEquals(reason, r.dropped());
        assertEquals(before + 1, drops.get(reason));
    }

    @Test
    void answersWhoHasGatewayWithTheGatewayMac() {
        final byte[] request = Frames.arpRequest(NVM1_MAC, ip("192.168.1.2"), ip("192.168.1.1"));
        final byte[] reply = responder.reply(request).value();
        // dst nVM, src gateway, ARP, Ethernet/IPv4 6/4, op 2, sender gateway, target nVM; padded to 60 bytes
        final String expected = "020000000102" + "000000112233" + "0806" + "0001" + "0800" + "06" + "04" + "0002"
            + "000000112233" + "c0a80101" + "020000000102" + "c0a80102" + "00".repeat(18);
        assertEquals(expected, HexFormat.of().formatHex(reply));
        final ArpPacket parsed = ArpPacket.parse(reply, drops).value();
        assertEquals(ArpPacket.REPLY, parsed.op());
        assertEquals(GATEWAY_MAC, parsed.senderMac());
        assertEquals(0, drops.total());
    }

    @Test
    void answersAnAddressProbeToo() {
        final byte[] probe = Frames.arpRequest(NVM1_MAC, 0, ip("192.168.1.1"));
        final ArpPacket reply = ArpPacket.parse(responder.reply(probe).value(), drops).value();
        assertEquals(0, reply.targetIp());
        assertEquals(NVM1_MAC, reply.targetMac());
    }

    @Test
    void dropsWhatIsNotARequestForTheGateway() {
        assertDropped(null, DropReason.NULL_FRAME);
        assertDropped(new byte[5], DropReason.TRUNCATED_ETHERNET);
        assertDropped(Frames.tcp(NVM1_MAC, GATEWAY_MAC, 1, 2, 3, 4), DropReason.NOT_ARP);
        final byte[] request = Frames.arpRequest(NVM1_MAC, ip("192.168.1.2"), ip("192.168.1.1"));
        assertDropped(Arrays.copyOf(request, 41), DropReason.TRUNCATED_ARP);
        final byte[] ipv6Arp = request.clone();
        ipv6Arp[16] = (byte) 0x86;
        assertDropped(ipv6Arp, DropReason.BAD_ARP_FORMAT);
        final byte[] longHw = request.clone();
        longHw[18] = 8;
        assertDropped(longHw, DropReason.BAD_ARP_FORMAT);
        final byte[] reply = request.clone();
        reply[21] = 2;
        assertDropped(reply, DropReason.NOT_ARP_REQUEST);
        assertDropped(Frames.arpRequest(NVM1_MAC, ip("192.168.1.2"), ip("192.168.1.3")),
            DropReason.ARP_NOT_FOR_GATEWAY);
        assertDropped(Frames.arpRequest(MacAddress.BROADCAST, ip("192.168.1.2"), ip("192.168.1.1")),
            DropReason.BAD_ARP_SENDER);
    }

    @Test
    void neverThrowsOnNoise() {
        final Random random = new Random(42);
        final byte[] request = Frames.arpRequest(NVM1_MAC, ip("192.168.1.2"), ip("192.168.1.1"));
        for (int i = 0; i < 10_000; i++) {
            final byte[] noise = Arrays.copyOf(request, random.nextInt(70));
            for (int flips = random.nextInt(4); flips > 0 && noise.length > 0; flips--) {
                noise[random.nextInt(noise.length)] = (byte) random.nextInt();
            }
            responder.reply(noise);
        }
    }

    @Test
    void buildsABroadcastRequestForTheUpstreamNextHop() {
        final byte[] request = ArpPacket.request(GATEWAY_MAC, ip("10.0.0.1"), ip("10.0.0.254"));
        assertArrayEquals(MacAddress.BROADCAST.toBytes(), Arrays.copyOf(request, 6));
        final ArpPacket parsed = ArpPacket.parse(request, drops).value();
        assertEquals(ArpPacket.REQUEST, parsed.op());
        assertEquals(ip("10.0.0.254"), parsed.targetIp());
        assertEquals(ip("10.0.0.1"), parsed.senderIp());
    }
}
