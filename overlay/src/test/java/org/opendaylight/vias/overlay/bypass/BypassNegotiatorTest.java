/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.overlay.bypass.Sim.MS;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.meter.FlowKey;

/** Two negotiators wired through a fake lossy channel with 5 ms latency. */
class BypassNegotiatorTest {
    private static final Set<RuleDirection> BOTH = EnumSet.of(RuleDirection.INBOUND, RuleDirection.OUTBOUND);
    /** From A's VM to B's VM. */
    private static final FlowKey FLOW = FlowKey.tcp("192.168.1.2", 40000, "192.168.2.3", 5201);

    private final Sim sim = new Sim();
    private final Sim.Node a = sim.node("A", 0x0a, "203.0.113.1", BypassPolicy.denyAll());
    private final Sim.Node b = sim.node("B", 0x0b, "198.51.100.7", BypassPolicy.denyAll());

    BypassNegotiatorTest() {
        a.policy = BypassPolicy.allowPeers(Set.of(b.uid));
        b.policy = BypassPolicy.allowPeers(Set.of(a.uid));
    }

    private long activate() {
        final RequestResult result = a.request(b, FLOW);
        assertEquals(RequestOutcome.STARTED, result.outcome());
        sim.runFor(100);
        assertEquals(BypassState.ACTIVE, a.state(result.id()));
        assertEquals(BypassState.ACTIVE, b.state(result.id()));
        return result.id();
    }

    private void assertBackOnOverlay(long id) {
        assertEquals(BypassState.CLOSED, a.state(id));
        assertEquals(BypassState.CLOSED, b.state(id));
        assertTrue(a.rules.isEmpty(), "A rules " + a.rules);
        assertTrue(b.rules.isEmpty(), "B rules " + b.rules);
        assertTrue(a.portsHeld.isEmpty() && b.portsHeld.isEmpty(), "ports released");
    }

    @Test
    void acceptPathInstallsReceiverSideFirst() {
        final long id = activate();
        assertEquals(BOTH, a.rules(id));
        assertEquals(BOTH, b.rules(id));
        // Nobody sends on the underlay before the other side can receive it.
        assertEquals(List.of("B install INBOUND " + id, "A install INBOUND " + id, "A install OUTBOUND " + id,
            "B install OUTBOUND " + id), sim.journal);
        final BypassPath pathA = a.negotiator.agreed().get(0);
        final BypassPath pathB = b.negotiator.agreed().get(0);
        assertEquals(FLOW, pathA.flow());
        assertEquals(FLOW.reversed(), pathB.flow());
        assertEquals(pathA.local(), pathB.remote());
        assertEquals(pathB.local(), pathA.remote());
        assertEquals(BypassPath.Role.REQUESTER, pathA.role());
        assertEquals(1, a.negotiator.counters().activated());
        assertEquals(1, b.negotiator.counters().activated());
        assertEquals(List.of(BypassEvent.Kind.PROPOSED, BypassEvent.Kind.ACCEPTED, BypassEvent.Kind.ACTIVE),
            a.events.stream().map(BypassEvent::kind).toList());
        // A second report of the same flow, from either end and either orientation, starts nothing.
        assertEquals(RequestOutcome.ALREADY, a.request(b, FLOW).outcome());
        assertEquals(RequestOutcome.ALREADY, b.request(a, FLOW.reversed()).outcome());
    }

    @Test
    void acceptPathWithASlowSwitchKeepsTheOrder() {
        sim.switchDelay = 3 * MS;
        final long id = activate();
        assertEquals(List.of("B install INBOUND " + id, "A install INBOUND " + id, "A install OUTBOUND " + id,
            "B install OUTBOUND " + id), sim.journal);
    }

    @Test
    void theRequesterInstallsBothItsRulesInOneRoundTripOfItsSwitch() {
        // request 5 ms, responder's inbound 30, accept 5, requester's inbound and outbound together 30: active at
        // 70 ms (one after the other, at 100)
        sim.switchDelay = 30 * MS;
        final long id = a.request(b, FLOW).id();
        sim.runFor(69);
        assertEquals(BypassState.ACCEPTED, a.state(id));
        sim.runFor(2);
        assertEquals(BypassState.ACTIVE, a.state(id));
        assertEquals(BOTH, a.rules(id));
        sim.runFor(100);
        assertEquals(BypassState.ACTIVE, b.state(id));
    }

    @Test
    void oneOfTheRequestersTwoRulesFailingEndsTheBypassWithNoRuleLeft() {
        sim.switchDelay = 30 * MS;
        a.failDirections.add(RuleDirection.OUTBOUND);
        final long id = a.request(b, FLOW).id();
        sim.runFor(2_000);
        assertBackOnOverlay(id);
        assertEquals(1, a.negotiator.counters().installFailures());
        assertEquals(0, a.negotiator.counters().activated());
    }

    @Test
    void defaultPolicyDeniesBothWays() {
        a.policy = BypassPolicy.denyAll();
        assertEquals(RequestOutcome.POLICY_DENIED, a.request(b, FLOW).outcome());
        assertTrue(sim.wire.isEmpty(), "nothing sent");
    }

    @Test
    void responderPolicyRefusalKeepsTheFlowOnTheOverlay() {
        b.policy = BypassPolicy.denyAll();
        final long id = a.request(b, FLOW).id();
        sim.runFor(100);
        assertEquals(BypassState.CLOSED, a.state(id));
        assertTrue(a.rules.isEmpty() && b.rules.isEmpty());
        assertTrue(a.portsHeld.isEmpty());
        assertEquals(1, b.negotiator.counters().refused(Refusal.POLICY));
        assertEquals(1, a.negotiator.counters().rejectedByPeer());
        assertEquals(BypassEvent.Kind.REJECTED, a.events.get(1).kind());
        assertEquals("POLICY", a.events.get(1).detail());
        // The refusing peer is not asked again for a while.
        assertEquals(RequestOutcome.PEER_BACKOFF,
            a.request(b, FlowKey.tcp("192.168.1.2", 40001, "192.168.2.3", 5201)).outcome());
        sim.runFor(Sim.CONFIG.peerBackoff().toMillis() + 100);
        assertEquals(RequestOutcome.STARTED,
            a.request(b, FlowKey.tcp("192.168.1.2", 40001, "192.168.2.3", 5201)).outcome());
    }

    @Test
    void responderBehindAnUnpredictableNatRefusesWithTheNatReason() {
        b.mappingPredictable = false;
        final long id = a.request(b, FLOW).id();
        sim.runFor(100);
        assertBackOnOverlay(id);
        assertEquals(1, sim.sent(b, MessageType.REJECT).size(), "one reject, no accept");
        assertTrue(sim.sent(b, MessageType.ACCEPT).isEmpty());
        assertEquals("NAT_UNSUPPORTED", a.events.get(1).detail());
        assertEquals("rejected: NAT_UNSUPPORTED", a.negotiator.status(id).orElseThrow().reason());
        assertEquals("refused: NAT_UNSUPPORTED", b.negotiator.status(id).orElseThrow().reason());
        assertEquals(1, a.negotiator.counters().natUnsupported());
        assertEquals(1, b.negotiator.counters().natUnsupported());
        // The NAT is the same for every flow on this path: the peer is not asked again for a while.
        assertEquals(RequestOutcome.PEER_BACKOFF,
            a.request(b, FlowKey.tcp("192.168.1.2", 40001, "192.168.2.3", 5201)).outcome());
    }

    @Test
    void requesterBehindAnUnpredictableNatDoesNotAsk() {
        a.mappingPredictable = false;
        final RequestResult result = a.request(b, FLOW);
        assertEquals(RequestOutcome.NAT_UNSUPPORTED, result.outcome());
        sim.runFor(100);
        assertTrue(sim.wire.isEmpty(), "nothing sent");
        assertTrue(a.portsHeld.isEmpty() && a.rules.isEmpty(), "nothing reserved or installed");
        final BypassStatus status = a.negotiator.status(result.id()).orElseThrow();
        assertEquals(BypassState.CLOSED, status.state());
        assertEquals("refused: NAT_UNSUPPORTED", status.reason());
        assertEquals(List.of(BypassEvent.Kind.REJECTED, BypassEvent.Kind.CLOSED),
            a.events.stream().map(BypassEvent::kind).toList());
        assertEquals(1, a.negotiator.counters().natUnsupported());
        assertEquals(RequestOutcome.PEER_BACKOFF, a.request(b, FLOW).outcome());
    }

    @Test
    void natMappedEndpointIsAnnouncedAndTheUnderlayAddressKept() {
        a.publicIp = "198.18.0.1";
        final long id = activate();
        final BypassPath pathA = a.negotiator.agreed().get(0);
        final BypassPath pathB = b.negotiator.agreed().get(0);
        assertEquals(Ipv4.parse("198.18.0.1"), pathB.remote().endpoint().ip(), "B sends to A's public address");
        assertEquals(Ipv4.parse("203.0.113.1"), pathA.local().underlayIp(), "A's rules use its own address");
        assertTrue(pathA.local().behindNat());
        assertEquals(pathA.local().allocatedPort(), pathB.remote().endpoint().port(), "port preserved");
        assertEquals(id, pathA.id());
    }

    @Test
    void sameLocationPolicy() {
        final BypassPolicy policy = BypassPolicy.sameLocation("lab-3",
            java.util.Map.of(a.uid, "lab-3", b.uid, "aws"));
        assertTrue(policy.allows(a.uid, FLOW));
        assertTrue(!policy.allows(b.uid, FLOW));
        assertTrue(policy.or(BypassPolicy.allowPeers(Set.of(b.uid))).allows(b.uid, FLOW));
        assertTrue(!policy.and(BypassPolicy.denyAll()).allows(a.uid, FLOW));
    }

    @Test
    void lostMessagesAreRetriedWithoutDoubleInstall() {
        final Set<MessageType> lostOnce = EnumSet.noneOf(MessageType.class);
        sim.lose = d -> d.message().type() != MessageType.KEEPALIVE && lostOnce.add(d.message().type());
        final long id = a.request(b, FLOW).id();
        sim.runFor(2000);
        assertEquals(BypassState.ACTIVE, a.state(id));
        assertEquals(BypassState.ACTIVE, b.state(id));
        assertTrue(lostOnce.containsAll(Set.of(MessageType.REQUEST, MessageType.ACCEPT, MessageType.CONFIRM)));
        assertEquals(2, a.installs);
        assertEquals(2, b.installs);
        assertTrue(a.negotiator.counters().retransmissions() + b.negotiator.counters().retransmissions() >= 2);
    }

    @Test
    void networkDuplicatesAreHarmless() {
        // A copy with the same sequence number is indistinguishable from a replay: refused, counted, no effect.
        sim.copies = 2;
        final long id = activate();
        assertEquals(2, a.installs);
        assertEquals(2, b.installs);
        assertTrue(b.negotiator.counters().refused(Refusal.REPLAYED) >= 1);
        assertEquals(BOTH, b.rules(id));
    }

    @Test
    void retransmittedRequestGetsTheSameAnswerAndNoDoubleInstall() {
        final Set<MessageType> lostOnce = EnumSet.noneOf(MessageType.class);
        sim.lose = d -> d.message().type() == MessageType.ACCEPT && lostOnce.add(MessageType.ACCEPT);
        final long id = a.request(b, FLOW).id();
        sim.runFor(1000);
        assertEquals(BypassState.ACTIVE, a.state(id));
        assertEquals(BypassState.ACTIVE, b.state(id));
        assertEquals(2, a.installs);
        assertEquals(2, b.installs);
        assertTrue(b.negotiator.counters().duplicates() >= 1);
        final List<Sim.Delivery> accepts = sim.sent(b, MessageType.ACCEPT);
        assertTrue(accepts.size() >= 2);
        assertEquals(((BypassMessage.Accept) accepts.get(0).message()).endpoint(),
            ((BypassMessage.Accept) accepts.get(1).message()).endpoint());
    }

    @Test
    void duplicateRequestAfterRefusalGetsTheSameRefusal() {
        b.policy = BypassPolicy.denyAll();
        final Set<MessageType> lostOnce = EnumSet.noneOf(MessageType.class);
        sim.lose = d -> d.message().type() == MessageType.REJECT && lostOnce.add(MessageType.REJECT);
        a.request(b, FLOW);
        sim.runFor(1000);
        final List<Sim.Delivery> rejects = sim.sent(b, MessageType.REJECT);
        assertEquals(2, rejects.size());
        rejects.forEach(r -> assertEquals(RejectReason.POLICY, ((BypassMessage.Reject) r.message()).reason()));
        assertEquals(1, a.negotiator.counters().rejectedByPeer());
    }

    @Test
    void replayedRequestIsRefusedAndCounted() {
        final long id = activate();
        final byte[] request = sim.sent(a, MessageType.REQUEST).get(0).bytes();
        sim.runFor(10);
        b.negotiator.onMessage(a.uid.toBytes(), request);
        assertEquals(1, b.negotiator.counters().refused(Refusal.REPLAYED));
        // A replayed teardown cannot end a later bypass either.
        b.negotiator.onMessage(a.uid.toBytes(), sim.sent(a, MessageType.CONFIRM).get(0).bytes());
        assertEquals(2, b.negotiator.counters().refused(Refusal.REPLAYED));
        assertEquals(BypassState.ACTIVE, b.state(id));
        assertEquals(2, b.installs);
    }

    @Test
    void forgedAndMalformedMessagesAreRefusedAndCounted() {
        final Sim.Node c = sim.node("C", 0x0c, "192.0.2.9", BypassPolicy.allowPeers(Set.of(a.uid, b.uid)));
        b.policy = BypassPolicy.allowPeers(Set.of(a.uid, c.uid));
        final BypassMessage.Request claimsA = new BypassMessage.Request(a.uid, Long.MAX_VALUE / 2, 77, FLOW,
            UnderlayEndpoint.of("192.0.2.9", 1234), 1234, Capabilities.CURRENT);
        // C's authenticated link carries a request that says it is from A.
        b.negotiator.onMessage(c.uid.toBytes(), BypassCodec.encode(claimsA));
        // A message claiming to come from B itself.
        b.negotiator.onMessage(b.uid.toBytes(), BypassCodec.encode(new BypassMessage.Request(b.uid, 5, 78, FLOW,
            UnderlayEndpoint.of("192.0.2.9", 1234), 1234, Capabilities.CURRENT)));
        b.negotiator.onMessage(a.uid.toBytes(), new byte[] {'V', 'B', 1});
        b.negotiator.onMessage(a.uid.toBytes(), "GET / HTTP/1.1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        b.negotiator.onMessage(null, BypassCodec.encode(claimsA));
        final BypassCounters.Snapshot counters = b.negotiator.counters();
        assertEquals(3, counters.refused(Refusal.WRONG_PEER));
        assertEquals(2, counters.refused(Refusal.MALFORMED));
        assertEquals(1, (long) counters.decodeErrors().get(DecodeError.TRUNCATED));
        assertEquals(1, (long) counters.decodeErrors().get(DecodeError.BAD_MAGIC));
        assertTrue(b.negotiator.status().isEmpty());
        assertTrue(sim.wire.isEmpty(), "no answer to forgeries");
        assertTrue(b.rules.isEmpty() && b.portsHeld.isEmpty());
    }

    @Test
    void randomGarbageNeverThrowsOrChangesState() {
        final long id = activate();
        final java.util.Random random = new java.util.Random(7);
        final List<byte[]> seeds = sim.wire.stream().map(Sim.Delivery::bytes).toList();
        for (int i = 0; i < 20_000; i++) {
            final byte[] input = seeds.get(random.nextInt(seeds.size())).clone();
            input[random.nextInt(input.length)] = (byte) random.nextInt(256);
            // Mutations of A's own messages, as seen by B over A's link (replays or forgeries, never accepted twice).
            b.negotiator.onMessage(a.uid.toBytes(), input);
        }
        sim.runFor(50);
        assertEquals(BOTH, b.rules(id));
    }

    @Test
    void unsupportedPeerLeavesTheFlowOnTheOverlay() {
        sim.lose = d -> d.to() == b;
        final long id = a.request(b, FLOW).id();
        sim.runFor(Sim.GIVE_UP_MILLIS - 100);
        assertEquals(BypassState.PROPOSED, a.state(id), "gave up before the last wait ended");
        sim.runFor(200);
        assertEquals(BypassState.CLOSED, a.state(id));
        assertEquals(Sim.CONFIG.maxAttempts(), sim.sent(a, MessageType.REQUEST).size());
        assertEquals(1, a.negotiator.counters().unanswered());
        assertTrue(a.portsHeld.isEmpty() && a.rules.isEmpty());
        assertEquals(RequestOutcome.PEER_BACKOFF,
            a.request(b, FlowKey.tcp("192.168.1.2", 40001, "192.168.2.3", 5201)).outcome());
    }

    @Test
    void aPeerThatSpeaksButDoesNotAnswerOneRequestIsNotBackedOffAsAWhole() {
        // A's requests are lost (a busy peer, a congested link); B itself asks for another flow meanwhile.
        sim.lose = d -> d.to() == b && d.message().type() == MessageType.REQUEST;
        final long lost = a.request(b, FLOW).id();
        sim.runFor(100);
        final long fromB = b.request(a, FlowKey.tcp("192.168.2.3", 40100, "192.168.1.2", 5202)).id();
        sim.runFor(Sim.GIVE_UP_MILLIS);
        assertEquals(BypassState.CLOSED, a.state(lost));
        assertEquals(BypassState.ACTIVE, a.state(fromB));
        assertEquals(1, a.negotiator.counters().unanswered());
        // only the unanswered flow waits; the peer is asked about others at once
        sim.lose = d -> false;
        assertEquals(RequestOutcome.FLOW_BACKOFF, a.request(b, FLOW).outcome());
        final RequestResult other = a.request(b, FlowKey.tcp("192.168.1.2", 40001, "192.168.2.3", 5201));
        assertEquals(RequestOutcome.STARTED, other.outcome());
        sim.runFor(200);
        assertEquals(BypassState.ACTIVE, a.state(other.id()));
    }

    @Test
    void lateAcceptAfterGivingUpTearsDownTheResponder() {
        // Requests reach B, but every accept is lost until A has given up.
        sim.lose = d -> d.message().type() == MessageType.ACCEPT
            && sim.nanoTime() < 1_000_000_000_000L + (Sim.GIVE_UP_MILLIS + 100) * MS;
        final long id = a.request(b, FLOW).id();
        sim.runFor(2 * Sim.GIVE_UP_MILLIS);
        assertEquals(BypassState.CLOSED, a.state(id));
        assertEquals(BypassState.CLOSED, b.state(id));
        assertTrue(a.rules.isEmpty() && b.rules.isEmpty() && a.portsHeld.isEmpty() && b.portsHeld.isEmpty());
    }

    @Test
    void collisionKeepsExactlyOneBypass() {
        final long idA = a.request(b, FLOW).id();
        final long idB = b.request(a, FLOW.reversed()).id();
        sim.runFor(200);
        // A has the lower UID: its request wins on both sides.
        assertEquals(BypassState.ACTIVE, a.state(idA));
        assertEquals(BypassState.ACTIVE, b.state(idA));
        assertEquals(BypassState.CLOSED, b.state(idB));
        assertEquals(Set.of(idA), a.rules.keySet());
        assertEquals(Set.of(idA), b.rules.keySet());
        assertEquals(Set.of(idA), b.portsHeld);
    }

    @Test
    void ofTwoEndsThatDetectAFlowOnlyTheLowerUidAsks() {
        final RequestResult fromB = b.negotiator.heavyFlow(a.uid, FLOW.reversed());
        assertEquals(RequestOutcome.DEFERRED, fromB.outcome());
        final long wait = b.negotiator.backoffRemainingNanos(a.uid, FLOW.reversed());
        assertEquals(Sim.CONFIG.peerAsksWithin().toNanos(), wait, "B reports the flow again once the wait is over");
        final RequestResult fromA = a.negotiator.heavyFlow(b.uid, FLOW);
        assertEquals(RequestOutcome.STARTED, fromA.outcome());
        sim.runFor(100);
        assertEquals(BypassState.ACTIVE, a.state(fromA.id()));
        assertEquals(BypassState.ACTIVE, b.state(fromA.id()));
        assertEquals(1, sim.wire.stream().filter(d -> d.message().type() == MessageType.REQUEST).count(),
            "one request on the wire, none refused");
        assertEquals(0, b.negotiator.counters().sent(MessageType.REJECT));
        assertEquals(1, b.negotiator.counters().leftToPeer());
        // B's meter reports the flow again after the wait: the bypass is there, nothing more is asked.
        sim.runFor(Sim.CONFIG.peerAsksWithin().toMillis());
        assertEquals(RequestOutcome.ALREADY, b.negotiator.heavyFlow(a.uid, FLOW.reversed()).outcome());
        assertEquals(0, b.negotiator.backoffRemainingNanos(a.uid, FLOW.reversed()));
    }

    @Test
    void theHigherUidAsksItselfWhenThePeerDoesNotWithinTheWait() {
        final FlowKey flow = FLOW.reversed();
        assertEquals(RequestOutcome.DEFERRED, b.negotiator.heavyFlow(a.uid, flow).outcome());
        sim.runFor(Sim.CONFIG.peerAsksWithin().toMillis() - 50);
        assertEquals(RequestOutcome.DEFERRED, b.negotiator.heavyFlow(a.uid, flow).outcome(), "still waiting");
        assertEquals(1, b.negotiator.counters().leftToPeer(), "counted once per flow");
        sim.runFor(50);
        final RequestResult asked = b.negotiator.heavyFlow(a.uid, flow);
        assertEquals(RequestOutcome.STARTED, asked.outcome());
        sim.runFor(100);
        assertEquals(BypassState.ACTIVE, a.state(asked.id()));
        assertEquals(BypassState.ACTIVE, b.state(asked.id()));
    }

    @Test
    void aFlowLeftToThePeerAndNotReportedAgainIsForgotten() {
        final FlowKey flow = FLOW.reversed();
        assertEquals(RequestOutcome.DEFERRED, b.negotiator.heavyFlow(a.uid, flow).outcome());
        // Not reported again for twice the wait (it ended, or is no longer heavy): a new detection waits afresh.
        sim.runFor(2 * Sim.CONFIG.peerAsksWithin().toMillis() + 50);
        assertEquals(RequestOutcome.DEFERRED, b.negotiator.heavyFlow(a.uid, flow).outcome());
        assertEquals(2, b.negotiator.counters().leftToPeer());
    }

    @Test
    void anOperatorsRequestOnTheHigherUidAsksAtOnce() {
        final RequestResult asked = b.request(a, FLOW.reversed());
        assertEquals(RequestOutcome.STARTED, asked.outcome());
        sim.runFor(100);
        assertEquals(BypassState.ACTIVE, b.state(asked.id()));
    }

    @Test
    void idleTeardownNeedsBothDirectionsIdle() {
        final long id = activate();
        // One-way quiet (e.g. UDP one way): the bypass stays for the busy direction.
        a.negotiator.ruleRemoved(id, RuleDirection.INBOUND, TeardownReason.IDLE);
        a.rules.get(id).remove(RuleDirection.INBOUND);
        sim.runFor(100);
        assertEquals(BypassState.ACTIVE, a.state(id));
        a.negotiator.ruleRemoved(id, RuleDirection.OUTBOUND, TeardownReason.IDLE);
        a.rules.remove(id);
        sim.runFor(100);
        assertBackOnOverlay(id);
        assertEquals("peer: IDLE", b.negotiator.status(id).orElseThrow().reason());
        assertEquals(BypassEvent.Kind.CLOSED, b.events.get(b.events.size() - 1).kind());
        // Outbound removed before inbound on B.
        final List<String> bRemovals = sim.journal.stream().filter(s -> s.startsWith("B remove")).toList();
        assertEquals(List.of("B remove OUTBOUND " + id, "B remove INBOUND " + id), bRemovals);
    }

    @Test
    void teardownIsRetriedUntilAcknowledged() {
        final long id = activate();
        final Set<MessageType> lostOnce = EnumSet.noneOf(MessageType.class);
        sim.lose = d -> (d.message().type() == MessageType.TEARDOWN || d.message().type() == MessageType.TEARDOWN_ACK)
            && lostOnce.add(d.message().type());
        assertTrue(a.negotiator.tearDown(id, TeardownReason.ADMIN));
        assertTrue(a.rules.isEmpty(), "local fallback is immediate");
        sim.runFor(1000);
        assertBackOnOverlay(id);
        assertTrue(sim.sent(a, MessageType.TEARDOWN).size() >= 2);
    }

    @Test
    void peerDownFallsBackOnBothSides() {
        final long id = activate();
        // The link breaks: nothing gets through any more. A's overlay notices; B only sees silence.
        sim.lose = d -> true;
        a.negotiator.peerDown(b.uid.toBytes());
        assertEquals(BypassState.CLOSED, a.state(id));
        assertTrue(a.rules.isEmpty() && a.portsHeld.isEmpty());
        sim.runFor(Sim.CONFIG.keepaliveTimeout().toMillis() + 200);
        assertEquals(TeardownReason.PEER_TIMEOUT.name(), b.negotiator.status(id).orElseThrow().reason());
        sim.runFor(Sim.GIVE_UP_MILLIS + 200);
        assertBackOnOverlay(id);
    }

    @Test
    void keepalivesKeepAHealthyBypass() {
        final long id = activate();
        sim.runFor(30_000);
        assertEquals(BypassState.ACTIVE, a.state(id));
        assertEquals(BypassState.ACTIVE, b.state(id));
        assertTrue(sim.sent(a, MessageType.KEEPALIVE).size() >= 10);
    }

    @Test
    void controllerRestartWithoutStateRemovesOrphansAndThePeerFollows() {
        final long id = activate();
        a.restart();
        // The new controller finds rules it knows nothing of on its switch.
        a.negotiator.reconcile(a.installedRules());
        assertTrue(a.rules.isEmpty());
        assertEquals(1, a.negotiator.counters().orphansRemoved());
        // B's next keepalive names the bypass; A does not know it and tells B to tear it down.
        sim.runFor(Sim.CONFIG.keepaliveInterval().toMillis() * 2 + 100);
        assertEquals(BypassState.CLOSED, b.state(id));
        assertTrue(b.rules.isEmpty() && b.portsHeld.isEmpty());
    }

    @Test
    void controllerRestartWithPersistedStateKeepsTheAgreedBypass() {
        final long id = activate();
        final List<BypassPath> persisted = a.negotiator.agreed();
        // Also an orphan from some older run.
        a.rules.put(999L, EnumSet.of(RuleDirection.INBOUND));
        a.portsHeld.clear();
        a.restart();
        a.negotiator.restore(persisted);
        a.negotiator.reconcile(a.installedRules());
        assertEquals(BOTH, a.rules(id));
        assertNull(a.rules.get(999L));
        assertEquals(0, a.negotiator.counters().reinstalled());
        assertEquals(1, a.negotiator.counters().orphansRemoved());
        sim.runFor(10_000);
        assertEquals(BypassState.ACTIVE, a.state(id));
        assertEquals(BypassState.ACTIVE, b.state(id));
        // A torn-down bypass still tears down properly after the restore.
        a.negotiator.tearDown(id, TeardownReason.ADMIN);
        sim.runFor(500);
        assertBackOnOverlay(id);
    }

    @Test
    void restoredBypassWithLostRulesGetsThemBackOnlyOnceThePeerNamesIt() {
        final long id = activate();
        final List<BypassPath> persisted = a.negotiator.agreed();
        // While A's controller was away its outbound rule was lost.
        a.rules.get(id).remove(RuleDirection.OUTBOUND);
        a.portsHeld.clear();
        a.restart();
        a.negotiator.restore(persisted);
        a.negotiator.reconcile(a.installedRules());
        // Not at once: the peer might no longer hold the bypass, and A would send the flow to a host without rules.
        assertEquals(EnumSet.of(RuleDirection.INBOUND), a.rules(id));
        assertEquals(0, a.negotiator.counters().reinstalled());
        // B still holds it and names it in its next keepalive: A's outbound rule goes back.
        sim.runFor(Sim.CONFIG.keepaliveInterval().toMillis() * 2 + 100);
        assertEquals(BOTH, a.rules(id));
        assertEquals(1, a.negotiator.counters().reinstalled());
        assertEquals(BypassState.ACTIVE, a.state(id));
        assertEquals(BypassState.ACTIVE, b.state(id));
    }

    @Test
    void restoredBypassThePeerNoLongerHoldsEndsWithoutRulesComingBack() {
        final long id = activate();
        final List<BypassPath> persisted = a.negotiator.agreed();
        a.rules.remove(id);
        a.portsHeld.clear();
        a.restart();
        // Meanwhile B gave up on it (as when A's keepalives stopped).
        b.negotiator.tearDown(id, TeardownReason.PEER_TIMEOUT);
        sim.runFor(Sim.CONFIG.retryInterval().toMillis() * (Sim.CONFIG.maxAttempts() + 1));
        assertEquals(BypassState.CLOSED, b.state(id));
        a.negotiator.restore(persisted);
        a.negotiator.reconcile(a.installedRules());
        // A's keepalive names it, B answers with a teardown: closed on A, no rule was ever put back.
        sim.runFor(Sim.CONFIG.keepaliveInterval().toMillis() * 2 + 500);
        assertEquals(0, a.negotiator.counters().reinstalled());
        assertBackOnOverlay(id);
    }

    @Test
    void switchReconnectReinstallsWhatWasLost() {
        final long id = activate();
        b.rules.clear();
        b.negotiator.reconcile(b.installedRules());
        assertEquals(BOTH, b.rules(id));
        assertEquals(List.of("B install INBOUND " + id, "B install OUTBOUND " + id),
            sim.journal.subList(sim.journal.size() - 2, sim.journal.size()));
    }

    @Test
    void responderInstallFailureIsARejection() {
        b.failInstalls = true;
        final long id = a.request(b, FLOW).id();
        sim.runFor(100);
        assertEquals(BypassState.CLOSED, a.state(id));
        assertEquals(BypassState.CLOSED, b.state(id));
        assertTrue(b.portsHeld.isEmpty() && a.portsHeld.isEmpty());
        assertEquals(1, b.negotiator.counters().installFailures());
    }

    @Test
    void aFlowWhoseRulesTheResponderRefusedIsNotAskedForAgainAtOnce() {
        b.failInstalls = true;
        a.request(b, FLOW);
        sim.runFor(100);
        // Reported again (the controller repeats a report that met a back-off once the back-off is over): no new
        // request while the peer's switch is broken.
        assertEquals(RequestOutcome.FLOW_BACKOFF, a.request(b, FLOW).outcome());
        assertEquals(RequestOutcome.FLOW_BACKOFF, b.request(a, FLOW.reversed()).outcome());
        sim.runFor(100);
        assertEquals(1, b.negotiator.counters().installFailures(), "no second install tried");
        // Another flow with the same peer is still asked for: the back-off is the flow's, not the peer's.
        final FlowKey other = FlowKey.tcp("192.168.1.2", 40001, "192.168.2.3", 5201);
        assertEquals(RequestOutcome.STARTED, a.request(b, other).outcome());
        sim.runFor(100);
        // Once the back-off is over the flow is asked for again, and succeeds with the switch repaired.
        b.failInstalls = false;
        sim.runFor(Sim.CONFIG.flowBackoff().toMillis());
        final RequestResult again = a.request(b, FLOW);
        assertEquals(RequestOutcome.STARTED, again.outcome());
        sim.runFor(100);
        assertEquals(BypassState.ACTIVE, a.state(again.id()));
    }

    @Test
    void theBackoffLeftForAFlowIsKnownSoItsReportCanBeRepeated() {
        final FlowKey other = FlowKey.tcp("192.168.1.2", 40001, "192.168.2.3", 5201);
        assertEquals(0, a.negotiator.backoffRemainingNanos(b.uid, FLOW));
        b.failInstalls = true;
        a.request(b, FLOW);
        sim.runFor(100);
        final long flowBackoff = Sim.CONFIG.flowBackoff().toNanos();
        final long left = a.negotiator.backoffRemainingNanos(b.uid, FLOW);
        assertTrue(left > flowBackoff - 100 * MS && left <= flowBackoff, "flow back-off left: " + left);
        assertEquals(0, a.negotiator.backoffRemainingNanos(b.uid, other), "another flow is not held back");
        sim.runFor(Sim.CONFIG.flowBackoff().toMillis());
        assertEquals(0, a.negotiator.backoffRemainingNanos(b.uid, FLOW));
    }

    @Test
    void anOperatorRequestClearsTheFlowBackoff() {
        a.failInstalls = true;
        final long id = a.request(b, FLOW).id();
        sim.runFor(100);
        assertEquals(BypassState.CLOSED, a.state(id));
        assertEquals(RequestOutcome.FLOW_BACKOFF, a.request(b, FLOW).outcome());
        a.failInstalls = false;
        a.negotiator.clearFlowBackoff(FLOW);
        final RequestResult manual = a.request(b, FLOW);
        assertEquals(RequestOutcome.STARTED, manual.outcome());
        sim.runFor(100);
        assertEquals(BypassState.ACTIVE, a.state(manual.id()));
    }

    @Test
    void localSwitchDownTearsDownEverythingAndTellsPeers() {
        final long id = activate();
        final long other = a.request(b, FlowKey.udp("192.168.1.2", 5000, "192.168.2.3", 5001)).id();
        sim.runFor(100);
        assertEquals(BypassState.ACTIVE, b.state(other));
        a.negotiator.tearDownAll(TeardownReason.SWITCH_DOWN);
        sim.runFor(500);
        assertBackOnOverlay(id);
        assertBackOnOverlay(other);
    }

    @Test
    void unknownIdsInMessagesAreRefused() {
        b.negotiator.onMessage(a.uid.toBytes(), BypassCodec.encode(
            new BypassMessage.Confirm(a.uid, sim.nanoTime(), 4242)));
        b.negotiator.onMessage(a.uid.toBytes(), BypassCodec.encode(
            new BypassMessage.Accept(a.uid, sim.nanoTime() + 1, 4243, UnderlayEndpoint.of("192.0.2.1", 9), 9)));
        assertEquals(2, b.negotiator.counters().refused(Refusal.UNKNOWN_BYPASS));
        assertTrue(b.rules.isEmpty());
    }
}
