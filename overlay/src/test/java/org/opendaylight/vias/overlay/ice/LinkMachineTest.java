/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.signal.SignalKind;
import org.opendaylight.vias.overlay.signal.ViasSignal;

class LinkMachineTest {
    private LinkSim sim;
    /** ICE-controlling (smaller UID): offers. */
    private LinkSim.Node alice;
    /** ICE-controlled: answers. */
    private LinkSim.Node bob;

    @BeforeEach
    void setUp() {
        sim = new LinkSim();
        alice = sim.node("alice", 1);
        bob = sim.node("bob", 2);
    }

    private void meet() {
        alice.sees(bob);
        bob.sees(alice);
    }

    private long linkUp() {
        return sim.runUntil(30_000, () -> alice.linkUp(bob) && bob.linkUp(alice)
            && alice.state(bob) == LinkMachine.State.LINKED && bob.state(alice) == LinkMachine.State.LINKED
            && alice.machine.peers().get(0).setupMillis() >= 0 && bob.machine.peers().get(0).setupMillis() >= 0);
    }

    @Test
    void smallerUidOffersOtherAnswersAndBothLink() {
        meet();
        final long took = linkUp();
        assertTrue(alice.linkUp(bob), sim.journal::toString);
        assertTrue(took < 1_000, "set-up took " + took + " ms");
        assertEquals(1, sim.sent(alice, SignalKind.OFFER).size());
        assertEquals(1, sim.sent(bob, SignalKind.ANSWER).size());
        assertTrue(sim.sent(bob, SignalKind.OFFER).isEmpty());
        sim.runFor(30_000);
        assertEquals(1, sim.sent(alice, SignalKind.OFFER).size(), "an idle healthy link is left alone");
        assertEquals(0, alice.machine.pathsLost() + bob.machine.pathsLost());
    }

    @Test
    void natRebindingIsDetectedWithinAboutASecondAndTheLinkReformsWithinThreeSeconds() {
        meet();
        linkUp();
        sim.runFor(5_000);
        final int offersBefore = sim.sent(alice, SignalKind.OFFER).size();
        alice.rebind();
        final long rebindAt = sim.millis();
        final long lost = sim.runUntil(10_000, () -> alice.state(bob) != LinkMachine.State.LINKED);
        assertTrue(lost <= LinkTiming.DEFAULT.silence() + 2 * sim.tickEvery, "detected after " + lost + " ms");
        final long outage = linkUp() + lost;
        assertTrue(alice.linkUp(bob), sim.journal::toString);
        assertTrue(outage < 3_000, "outage " + outage + " ms: " + sim.journal);
        assertEquals(offersBefore + 1, sim.sent(alice, SignalKind.OFFER).size(), "one new offer, no storm");
        assertTrue(alice.machine.pathsLost() >= 1);
        assertEquals("nothing from the peer", alice.machine.peers().get(0).lastError().substring(0, 21));
        assertTrue(sim.millis() - rebindAt < 3_000);
    }

    @Test
    void onlyTheControlledSideLosingThePathMakesItAskAndTheControllingSideReoffersAtOnce() {
        meet();
        linkUp();
        final int requestsBefore = sim.sent(bob, SignalKind.REQUEST).size();
        // bob's consent checks go unanswered and alice sends nothing; alice still hears bob's (fake) records
        bob.consentAnswered = false;
        bob.traffic = 1;
        final long lost = sim.runUntil(10_000, () -> bob.state(alice) != LinkMachine.State.LINKED);
        assertTrue(lost <= LinkTiming.DEFAULT.silence() + 2 * sim.tickEvery, "detected after " + lost + " ms");
        bob.consentAnswered = true;
        assertEquals(requestsBefore + 1, sim.sent(bob, SignalKind.REQUEST).size(), sim.journal::toString);
        final long reformed = linkUp();
        assertTrue(lost + reformed < 3_000, "outage " + (lost + reformed) + " ms: " + sim.journal);
        assertEquals(2, sim.sent(alice, SignalKind.OFFER).size());
    }

    @Test
    void recordsWithoutConsentKeepTheLinkAndOneLateConsentIsNoFailure() {
        meet();
        linkUp();
        alice.traffic = 3;
        bob.traffic = 3;
        alice.consentAnswered = false;
        bob.consentAnswered = false;
        sim.runFor(10_000);
        assertEquals(LinkMachine.State.LINKED, alice.state(bob), sim.journal::toString);
        assertEquals(LinkMachine.State.LINKED, bob.state(alice));
        // idle again: consent alone; one interval (and a bit) without a response is fine
        alice.traffic = 0;
        bob.traffic = 0;
        alice.consentAnswered = true;
        bob.consentAnswered = true;
        sim.consentEvery = 600;
        sim.runFor(10_000);
        assertEquals(1, sim.sent(alice, SignalKind.OFFER).size(), sim.journal::toString);
        assertEquals(0, alice.machine.pathsLost() + bob.machine.pathsLost());
    }

    @Test
    void failedSetupsBackOffDoublingWhileALostLinkIsRemadeAtOnce() {
        sim.iceWorks = false;
        meet();
        sim.runFor(8_000);
        final List<Long> offers = sim.sent(alice, SignalKind.OFFER).stream().map(LinkSim.Sent::at).toList();
        assertTrue(offers.size() >= 3, offers::toString);
        final long first = offers.get(1) - offers.get(0);
        final long second = offers.get(2) - offers.get(1);
        assertTrue(second - first >= 900 && second - first <= 1_300, "gaps " + first + ", " + second);
        sim.iceWorks = true;
        linkUp();
        assertTrue(alice.linkUp(bob));
        // once up, a lost path is retried without waiting for the backoff the failures had built up
        sim.runFor(2_000);
        alice.rebind();
        final long outage = sim.runUntil(10_000, () -> alice.state(bob) != LinkMachine.State.LINKED) + linkUp();
        assertTrue(outage < 3_000, "outage " + outage);
    }

    @Test
    void lostAnswerTimesOutAndIsRetried() {
        sim.lose = s -> s.signal().kind() == SignalKind.ANSWER && sim.sent(bob, SignalKind.ANSWER).size() == 1;
        meet();
        sim.runFor(LinkTiming.DEFAULT.setupTimeout() - 1_000);
        assertEquals(LinkMachine.State.OFFERED, alice.state(bob));
        assertEquals(1, sim.sent(alice, SignalKind.OFFER).size());
        sim.runFor(3_000);
        assertEquals(2, sim.sent(alice, SignalKind.OFFER).size(), sim.journal::toString);
        linkUp();
        assertTrue(alice.linkUp(bob));
        assertTrue(alice.machine.peers().get(0).lastError().startsWith("no link within 20 s"));
    }

    @Test
    void staleAnswerIsIgnoredAndOfferFromTheWrongSideIsDroppedAndCounted() {
        meet();
        linkUp();
        final ViasSignal stale = new ViasSignal(SignalKind.ANSWER, bob.uid.toString(), alice.uid.toString(),
            "deadbeef", "ufragbob", "passwordpasswordpassword", LinkSim.FINGERPRINT, List.of(), Map.of());
        assertTrue(alice.machine.signal(stale).isEmpty());
        final ViasSignal wrong = new ViasSignal(SignalKind.OFFER, bob.uid.toString(), alice.uid.toString(),
            "deadbeef", "ufragbob", "passwordpasswordpassword", LinkSim.FINGERPRINT, List.of(), Map.of());
        assertTrue(alice.machine.signal(wrong).isEmpty());
        assertEquals(1, alice.machine.malformedSignals());
        final ViasSignal badFingerprint = new ViasSignal(SignalKind.ANSWER, bob.uid.toString(),
            alice.uid.toString(), "deadbeef", "ufragbob", "passwordpasswordpassword", "nonsense", List.of(),
            Map.of());
        assertTrue(alice.machine.signal(badFingerprint).isEmpty());
        assertEquals(2, alice.machine.malformedSignals());
        assertEquals(LinkMachine.State.LINKED, alice.state(bob));
    }

    @Test
    void peerLeavingTheRoomKeepsTheLink() {
        meet();
        linkUp();
        alice.machine.gone(bob.uid);
        bob.machine.gone(alice.uid);
        sim.runFor(10_000);
        assertTrue(alice.linkUp(bob));
        assertFalse(alice.machine.peers().get(0).present());
    }

    @Test
    void byeTearsDownTheSession() {
        meet();
        linkUp();
        final String session = sim.sent(alice, SignalKind.OFFER).get(0).signal().session();
        final List<LinkAction> actions = bob.machine.signal(new ViasSignal(SignalKind.BYE, alice.uid.toString(),
            bob.uid.toString(), session, null, null, null, List.of(), Map.of()));
        assertEquals(List.of(new LinkAction.TearDown(alice.uid)), actions);
    }

    @Test
    void beyondMaxLinksOnlyNearestAreLinkedOthersOnDemandAndRemovedWhenIdle() {
        final Uid self = sim.node("self", 0x10).uid;
        final LinkMachine m = new LinkMachine(self, LinkTiming.DEFAULT, 2, 5_000, false, sim, new Random(1));
        m.signalingJoined(true);
        // XOR distances from 0x10: 0x11 -> 1, 0x12 -> 2, 0x30 -> 0x20; all larger than self: we offer
        final Uid near1 = uid(0x11);
        final Uid near2 = uid(0x12);
        final Uid far = uid(0x30);
        m.present(far, Map.of());
        m.present(near1, Map.of());
        final List<LinkAction> none = m.present(near2, Map.of());
        assertEquals(LinkAction.Offer.class, none.get(0).getClass());
        final long offersToFar = m.peers().stream().filter(v -> v.uid().equals(far)
            && v.state() == LinkMachine.State.OFFERED).count();
        assertEquals(1, offersToFar, "offered while the overlay was within max-links");
        // the far peer's attempt fails: it is not retried while the topology does not want it
        final LinkAction.Offer farOffer = new LinkAction.Offer(far, 1, "x");
        m.setupFailed(far, 1, "ICE failed");
        sim.runFor(5_000);
        assertTrue(m.tick(Map.of()).stream().noneMatch(a -> a.peer().equals(far)), farOffer::toString);
        final List<LinkAction> onDemand = m.demand(far);
        assertEquals(1, onDemand.size());
        assertEquals(far, onDemand.get(0).peer());
        assertEquals(LinkAction.Offer.class, onDemand.get(0).getClass());
    }

    private static Uid uid(int last) {
        final byte[] raw = new byte[Uid.LENGTH];
        raw[Uid.LENGTH - 1] = (byte) last;
        return Uid.of(raw);
    }
}
