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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.nat.Frames.GATEWAY_MAC;
import static org.opendaylight.vias.nat.Frames.NVM1_MAC;
import static org.opendaylight.vias.nat.Frames.NVM2_MAC;
import static org.opendaylight.vias.nat.Frames.UPSTREAM_MAC;
import static org.opendaylight.vias.nat.Frames.ip;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.rules.MacAddress;

class IcmpEchoNatTest {
    private static final int NVM1 = ip("192.168.1.2");
    private static final int NVM2 = ip("192.168.1.3");
    private static final int HOST = ip("10.0.0.1");
    private static final int SERVER = ip("198.51.100.7");
    /** Uplink-side MACs of replies coming in: from the server's, to the host's. */
    private static final MacAddress SERVER_MAC = MacAddress.of("02:00:00:00:00:fe");
    private static final MacAddress HOST_MAC = MacAddress.of("02:00:00:00:00:01");

    private final MutableClock clock = new MutableClock();
    private final DropCounter drops = new DropCounter();
    private final IcmpEchoNat nat = new IcmpEchoNat(NatConfigTest.seed(),
        new PortAllocator(20000, 20001, Duration.ofSeconds(30), HostPortProbe.none(), clock), drops);

    /** What the outside server answers to a translated request. */
    private static byte[] serverReply(final byte[] translatedRequest) {
        final Ipv4Packet p = Ipv4Packet.parse(translatedRequest, new DropCounter()).value();
        return Frames.echo(SERVER_MAC, HOST_MAC, p.dstIp(), p.srcIp(), 0, p.srcPort(),
            Checksums.u16(translatedRequest, p.l4Offset() + 6));
    }

    private static void assertChecksumsVerify(final byte[] frame) {
        final Ipv4Packet p = Ipv4Packet.parse(frame, new DropCounter()).value(); // verifies the IP checksum
        assertTrue(Checksums.verifies(frame, p.l4Offset(), p.l4Length()), "ICMP checksum");
    }

    @Test
    void translatesAnEchoRequestToTheHostAndItsReplyBack() {
        final byte[] request = Frames.echo(NVM1_MAC, GATEWAY_MAC, NVM1, SERVER, 8, 0x0101, 7);
        final IcmpEchoNat.Outbound out = nat.outbound(request, UPSTREAM_MAC).value();
        final Ipv4Packet sent = Ipv4Packet.parse(out.frame(), drops).value();
        assertEquals(HOST, sent.srcIp());
        assertEquals(SERVER, sent.dstIp());
        assertEquals(out.mapping().external().port(), sent.srcPort());
        assertEquals(20000, sent.srcPort());
        assertEquals(UPSTREAM_MAC, sent.ethDst());
        assertEquals(GATEWAY_MAC, sent.ethSrc());
        assertChecksumsVerify(out.frame());
        // payload and sequence are untouched
        assertArrayEquals(Arrays.copyOfRange(request, 40, request.length),
            Arrays.copyOfRange(out.frame(), 40, out.frame().length));

        final IcmpEchoNat.Inbound in = nat.inbound(serverReply(out.frame())).value();
        final Ipv4Packet back = Ipv4Packet.parse(in.frame(), drops).value();
        assertEquals(NVM1, back.dstIp());
        assertEquals(SERVER, back.srcIp());
        assertEquals(0x0101, back.dstPort());
        assertEquals(0, back.icmpType());
        assertEquals(NVM1_MAC, back.ethDst());
        assertEquals(GATEWAY_MAC, back.ethSrc());
        assertEquals(NVM1_MAC, in.nestedMac());
        assertChecksumsVerify(in.frame());
        assertEquals(0, drops.total());
    }

    @Test
    void twoNestedVmsWithTheSameIdentifierGetDifferentHostIdentifiers() {
        final IcmpEchoNat.Outbound out1 = nat.outbound(Frames.echo(NVM1_MAC, GATEWAY_MAC, NVM1, SERVER, 8, 99, 1),
            UPSTREAM_MAC).value();
        final IcmpEchoNat.Outbound out2 = nat.outbound(Frames.echo(NVM2_MAC, GATEWAY_MAC, NVM2, SERVER, 8, 99, 1),
            UPSTREAM_MAC).value();
        assertNotEquals(out1.mapping().external().port(), out2.mapping().external().port());
        // the next ping of the same session keeps its identifier
        assertEquals(out1.mapping(), nat.outbound(Frames.echo(NVM1_MAC, GATEWAY_MAC, NVM1, SERVER, 8, 99, 2),
            UPSTREAM_MAC).value().mapping());
        final IcmpEchoNat.Inbound in2 = nat.inbound(serverReply(out2.frame())).value();
        assertEquals(NVM2, Ipv4Packet.parse(in2.frame(), drops).value().dstIp());
        assertEquals(NVM2_MAC, in2.nestedMac());
        final IcmpEchoNat.Inbound in1 = nat.inbound(serverReply(out1.frame())).value();
        assertEquals(NVM1_MAC, in1.nestedMac());
    }

    @Test
    void exhaustedIdentifiersAndUnknownRepliesAreCountedDrops() {
        nat.outbound(Frames.echo(NVM1_MAC, GATEWAY_MAC, NVM1, SERVER, 8, 1, 1), UPSTREAM_MAC);
        nat.outbound(Frames.echo(NVM2_MAC, GATEWAY_MAC, NVM2, SERVER, 8, 1, 1), UPSTREAM_MAC);
        final PacketResult<IcmpEchoNat.Outbound> third = nat.outbound(
            Frames.echo(NVM1_MAC, GATEWAY_MAC, NVM1, SERVER, 8, 2, 1), UPSTREAM_MAC);
        assertEquals(DropReason.ECHO_ID_POOL_EXHAUSTED, third.dropped());
        // the host's own ping: an identifier the NAT never handed out
        final PacketResult<IcmpEchoNat.Inbound> hostsOwn = nat.inbound(
            Frames.echo(SERVER_MAC, HOST_MAC, SERVER, HOST, 0, 4242, 1));
        assertEquals(DropReason.UNKNOWN_ECHO_ID, hostsOwn.dropped());
        assertEquals(1, drops.get(DropReason.UNKNOWN_ECHO_ID));
    }

    @Test
    void identifiersExpireWhenIdle() {
        final IcmpEchoNat.Outbound out = nat.outbound(Frames.echo(NVM1_MAC, GATEWAY_MAC, NVM1, SERVER, 8, 5, 1),
            UPSTREAM_MAC).value();
        clock.advance(Duration.ofSeconds(30));
        assertEquals(List.of(out.mapping()), nat.expireIdle());
        assertEquals(DropReason.UNKNOWN_ECHO_ID, nat.inbound(serverReply(out.frame())).dropped());
        assertTrue(nat.mappings().isEmpty());
    }

    @Test
    void rejectsWhatIsNotNatEcho() {
        assertEquals(DropReason.NOT_ECHO_REQUEST,
            nat.outbound(Frames.echo(NVM1_MAC, GATEWAY_MAC, NVM1, SERVER, 0, 5, 1), UPSTREAM_MAC).dropped());
        assertEquals(DropReason.NOT_ECHO_REQUEST,
            nat.outbound(Frames.tcp(NVM1_MAC, GATEWAY_MAC, NVM1, 1, SERVER, 2), UPSTREAM_MAC).dropped());
        assertEquals(DropReason.NOT_FROM_NESTED_LAN,
            nat.outbound(Frames.echo(NVM1_MAC, GATEWAY_MAC, ip("172.16.0.9"), SERVER, 8, 5, 1), UPSTREAM_MAC)
                .dropped());
        assertEquals(DropReason.DESTINATION_IN_NESTED_LAN,
            nat.outbound(Frames.echo(NVM1_MAC, GATEWAY_MAC, NVM1, NVM2, 8, 5, 1), UPSTREAM_MAC).dropped());
        assertEquals(DropReason.NOT_ECHO_REPLY,
            nat.inbound(Frames.echo(NVM1_MAC, GATEWAY_MAC, SERVER, HOST, 8, 5, 1)).dropped());
        assertEquals(DropReason.NOT_TO_HOST,
            nat.inbound(Frames.echo(NVM1_MAC, GATEWAY_MAC, SERVER, ip("10.0.0.2"), 0, 5, 1)).dropped());
        final byte[] badSum = Frames.echo(NVM1_MAC, GATEWAY_MAC, NVM1, SERVER, 8, 5, 1);
        badSum[badSum.length - 1] ^= 0x40;
        assertEquals(DropReason.BAD_ICMP_CHECKSUM, nat.outbound(badSum, UPSTREAM_MAC).dropped());
        assertFalse(nat.outbound(null, UPSTREAM_MAC).isOk());
        assertTrue(nat.mappings().isEmpty());
    }

    @Test
    void theGatewayAnswersPingsToItself() {
        final byte[] request = Frames.echo(NVM1_MAC, GATEWAY_MAC, NVM1, ip("192.168.1.1"), 8, 12, 3);
        final byte[] reply = nat.gatewayReply(request).value();
        final Ipv4Packet p = Ipv4Packet.parse(reply, drops).value();
        assertEquals(0, p.icmpType());
        assertEquals(ip("192.168.1.1"), p.srcIp());
        assertEquals(NVM1, p.dstIp());
        assertEquals(12, p.srcPort());
        assertEquals(NVM1_MAC, p.ethDst());
        assertEquals(GATEWAY_MAC, p.ethSrc());
        assertChecksumsVerify(reply);
    }

    @Test
    void neverThrowsOnNoise() {
        final Random random = new Random(8);
        final byte[] request = Frames.echo(NVM1_MAC, GATEWAY_MAC, NVM1, SERVER, 8, 5, 1);
        final byte[] reply = Frames.echo(SERVER_MAC, HOST_MAC, SERVER, HOST, 0, 20000, 1);
        for (int i = 0; i < 10_000; i++) {
            final byte[] a = Arrays.copyOf(request, random.nextInt(request.length + 10));
            final byte[] b = reply.clone();
            b[random.nextInt(b.length)] = (byte) random.nextInt();
            if (a.length > 0) {
                a[random.nextInt(a.length)] ^= (byte) random.nextInt();
            }
            nat.outbound(a, UPSTREAM_MAC);
            nat.inbound(b);
            nat.gatewayReply(a);
        }
        assertTrue(drops.total() > 0);
    }
}
