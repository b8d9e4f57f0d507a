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
import static org.opendaylight.vias.nat.Frames.UPSTREAM_MAC;
import static org.opendaylight.vias.nat.Frames.ip;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.nat.NatController.Decision;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.HostPort;

/** A full flow table is a clear, counted refusal of new flows, not a flood of refused flow-mods. */
class FlowTableOverloadTest {
    private static final String TABLE_FULL = "FLOWMODFAILED TABLE_FULL";
    private final MutableClock clock = new MutableClock();
    private final DropCounter drops = new DropCounter();
    private final NatConfig config = NatConfigTest.seed();
    private final PortAllocator ports = new PortAllocator(20000, 20009, Duration.ofSeconds(300),
        HostPortProbe.none(), clock);
    private final NatController nat = new NatController(config, ports,
        new IcmpEchoNat(config, new PortAllocator(20000, 20009, Duration.ofSeconds(30), HostPortProbe.none(), clock),
            drops),
        drops, remote -> Optional.of(new NatController.NextHop(UPSTREAM_MAC, 9)), new FlowTableGuard(clock));

    private Decision syn(final int sourcePort, final String remote) {
        return nat.onPacketIn(3, Frames.tcp(NVM1_MAC, GATEWAY_MAC, ip("192.168.1.2"), sourcePort, ip(remote), 80));
    }

    @Test
    void aRefusedNewMappingIsReleasedCountedAndFurtherNewFlowsAreRefusedWithoutFlowMods() {
        final Decision first = syn(40000, "198.51.100.7");
        assertEquals(2, first.install().size());
        assertEquals(1, ports.mappings().size());

        final List<NatMapping> released = nat.onRulesRefused(first.install(), TABLE_FULL);

        assertEquals(1, released.size());
        assertTrue(ports.mappings().isEmpty(), "the port went back to the pool");
        assertEquals(1, drops.get(DropReason.SWITCH_REFUSED_RULES));
        final Decision next = syn(40001, "198.51.100.8");
        assertEquals(DropReason.FLOW_TABLE_FULL, next.dropped());
        assertTrue(next.install().isEmpty(), "no flow-mod while the table is full");
        assertTrue(next.send().isEmpty());
        assertTrue(next.error().contains(TABLE_FULL), next.error());
        assertEquals(1, drops.get(DropReason.FLOW_TABLE_FULL));
        assertTrue(ports.mappings().isEmpty(), "a refused flow takes no port");
    }

    @Test
    void newFlowsAreTriedAgainAfterTheRetryPeriod() {
        nat.onRulesRefused(syn(40000, "198.51.100.7").install(), TABLE_FULL);
        clock.advance(FlowTableGuard.RETRY_AFTER.minusMillis(1));
        assertEquals(DropReason.FLOW_TABLE_FULL, syn(40001, "198.51.100.8").dropped());
        clock.advance(Duration.ofMillis(1));
        final Decision retried = syn(40001, "198.51.100.8");
        assertNull(retried.dropped());
        assertEquals(2, retried.install().size());
    }

    @Test
    void anEntryLeavingTheTableAdmitsNewFlowsAtOnce() {
        final Decision kept = syn(40000, "198.51.100.7");
        final Decision refused = syn(40001, "198.51.100.8");
        nat.onRulesRefused(refused.install(), TABLE_FULL);
        assertEquals(DropReason.FLOW_TABLE_FULL, syn(40002, "198.51.100.9").dropped());

        final FlowRule out = kept.install().stream().filter(r -> r.name().startsWith("nat-out")).findFirst()
            .orElseThrow();
        nat.onFlowRemoved(out.cookie().value(), out.name());

        assertNull(syn(40002, "198.51.100.9").dropped());
    }

    @Test
    void aMappingWithAnotherLiveEntryOrAStaticOneIsKept() throws MappingConflictException {
        final Decision toFirst = syn(40000, "198.51.100.7");
        // the same endpoint to a second destination reuses the mapping (full cone): only that entry is refused
        final Decision toSecond = syn(40000, "198.51.100.8");
        assertEquals(toFirst.install().get(0).cookie().id(), toSecond.install().get(0).cookie().id());
        assertTrue(nat.onRulesRefused(toSecond.install(), TABLE_FULL).isEmpty());
        assertEquals(1, ports.mappings().size());

        final NatController.Added added = nat.addStatic(NatProtocol.UDP, new HostPort(ip("192.168.1.2"), 5000),
            20005);
        assertEquals(1, added.decision().install().size(), "the nVM's MAC is known: its incoming entry at once");
        assertTrue(nat.onRulesRefused(added.decision().install(), TABLE_FULL).isEmpty());
        assertTrue(ports.byId(added.mapping().id()).isPresent(), "an operator's mapping stays");
        assertEquals(2, drops.get(DropReason.SWITCH_REFUSED_RULES));
    }
}
