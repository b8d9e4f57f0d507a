/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.nat.Frames.GATEWAY_MAC;
import static org.opendaylight.vias.nat.Frames.NVM1_MAC;
import static org.opendaylight.vias.nat.Frames.NVM2_MAC;
import static org.opendaylight.vias.nat.Frames.UPSTREAM_MAC;
import static org.opendaylight.vias.nat.Frames.ip;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.rules.Egress;
import org.opendaylight.vias.rules.HostPort;
import org.opendaylight.vias.rules.OfctlFormat;

class FirstPacketNatTest {
    private final DropCounter drops = new DropCounter();
    private final PortAllocator allocator = new PortAllocator(20000, 20001, Duration.ofSeconds(300),
        HostPortProbe.none(), new MutableClock());
    private final FirstPacketNat nat = new FirstPacketNat(NatConfigTest.seed(), allocator, drops);

    private PacketResult<FirstPacketNat.Plan> plan(final byte[] frame) throws PortPoolExhaustedException {
        return nat.plan(frame, UPSTREAM_MAC, Egress.port(1), Egress.normal());
    }

    @Test
    void firstPacketYieldsTheMappingAndTheSeedsTwoEntries() throws Exception {
        final FirstPacketNat.Plan p = plan(Frames.tcp(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"), 1234,
            ip("4.2.2.2"), 80)).value();
        assertEquals(HostPort.of("192.168.1.2", 1234), p.mapping().internal());
        assertEquals(HostPort.of("10.0.0.1", 20000), p.mapping().external());
        assertEquals(NVM1_MAC, p.nestedMac());
        assertEquals(List.of("nat-in-1", "nat-out-1-4.2.2.2"), p.rules().stream().map(r -> r.name()).toList());
        assertTrue(OfctlFormat.rule(p.rules().get(0)).contains("tcp,nw_dst=10.0.0.1,tp_dst=20000 actions="));
    }

    @Test
    void aSecondDestinationReusesTheMappingAndAddsOnlyAnOutgoingEntryName() throws Exception {
        final FirstPacketNat.Plan first = plan(Frames.udp(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"), 5000,
            ip("198.51.100.1"), 53, 4)).value();
        final FirstPacketNat.Plan second = plan(Frames.udp(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"), 5000,
            ip("198.51.100.2"), 53, 4)).value();
        assertEquals(first.mapping(), second.mapping());
        assertEquals("nat-in-1", second.rules().get(0).name()); // same incoming entry, rewritten idempotently
        assertEquals("nat-out-1-198.51.100.2", second.rules().get(1).name());
    }

    @Test
    void exhaustionPropagatesAsTheAllocatorsError() throws Exception {
        plan(Frames.tcp(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"), 1, ip("4.2.2.2"), 80));
        plan(Frames.tcp(NVM2_MAC, GATEWAY_MAC, ip("192.168.1.3"), 1, ip("4.2.2.2"), 80));
        assertThrows(PortPoolExhaustedException.class,
            () -> plan(Frames.tcp(NVM2_MAC, GATEWAY_MAC, ip("192.168.1.3"), 2, ip("4.2.2.2"), 80)));
        assertEquals(1, allocator.counters().exhausted());
    }

    @Test
    void dropsWhatIsNotNatTraffic() throws Exception {
        assertEquals(DropReason.NOT_FROM_NESTED_LAN, plan(Frames.tcp(NVM1_MAC, GATEWAY_MAC, ip("10.9.9.9"), 1,
            ip("4.2.2.2"), 80)).dropped());
        assertEquals(DropReason.DESTINATION_IS_GATEWAY, plan(Frames.udp(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"), 1,
            ip("192.168.1.1"), 53, 0)).dropped());
        assertEquals(DropReason.DESTINATION_IN_NESTED_LAN, plan(Frames.udp(NVM1_MAC, GATEWAY_MAC,
            ip("192.168.1.2"), 1, ip("192.168.1.9"), 53, 0)).dropped());
        assertEquals(DropReason.NOT_TCP_OR_UDP, plan(Frames.echo(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"),
            ip("4.2.2.2"), 8, 1, 1)).dropped());
        assertEquals(DropReason.TRUNCATED_ETHERNET, plan(new byte[3]).dropped());
        assertTrue(allocator.mappings().isEmpty());
    }
}
