/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.nat.Frames.GATEWAY_MAC;
import static org.opendaylight.vias.nat.Frames.NVM1_MAC;
import static org.opendaylight.vias.nat.Frames.NVM2_MAC;
import static org.opendaylight.vias.nat.Frames.UPSTREAM_MAC;
import static org.opendaylight.vias.nat.Frames.ip;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.nat.NatController.Decision;
import org.opendaylight.vias.nat.NatController.PacketOut;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowRule;

class NatControllerTest {
    private static final long UPLINK = 9;
    private final MutableClock clock = new MutableClock();
    private final DropCounter drops = new DropCounter();
    private final NatConfig config = NatConfigTest.seed();
    private final PortAllocator ports = new PortAllocator(20000, 20001, Duration.ofSeconds(300),
        HostPortProbe.none(), clock);
    private final NatController nat = new NatController(config, ports,
        new IcmpEchoNat(config, new PortAllocator(20000, 20001, Duration.ofSeconds(30), HostPortProbe.none(), clock),
            drops),
        drops, remote -> remote == ip("192.168.1.9") ? Optional.empty()
            : Optional.of(new NatController.NextHop(UPSTREAM_MAC, UPLINK)));

    @Test
    void answersArpForTheGatewayBackOutOfTheInPort() {
        final Decision d = nat.onPacketIn(1, Frames.arpRequest(NVM1_MAC, ip("192.168.1.2"), ip("192.168.1.1")));
        assertEquals(PacketOut.Kind.IN_PORT, d.send().get(0).kind());
        assertEquals(ArpPacket.REPLY, ArpPacket.parse(d.send().get(0).frame(), drops).value().op());
        assertEquals(DropReason.ARP_NOT_FOR_GATEWAY,
            nat.onPacketIn(1, Frames.arpRequest(NVM1_MAC, ip("192.168.1.2"), ip("192.168.1.7"))).dropped());
    }

    @Test
    void firstTcpPacketInstallsBothEntriesAndGoesBackThroughThePipeline() {
        final byte[] syn = Frames.tcp(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"), 40000, ip("198.51.100.7"), 80);
        final Decision d = nat.onPacketIn(3, syn);
        assertEquals(List.of("nat-in-1", "nat-out-1-198.51.100.7"), d.install().stream().map(FlowRule::name)
            .toList());
        assertTrue(d.install().get(0).actions().toString().contains("Output[port=3]"));
        assertTrue(d.install().get(1).actions().toString().contains("Output[port=9]"));
        assertEquals(PacketOut.Kind.TABLE, d.send().get(0).kind());
        assertNull(d.dropped());
    }

    @Test
    void exhaustionIsReportedWithTheAllocatorsMessage() {
        nat.onPacketIn(3, Frames.tcp(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"), 1, ip("198.51.100.7"), 80));
        nat.onPacketIn(4, Frames.tcp(NVM2_MAC, GATEWAY_MAC, ip("192.168.1.3"), 1, ip("198.51.100.7"), 80));
        final Decision d = nat.onPacketIn(4, Frames.tcp(NVM2_MAC, GATEWAY_MAC, ip("192.168.1.3"), 2,
            ip("198.51.100.7"), 80));
        assertEquals(DropReason.PORT_POOL_EXHAUSTED, d.dropped());
        assertTrue(d.error().startsWith("NAT port pool exhausted"), d.error());
        assertEquals(1, nat.counters().exhausted());
        assertEquals(1, drops.get(DropReason.PORT_POOL_EXHAUSTED));
    }

    @Test
    void pingGoesOutAsTheHostAndTheReplyComesBackToTheNestedVmsPort() {
        final Decision out = nat.onPacketIn(3, Frames.echo(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"),
            ip("198.51.100.7"), 8, 77, 1));
        assertEquals(PacketOut.Kind.PORT, out.send().get(0).kind());
        assertEquals(UPLINK, out.send().get(0).port());
        final Ipv4Packet sent = Ipv4Packet.parse(out.send().get(0).frame(), drops).value();
        assertEquals(config.hostIp(), sent.srcIp());
        final Decision back = nat.onPacketIn(UPLINK, Frames.echo(UPSTREAM_MAC, GATEWAY_MAC, ip("198.51.100.7"),
            config.hostIp(), 0, sent.srcPort(), 1));
        assertEquals(3, back.send().get(0).port());
        assertEquals(ip("192.168.1.2"), Ipv4Packet.parse(back.send().get(0).frame(), drops).value().dstIp());
        // the host's own ping reply passes on unchanged
        final byte[] hostsOwn = Frames.echo(UPSTREAM_MAC, GATEWAY_MAC, ip("198.51.100.7"), config.hostIp(), 0, 4242,
            1);
        final Decision passOn = nat.onPacketIn(UPLINK, hostsOwn);
        assertEquals(PacketOut.Kind.NORMAL, passOn.send().get(0).kind());
        assertEquals(hostsOwn, passOn.send().get(0).frame());
        // ping to the gateway itself
        assertEquals(PacketOut.Kind.IN_PORT, nat.onPacketIn(3, Frames.echo(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"),
            ip("192.168.1.1"), 8, 1, 1)).send().get(0).kind());
    }

    @Test
    void aMappingEndsOnlyWhenItsIncomingEntryGoesAfterAllOutgoingOnes() {
        final Decision d = nat.onPacketIn(3, Frames.udp(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"), 5000,
            ip("198.51.100.7"), 53, 0));
        final long in = d.install().get(0).cookie().value();
        final long out = d.install().get(1).cookie().value();
        // incoming idles out while the nVM still sends: written again
        assertEquals(List.of("nat-in-1"), nat.onFlowRemoved(in).install().stream().map(FlowRule::name).toList());
        nat.onFlowRemoved(out);
        assertEquals(List.of(), nat.onFlowRemoved(in).install());
        assertTrue(ports.mappings().isEmpty());
        assertEquals(Decision.NOTHING, nat.onFlowRemoved(Cookie.of(Cookie.Purpose.PIPELINE, 0).value()));
        assertEquals(Decision.NOTHING, nat.onFlowRemoved(1L));
    }

    @Test
    void dropsWhatItCannotRoute() {
        // no next hop known for the destination: dropped, counted; the nVM's retransmission tries again
        assertEquals(DropReason.NEXT_HOP_UNKNOWN, nat.onPacketIn(3, Frames.echo(NVM1_MAC, GATEWAY_MAC,
            ip("192.168.1.2"), ip("192.168.1.9"), 8, 1, 1)).dropped());
        assertEquals(DropReason.DESTINATION_IN_NESTED_LAN, nat.onPacketIn(3, Frames.udp(NVM1_MAC, GATEWAY_MAC,
            ip("192.168.1.2"), 1, ip("192.168.1.9"), 2, 0)).dropped());
        assertEquals(DropReason.TRUNCATED_ETHERNET, nat.onPacketIn(3, new byte[4]).dropped());
        assertEquals(DropReason.NULL_FRAME, nat.onPacketIn(3, null).dropped());
    }

    @Test
    void anUnknownNextHopIsAskedByArpProbeAndTheHeldPacketGoesOnWithTheAnswer() {
        final MutableClock time = new MutableClock();
        final NextHopResolver hops = new NextHopResolver(org.opendaylight.vias.rules.Ipv4Prefix.parse("10.0.0.0/24"),
            ip("10.0.0.254"), GATEWAY_MAC, time, Duration.ofSeconds(60));
        final NatController withArp = new NatController(config,
            new PortAllocator(20000, 20001, Duration.ofSeconds(300), HostPortProbe.none(), clock),
            new IcmpEchoNat(config, new PortAllocator(20000, 20001, Duration.ofSeconds(30), HostPortProbe.none(),
                clock), drops), drops, hops);
        final byte[] syn = Frames.tcp(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"), 40000, ip("198.51.100.7"), 80);
        final Decision asked = withArp.onPacketIn(3, syn);
        assertNull(asked.dropped());
        assertTrue(asked.install().isEmpty());
        assertEquals(PacketOut.Kind.FLOOD, asked.send().get(0).kind());
        final ArpPacket probe = ArpPacket.parse(asked.send().get(0).frame(), drops).value();
        assertEquals(ArpPacket.REQUEST, probe.op());
        assertEquals(0, probe.senderIp());
        assertEquals(GATEWAY_MAC, probe.senderMac());
        assertEquals(ip("10.0.0.254"), probe.targetIp());
        // a retransmission within a second is held without asking again
        assertTrue(withArp.onPacketIn(3, syn).send().isEmpty());
        // the router answers (to the gateway MAC, punted), on port 9: both held SYNs are translated now
        final byte[] answer = ArpPacket.frame(GATEWAY_MAC, new ArpPacket(ArpPacket.REPLY, UPSTREAM_MAC,
            ip("10.0.0.254"), GATEWAY_MAC, 0));
        final Decision go = withArp.onPacketIn(UPLINK, answer);
        assertEquals(List.of("nat-in-1", "nat-out-1-198.51.100.7", "nat-in-1", "nat-out-1-198.51.100.7"),
            go.install().stream().map(FlowRule::name).toList());
        assertTrue(go.install().get(1).actions().toString().contains(UPSTREAM_MAC.toString()), go.install().toString());
        assertTrue(go.install().get(1).actions().toString().contains("Output[port=9]"));
        assertEquals(PacketOut.Kind.TABLE, go.send().get(0).kind());
        assertEquals(syn, go.send().get(0).frame());
        // the held SYN enters the pipeline from the nVM's port, not from the port the answer came in on
        assertEquals(3, go.send().get(0).inPort());
    }

    @Test
    void aStaticMappingWaitsForTheNestedVmsMacAskedByTheGateway() throws Exception {
        final NatController.Added added = nat.addStatic(NatProtocol.TCP,
            new org.opendaylight.vias.rules.HostPort(ip("192.168.1.2"), 22), 2222);
        assertTrue(added.mapping().isStatic());
        assertTrue(added.decision().install().isEmpty());
        final ArpPacket ask = ArpPacket.parse(added.decision().send().get(0).frame(), drops).value();
        assertEquals(ip("192.168.1.1"), ask.senderIp());
        assertEquals(ip("192.168.1.2"), ask.targetIp());
        // the nVM answers the gateway: the permanent incoming entry is installed towards its port
        final Decision d = nat.onPacketIn(3, ArpPacket.frame(GATEWAY_MAC, new ArpPacket(ArpPacket.REPLY, NVM1_MAC,
            ip("192.168.1.2"), GATEWAY_MAC, ip("192.168.1.1"))));
        assertEquals(1, d.install().size());
        assertEquals(0, d.install().get(0).idleTimeout());
        assertTrue(d.install().get(0).actions().toString().contains("Output[port=3]"));
        // known now: a second static mapping is installed at once
        assertEquals(1, nat.addStatic(NatProtocol.UDP, new org.opendaylight.vias.rules.HostPort(ip("192.168.1.2"),
            53), 5353).decision().install().size());
        assertEquals(MappingConflictException.class, org.junit.jupiter.api.Assertions.assertThrows(
            MappingConflictException.class, () -> nat.addStatic(NatProtocol.TCP,
                new org.opendaylight.vias.rules.HostPort(ip("192.168.1.3"), 22), 2222)).getClass());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> nat.addStatic(
            NatProtocol.TCP, new org.opendaylight.vias.rules.HostPort(ip("10.0.0.5"), 22), 2223));
        assertEquals(2222, nat.remove(NatProtocol.TCP, 2222).orElseThrow().external().port());
        assertTrue(nat.remove(NatProtocol.TCP, 2222).isEmpty());
    }
}
