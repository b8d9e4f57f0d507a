/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowAction;
import org.opendaylight.vias.rules.FlowMatch;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.Table;

class RuleWriterTest {
    private static final String NODE = "openflow:1";
    private static final Set<Cookie.Purpose> NAT = EnumSet.of(Cookie.Purpose.NAT_OUTGOING,
        Cookie.Purpose.NAT_INCOMING, Cookie.Purpose.PUNT);

    private final FakeSwitch sw = new FakeSwitch();
    private final RuleWriter writer = new RuleWriter(sw);

    /** A rule in the NAT table matching UDP to {@code port}, sending it out of {@code outPort}. */
    private static FlowRule rule(final String name, final Cookie.Purpose purpose, final long id, final int port,
            final long outPort) {
        return FlowRule.permanent(name, Table.NAT, 200, Cookie.of(purpose, id),
            FlowMatch.builder().ipProto(FlowMatch.PROTO_UDP).tpDst(port).build(), List.of(FlowAction.output(outPort)));
    }

    /** A rule of another owner (the bypass). */
    private static FlowRule bypassRule() {
        return FlowRule.permanent("bypass-in-3", Table.NAT, 300, Cookie.of(Cookie.Purpose.BYPASS_INBOUND, 3),
            FlowMatch.builder().ipProto(FlowMatch.PROTO_TCP).tpDst(30000).build(), List.of());
    }

    private static FlowRule incoming(final long id, final int port) {
        return rule("nat-in-" + id, Cookie.Purpose.NAT_INCOMING, id, port, 1);
    }

    /** The switch answered: the future is complete (never waits) and did not fail. */
    private static void confirmed(final CompletableFuture<Void> future) throws Exception {
        assertTrue(future.isDone(), "not complete");
        future.get();
    }

    private static String failure(final CompletableFuture<Void> future) {
        assertTrue(future.isDone(), "not complete");
        final ExecutionException e = assertThrows(ExecutionException.class, future::get);
        return e.getCause().getMessage();
    }

    @Test
    void aRuleIsConfirmedOnlyWhenTheBarrierAfterItCameBack() throws Exception {
        final FlowRule in = incoming(1, 6000);
        final CompletableFuture<Void> done = writer.install(NODE, List.of(in));
        assertFalse(done.isDone());
        assertEquals(Map.of(), writer.confirmed(NODE));
        sw.answerNext();
        confirmed(done);
        assertEquals(Map.of(in.name(), in), writer.confirmed(NODE));
        assertEquals(Map.of(in.name(), in), sw.byName());
    }

    @Test
    void changesQueuedWhileABatchIsOutGoTogetherInTheNextOne() throws Exception {
        final FlowRule first = incoming(1, 6000);
        final CompletableFuture<Void> one = writer.install(NODE, List.of(first));
        final CompletableFuture<Void> two = writer.install(NODE, List.of(incoming(2, 6001)));
        final CompletableFuture<Void> three = writer.install(NODE, List.of(incoming(3, 6002)));
        final CompletableFuture<Void> four = writer.remove(NODE, List.of(first));
        assertEquals(1, sw.received.size(), "one batch out per switch at a time");
        sw.answerNext();
        confirmed(one);
        assertFalse(two.isDone());
        assertEquals(2, sw.received.size());
        assertEquals(3, sw.received.get(1).mods().size(), "the three queued changes in one batch");
        sw.answerNext();
        confirmed(CompletableFuture.allOf(two, three, four));
        assertEquals(Set.of("nat-in-2", "nat-in-3"), sw.byName().keySet());
        assertEquals(sw.byName(), writer.confirmed(NODE));
        assertEquals(0, sw.outstanding());
    }

    @Test
    void aRuleTheSwitchRefusesFailsOnlyTheChangeThatAskedForIt() throws Exception {
        writer.install(NODE, List.of(incoming(1, 6000)));
        final FlowRule refused = incoming(2, 6001);
        final FlowRule fine = incoming(3, 6002);
        sw.refuse.add(refused.name());
        final CompletableFuture<Void> bad = writer.install(NODE, List.of(refused));
        final CompletableFuture<Void> good = writer.install(NODE, List.of(fine));
        sw.answerNext();
        sw.answerNext();
        assertEquals(2, sw.received.size(), "both changes went out in one batch");
        confirmed(good);
        assertTrue(failure(bad).contains("add nat-in-2"), failure(bad));
        assertEquals(Set.of("nat-in-1", "nat-in-3"), writer.confirmed(NODE).keySet());

        // asking again sends it again
        sw.refuse.clear();
        final CompletableFuture<Void> again = writer.replace(NODE, NAT,
            List.of(incoming(1, 6000), refused, fine));
        sw.answerNext();
        confirmed(again);
        assertEquals(List.of(new RuleQueue.Add(refused)), sw.received.get(2).mods());
        assertEquals(Set.of("nat-in-1", "nat-in-2", "nat-in-3"), sw.byName().keySet());
    }

    @Test
    void replaceSendsOnlyTheDifference() throws Exception {
        final FlowRule a = incoming(1, 6000);
        final FlowRule b = incoming(2, 6001);
        writer.replace(NODE, NAT, List.of(a, b));
        sw.answerNext();

        // b's actions change (same slot: one add replaces it), d is new, a stays as it is
        final FlowRule changedB = rule(b.name(), Cookie.Purpose.NAT_INCOMING, 2, 6001, 7);
        final FlowRule d = incoming(4, 6003);
        writer.replace(NODE, NAT, List.of(a, changedB, d));
        sw.answerNext();
        assertEquals(List.of(new RuleQueue.Add(changedB), new RuleQueue.Add(d)), sw.received.get(1).mods());

        // b's match changes under the same name: the old one is removed first (the add would not replace it)
        final FlowRule movedB = rule(b.name(), Cookie.Purpose.NAT_INCOMING, 2, 6101, 7);
        writer.replace(NODE, NAT, List.of(a, movedB, d));
        sw.answerNext();
        assertEquals(List.of(new RuleQueue.Remove(changedB), new RuleQueue.Add(movedB)), sw.received.get(2).mods());

        final CompletableFuture<Void> last = writer.replace(NODE, NAT, List.of(a));
        sw.answerNext();
        confirmed(last);
        assertEquals(Set.of(new RuleQueue.Remove(movedB), new RuleQueue.Remove(d)),
            Set.copyOf(sw.received.get(3).mods()));
        assertEquals(Map.of(a.name(), a), sw.byName());
        assertEquals(sw.byName(), writer.confirmed(NODE));

        // nothing to do: no batch, done at once
        assertTrue(writer.replace(NODE, NAT, List.of(a)).isDone());
        assertEquals(4, sw.received.size());
    }

    @Test
    void aRemovalNamesItsOwnCookieAndLeavesANewerRuleWithTheSameMatch() throws Exception {
        // mapping 1 ended and mapping 2 got the same port: the same match, another rule and cookie
        final FlowRule old = incoming(1, 6000);
        final FlowRule next = incoming(2, 6000);
        writer.install(NODE, List.of(old));
        writer.install(NODE, List.of(next));
        final CompletableFuture<Void> removed = writer.remove(NODE, List.of(old));
        sw.answerNext();
        sw.answerNext();
        confirmed(removed);
        assertEquals(List.of(new RuleQueue.Add(next), new RuleQueue.Remove(old)), sw.received.get(1).mods());
        assertEquals(Map.of(next.name(), next), sw.byName());
    }

    @Test
    void afterARestartTheSwitchsRulesAreSettledFromWhatItReports() throws Exception {
        final FlowRule punt = rule("nat-punt-first-udp", Cookie.Purpose.PUNT, 0, 1, 3);
        final FlowRule orphan = incoming(9, 6009);
        final FlowRule out1 = rule("nat-out-5-a", Cookie.Purpose.NAT_OUTGOING, 5, 7001, 2);
        final FlowRule out2 = rule("nat-out-5-b", Cookie.Purpose.NAT_OUTGOING, 5, 7002, 2);
        final FlowRule wantedIn = incoming(5, 7000);
        // what the switch kept: the punt, an orphan of a mapping the restarted controller no longer has, and one of
        // the two outgoing entries of mapping 5
        for (FlowRule rule : List.of(punt, orphan, out1)) {
            sw.table.put(FakeSwitch.Slot.of(rule), rule);
        }
        writer.reconcile(NODE, NAT, sw.report());
        final CompletableFuture<Void> done = writer.replace(NODE, NAT, List.of(punt, wantedIn, out1, out2));
        sw.answerNext();
        confirmed(done);
        final List<RuleQueue.Mod> mods = sw.received.get(0).mods();
        assertFalse(mods.contains(new RuleQueue.Add(punt)), "a group the switch holds as wanted is kept: " + mods);
        assertTrue(mods.contains(new RuleQueue.RemoveCookie(Table.NAT.id(), orphan.cookie().value())), mods::toString);
        assertEquals(Set.of(punt.name(), wantedIn.name(), out1.name(), out2.name()), sw.byName().keySet());
        assertEquals(sw.byName(), writer.confirmed(NODE));
    }

    @Test
    void aSwitchThatLostItsRulesGetsThemBackAtReconciliation() throws Exception {
        final FlowRule in = incoming(1, 6000);
        writer.install(NODE, List.of(in));
        sw.answerNext();
        sw.table.clear(); // the switch restarted
        writer.reconcile(NODE, NAT, sw.report());
        assertEquals(Map.of(), writer.confirmed(NODE), "only what the switch reports is confirmed");
        writer.replace(NODE, NAT, List.of(in));
        sw.answerNext();
        assertEquals(Map.of(in.name(), in), sw.byName());
    }

    @Test
    void reconciliationLeavesOtherOwnersRulesAlone() throws Exception {
        final FlowRule bypass = bypassRule();
        sw.table.put(FakeSwitch.Slot.of(bypass), bypass);
        writer.reconcile(NODE, NAT, sw.report());
        assertTrue(writer.replace(NODE, NAT, List.of()).isDone());
        assertEquals(0, sw.received.size());
        assertEquals(Map.of(bypass.name(), bypass), sw.byName());
    }

    @Test
    void aRuleTheSwitchTimedOutIsNeitherConfirmedNorRemovedLaterAndIsAddedAnewWhenAskedFor() throws Exception {
        final FlowRule in = incoming(1, 6000);
        writer.install(NODE, List.of(in));
        sw.answerNext();
        sw.table.clear(); // idle timeout
        writer.switchRemoved(NODE, in.cookie().value(), in.name());
        assertEquals(Map.of(), writer.confirmed(NODE));
        assertTrue(writer.replace(NODE, NAT, List.of()).isDone(), "nothing left to remove");
        final CompletableFuture<Void> again = writer.install(NODE, List.of(in));
        sw.answerNext();
        confirmed(again);
        assertEquals(List.of(new RuleQueue.Add(in)), sw.received.get(1).mods());
    }

    @Test
    void aLostBarrierFailsEveryChangeInItsBatchAndTheirRulesAreRemovedWhenNoLongerWanted() throws Exception {
        final FlowRule in = incoming(1, 6000);
        final CompletableFuture<Void> done = writer.install(NODE, List.of(in));
        sw.loseNext();
        assertTrue(failure(done).contains("connection closed"), failure(done));
        assertEquals(Map.of(), writer.confirmed(NODE));
        // it may be on the switch: a replace without it removes it
        writer.replace(NODE, NAT, List.of());
        assertEquals(List.of(new RuleQueue.Remove(in)), sw.received.get(1).mods());
    }

    @Test
    void aBatchHoldsAtMostTheLimitButNeverSplitsAChange() {
        final RuleQueue queue = new RuleQueue(2);
        queue.install(NODE, List.of(incoming(1, 6000)));
        queue.install(NODE, List.of(incoming(2, 6001)));
        queue.install(NODE, List.of(incoming(3, 6002)));
        queue.install(NODE, List.of(incoming(4, 6003), incoming(5, 6004), incoming(6, 6005)));
        final RuleQueue.Batch first = queue.nextBatch(NODE).orElseThrow();
        assertEquals(2, first.mods().size());
        assertTrue(queue.nextBatch(NODE).isEmpty(), "one batch out at a time");
        queue.completed(first, RuleQueue.Outcome.OK);
        assertEquals(1, queue.nextBatch(NODE).orElseThrow().mods().size());
    }

    @Test
    void anAnswerToABatchThatIsNotOutIsRefused() {
        final RuleQueue queue = new RuleQueue(8);
        queue.install(NODE, List.of(incoming(1, 6000)));
        final RuleQueue.Batch batch = queue.nextBatch(NODE).orElseThrow();
        queue.completed(batch, RuleQueue.Outcome.OK);
        assertThrows(IllegalStateException.class, () -> queue.completed(batch, RuleQueue.Outcome.OK));
    }

    @Test
    void replaceRefusesARuleOfAnotherPurpose() {
        final FlowRule bypass = bypassRule();
        assertThrows(IllegalArgumentException.class, () -> writer.replace(NODE, NAT, List.of(bypass)));
        assertEquals(0, sw.received.size());
    }

    @Test
    void aSwitchAnsweringAtOnceConfirmsEachChangeInTurn() throws Exception {
        final RuleWriter direct = new RuleWriter(new FakeSwitch().answeringAtOnce());
        confirmed(direct.install(NODE, List.of(incoming(1, 6000))));
        confirmed(direct.install(NODE, List.of(incoming(2, 6001))));
        assertEquals(Set.of("nat-in-1", "nat-in-2"), direct.confirmed(NODE).keySet());
    }
}
