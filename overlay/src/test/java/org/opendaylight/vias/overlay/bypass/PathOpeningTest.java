/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.meter.FlowKey;

/**
 * Bypasses through filtering (port-restricted) NATs: the path is opened with path probes from both sides and the
 * flow moves only once it is proven both ways; while active, probes keep it open and a lost path sends the flow back
 * to the overlay. The {@link Sim}'s underlay drops a probe at a filtering NAT until that NAT's own host has sent on
 * the bypass, as conntrack does.
 */
class PathOpeningTest {
    private static final Set<RuleDirection> ALL = EnumSet.allOf(RuleDirection.class);
    private static final FlowKey FLOW = FlowKey.udp("192.168.1.2", 40000, "192.168.2.3", 5201);

    private final Sim sim = new Sim();
    private final Sim.Node a = sim.node("A", 0x0a, "10.201.0.2", BypassPolicy.denyAll());
    private final Sim.Node b = sim.node("B", 0x0b, "10.202.0.2", BypassPolicy.denyAll());

    PathOpeningTest() {
        a.policy = BypassPolicy.allowPeers(Set.of(b.uid));
        b.policy = BypassPolicy.allowPeers(Set.of(a.uid));
        a.publicIp = "203.0.113.1";
        b.publicIp = "203.0.113.2";
        a.filtering = true;
        b.filtering = true;
    }

    private long start() {
        final RequestResult result = a.request(b, FLOW);
        assertEquals(RequestOutcome.STARTED, result.outcome());
        return result.id();
    }

    @Test
    void bothBehindFilteringNatsTheFlowMovesOnlyOncetheProbesPassedBothWays() {
        final long id = start();
        sim.runFor(200);
        assertEquals(BypassState.ACTIVE, a.state(id));
        assertEquals(BypassState.ACTIVE, b.state(id));
        assertEquals(ALL, a.rules(id));
        assertEquals(ALL, b.rules(id));
        // Each side catches the other's probes and can receive before anyone sends the flow on the underlay.
        assertEquals(List.of("B install PROBE " + id, "B install INBOUND " + id, "A install PROBE " + id,
            "A install INBOUND " + id, "A install OUTBOUND " + id, "B install OUTBOUND " + id), sim.journal);
        // B's first probe only opens B's NAT (A's drops it); A's probe passes B's NAT, B answers ready, and that
        // answer passes A's NAT because A sent: only then does A move the flow.
        assertEquals(List.of("B probe " + id, "A probe " + id, "B probe " + id + " ready"), sim.probes);
        assertEquals(1, a.negotiator.counters().probesHeard());
        assertEquals(1, b.negotiator.counters().probesHeard());
        final BypassMessage.Request request = (BypassMessage.Request) sim.sent(a, MessageType.REQUEST).get(0).message();
        assertTrue(request.capabilities().filtered());
        assertTrue(((BypassMessage.Accept) sim.sent(b, MessageType.ACCEPT).get(0).message()).opening());
    }

    @Test
    void onlyTheResponderBehindAFilteringNatStillOpensThePath() {
        a.filtering = false;
        final long id = start();
        sim.runFor(200);
        assertEquals(BypassState.ACTIVE, a.state(id));
        assertEquals(ALL, a.rules(id));
        assertFalse(((BypassMessage.Request) sim.sent(a, MessageType.REQUEST).get(0).message()).capabilities()
            .filtered());
    }

    @Test
    void withoutAFilteringNatNothingIsProbed() {
        a.filtering = false;
        b.filtering = false;
        final long id = start();
        sim.runFor(200);
        assertEquals(BypassState.ACTIVE, a.state(id));
        assertEquals(EnumSet.of(RuleDirection.INBOUND, RuleDirection.OUTBOUND), a.rules(id));
        assertTrue(sim.probes.isEmpty());
        assertEquals(8, sim.sent(b, MessageType.ACCEPT).get(0).bytes().length - BypassCodec.HEADER_LENGTH);
    }

    @Test
    void aPathThatNeverOpensLeavesTheFlowOnTheOverlay() {
        // e.g. a NAT that maps the bypass port elsewhere than STUN predicted: nothing gets through.
        sim.loseProbe = p -> true;
        final long id = start();
        sim.runFor(1000);
        assertEquals(BypassState.ACCEPTED, a.state(id), "still opening within the open timeout");
        assertFalse(a.rules(id).contains(RuleDirection.OUTBOUND));
        assertFalse(b.rules(id).contains(RuleDirection.OUTBOUND));
        sim.runFor(1500);
        assertEquals(BypassState.CLOSED, a.state(id));
        assertEquals(BypassState.CLOSED, b.state(id));
        assertTrue(a.rules.isEmpty() && b.rules.isEmpty(), "rules left: " + a.rules + " " + b.rules);
        assertTrue(a.portsHeld.isEmpty() && b.portsHeld.isEmpty(), "ports released");
        assertEquals(1, a.negotiator.counters().pathsNotOpened());
        assertEquals(TeardownReason.PATH_NOT_OPENED,
            ((BypassMessage.Teardown) sim.sent(a, MessageType.TEARDOWN).get(0).message()).reason());
        // Requester probed every 100 ms meanwhile; the same NATs for every flow: the peer is backed off.
        assertTrue(sim.probes.stream().filter(p -> p.startsWith("A probe")).count() >= 15, sim.probes.toString());
        assertEquals(RequestOutcome.PEER_BACKOFF, a.request(b, FlowKey.udp("192.168.1.2", 40001,
            "192.168.2.3", 5201)).outcome());
    }

    @Test
    void probesKeepAnIdleBypassAliveAndItsPathWatched() {
        final long id = start();
        sim.runFor(200);
        final int before = sim.probes.size();
        sim.runFor(60_000);
        assertEquals(BypassState.ACTIVE, a.state(id));
        assertEquals(BypassState.ACTIVE, b.state(id));
        // About one probe a second from each side (NAT UDP timeouts are ~30 s).
        final int keepalives = sim.probes.size() - before;
        assertTrue(keepalives >= 110 && keepalives <= 125, "keepalive probes in 60 s: " + keepalives);
    }

    @Test
    void aLostPathSendsTheFlowBackToTheOverlayWithinSeconds() {
        final long id = start();
        sim.runFor(5000);
        assertEquals(BypassState.ACTIVE, a.state(id));
        // A NAT rebinding: from now on nothing passes on the bypass 5-tuple.
        sim.loseProbe = p -> true;
        sim.runFor(2000);
        assertEquals(BypassState.ACTIVE, a.state(id), "lost only after the loss timeout");
        // At most the loss timeout after the last probe heard, which came at most a keepalive interval before.
        sim.runFor(2600);
        assertEquals(BypassState.CLOSED, a.state(id));
        assertEquals(BypassState.CLOSED, b.state(id));
        assertTrue(a.rules.isEmpty() && b.rules.isEmpty(), "rules left: " + a.rules + " " + b.rules);
        assertTrue(a.negotiator.counters().pathsLost() + b.negotiator.counters().pathsLost() >= 1);
        // The flow can be bypassed again (a new bypass, new ports, a fresh opening) once the path works.
        sim.loseProbe = p -> false;
        final RequestResult again = a.request(b, FLOW);
        assertEquals(RequestOutcome.STARTED, again.outcome());
        sim.runFor(300);
        assertEquals(BypassState.ACTIVE, a.state(again.id()));
    }

    @Test
    void aResponderWithoutPathOpeningGetsNoFlowThroughOurFilteringNat() {
        // An older peer that ignores the filtered flag and accepts without opening: played by hand, B hears nothing.
        sim.lose = d -> d.to() == b;
        final long id = start();
        a.negotiator.onMessage(b.uid.toBytes(), BypassCodec.encode(new BypassMessage.Accept(b.uid, 1, id,
            UnderlayEndpoint.of("203.0.113.2", 41000), 41000)));
        // refused at once, then the teardown B never acknowledges is repeated until A gives up on it
        sim.runFor(Sim.GIVE_UP_MILLIS + 200);
        assertEquals(BypassState.CLOSED, a.state(id));
        assertFalse(sim.journal.contains("A install OUTBOUND " + id), sim.journal.toString());
        assertTrue(a.rules.isEmpty(), "rules left: " + a.rules);
        assertEquals(1, a.negotiator.counters().natUnsupported());
        assertEquals(TeardownReason.PATH_NOT_OPENED,
            ((BypassMessage.Teardown) sim.sent(a, MessageType.TEARDOWN).get(0).message()).reason());
    }

    @Test
    void aProbeForABypassWeDoNotHoldIsRefusedAndCounted() {
        a.negotiator.probeReceived(new PathProbe(77, true));
        assertEquals(1, a.negotiator.counters().refused(Refusal.UNKNOWN_BYPASS));
        assertEquals(0, a.negotiator.counters().probesHeard());
    }

    @Test
    void probePayloadRoundTripsAndAnythingElseIsNoProbe() {
        final byte[] bytes = new PathProbe(0x12_3456_789aL, true).encode();
        assertEquals(new PathProbe(0x12_3456_789aL, true), PathProbe.decode(bytes, 0, bytes.length).orElseThrow());
        assertEquals(new PathProbe(5, false), PathProbe.decode(new PathProbe(5, false).encode(), 0, 16)
            .orElseThrow());
        assertTrue(PathProbe.decode(bytes, 0, 15).isEmpty());
        assertTrue(PathProbe.decode(bytes, 1, 16).isEmpty());
        final byte[] flags = bytes.clone();
        flags[12] = 3;
        assertTrue(PathProbe.decode(flags, 0, 16).isEmpty());
        final byte[] magic = bytes.clone();
        magic[0] ^= 1;
        assertTrue(PathProbe.decode(magic, 0, 16).isEmpty());
        final byte[] zeroId = new byte[16];
        System.arraycopy(bytes, 0, zeroId, 0, 4);
        assertTrue(PathProbe.decode(zeroId, 0, 16).isEmpty());
        final java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 100_000; i++) {
            final byte[] junk = new byte[random.nextInt(40)];
            random.nextBytes(junk);
            PathProbe.decode(junk, random.nextInt(4), junk.length - random.nextInt(4));
        }
    }
}
