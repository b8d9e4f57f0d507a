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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.nat.Frames.GATEWAY_MAC;
import static org.opendaylight.vias.nat.Frames.UPSTREAM_MAC;
import static org.opendaylight.vias.nat.Frames.ip;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.rules.Ipv4Prefix;
import org.opendaylight.vias.rules.MacAddress;

class NextHopResolverTest {
    private static final MacAddress SERVER_MAC = MacAddress.of("02:00:00:00:0a:02");
    private final MutableClock clock = new MutableClock();
    private final DropCounter drops = new DropCounter();
    private final NextHopResolver hops = new NextHopResolver(Ipv4Prefix.parse("10.0.0.0/24"), ip("10.0.0.254"),
        GATEWAY_MAC, clock, Duration.ofSeconds(60));

    private static ArpPacket reply(final MacAddress from, final int fromIp, final MacAddress to) {
        return new ArpPacket(ArpPacket.REPLY, from, fromIp, to, 0);
    }

    @Test
    void onLinkDestinationsAreTheirOwnNextHopOthersGoToTheRouter() {
        assertEquals(Optional.of(ip("10.0.0.2")), hops.nextHopAddress(ip("10.0.0.2")));
        assertEquals(Optional.of(ip("10.0.0.254")), hops.nextHopAddress(ip("198.51.100.7")));
        final NextHopResolver noRouter = new NextHopResolver(Ipv4Prefix.parse("10.0.0.0/24"), null, GATEWAY_MAC,
            clock, Duration.ofSeconds(60));
        assertEquals(Optional.empty(), noRouter.nextHopAddress(ip("198.51.100.7")));
        assertEquals(Optional.empty(), noRouter.solicit(ip("198.51.100.7")));
    }

    @Test
    void asksWithAProbeFromTheGatewayMacAndLearnsOnlyTheAnswerToItsQuestion() {
        assertTrue(hops.lookup(ip("10.0.0.2")).isEmpty());
        // an unsolicited reply teaches nothing
        assertFalse(hops.learn(4, reply(SERVER_MAC, ip("10.0.0.2"), GATEWAY_MAC)));
        final List<byte[]> asked = hops.solicit(ip("10.0.0.2")).orElseThrow();
        final ArpPacket probe = ArpPacket.parse(asked.get(0), drops).value();
        assertEquals(ArpPacket.REQUEST, probe.op());
        assertEquals(0, probe.senderIp(), "a probe: the target must not learn a binding for the host's address");
        assertEquals(GATEWAY_MAC, probe.senderMac());
        assertEquals(ip("10.0.0.2"), probe.targetIp());
        assertEquals(MacAddress.BROADCAST, MacAddress.of(asked.get(0), 0));
        // not asked again within a second, asked again after
        assertEquals(List.of(), hops.solicit(ip("10.0.0.2")).orElseThrow());
        clock.advance(NextHopResolver.RETRY);
        assertEquals(1, hops.solicit(ip("10.0.0.2")).orElseThrow().size());
        // a reply to some other MAC is not ours
        assertFalse(hops.learn(4, reply(SERVER_MAC, ip("10.0.0.2"), UPSTREAM_MAC)));
        assertTrue(hops.learn(4, reply(SERVER_MAC, ip("10.0.0.2"), GATEWAY_MAC)));
        assertEquals(new NatController.NextHop(SERVER_MAC, 4), hops.lookup(ip("10.0.0.2")).orElseThrow());
        assertEquals(1, hops.known().size());
    }

    @Test
    void entriesExpireAfterTheirTtl() {
        hops.solicit(ip("198.51.100.7"));
        assertTrue(hops.learn(9, reply(UPSTREAM_MAC, ip("10.0.0.254"), GATEWAY_MAC)));
        assertEquals(UPSTREAM_MAC, hops.lookup(ip("198.51.100.7")).orElseThrow().mac());
        assertEquals(UPSTREAM_MAC, hops.lookup(ip("203.0.113.1")).orElseThrow().mac());
        clock.advance(Duration.ofSeconds(60));
        assertTrue(hops.lookup(ip("198.51.100.7")).isEmpty());
        // a refresh of a known entry is accepted
        assertTrue(hops.learn(9, reply(UPSTREAM_MAC, ip("10.0.0.254"), GATEWAY_MAC)));
        assertTrue(hops.lookup(ip("198.51.100.7")).isPresent());
    }

    @Test
    void rejectsARouterOffTheUplink() {
        assertThrows(IllegalArgumentException.class, () -> new NextHopResolver(Ipv4Prefix.parse("10.0.0.0/24"),
            ip("10.1.0.1"), GATEWAY_MAC, clock, Duration.ofSeconds(60)));
    }
}
