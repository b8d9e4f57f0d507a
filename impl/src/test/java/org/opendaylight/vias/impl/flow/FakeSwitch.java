/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.opendaylight.vias.rules.FlowMatch;
import org.opendaylight.vias.rules.FlowRule;

/**
 * A switch for {@link RuleWriter} tests with OpenFlow's flow table semantics: an add replaces the rule of the same
 * table, priority and match; a strict removal takes the rule of that table, priority and match if its cookie is
 * the one given; a removal by cookie takes every rule of the table with that cookie. Batches are held until the test
 * answers them, so it can see what queues up meanwhile.
 */
final class FakeSwitch implements RuleWriter.Switch {
    /** Where a rule sits: an add into the same slot replaces it. */
    record Slot(short table, int priority, FlowMatch match) {
        static Slot of(final FlowRule rule) {
            return new Slot(rule.table().id(), rule.priority(), rule.match());
        }
    }

    private record Pending(RuleQueue.Batch batch, CompletableFuture<RuleQueue.Outcome> answer) {
    }

    final Map<Slot, FlowRule> table = new LinkedHashMap<>();
    final List<RuleQueue.Batch> received = new ArrayList<>();
    /** Names of rules whose add the switch refuses. */
    final Set<String> refuse = new HashSet<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private boolean answerAtOnce;

    FakeSwitch answeringAtOnce() {
        answerAtOnce = true;
        return this;
    }

    @Override
    public CompletionStage<RuleQueue.Outcome> send(final RuleQueue.Batch batch) {
        received.add(batch);
        final CompletableFuture<RuleQueue.Outcome> answer = new CompletableFuture<>();
        if (answerAtOnce) {
            answer.complete(apply(batch));
        } else {
            pending.add(new Pending(batch, answer));
        }
        return answer;
    }

    /** Processes the oldest batch sent and answers its barrier. */
    void answerNext() {
        final Pending next = Objects.requireNonNull(pending.poll(), "no batch out");
        next.answer().complete(apply(next.batch()));
    }

    /** The barrier of the oldest batch never comes back (the connection went away); nothing of it is applied. */
    void loseNext() {
        final Pending next = Objects.requireNonNull(pending.poll(), "no batch out");
        next.answer().complete(RuleQueue.Outcome.failed("connection closed"));
    }

    int outstanding() {
        return pending.size();
    }

    /** The rules of the switch, by name. */
    Map<String, FlowRule> byName() {
        final Map<String, FlowRule> out = new HashMap<>();
        table.values().forEach(rule -> out.put(rule.name(), rule));
        return out;
    }

    /** What the operational inventory would report: table and cookie of every rule. */
    List<RuleQueue.Reported> report() {
        return table.values().stream()
            .map(rule -> new RuleQueue.Reported(rule.table().id(), rule.cookie().value())).toList();
    }

    private RuleQueue.Outcome apply(final RuleQueue.Batch batch) {
        final Map<Integer, String> failures = new HashMap<>();
        for (int i = 0; i < batch.mods().size(); i++) {
            final RuleQueue.Mod mod = batch.mods().get(i);
            if (mod instanceof RuleQueue.Add add) {
                if (refuse.contains(add.rule().name())) {
                    failures.put(i, "OFPET_FLOW_MOD_FAILED");
                } else {
                    table.put(Slot.of(add.rule()), add.rule());
                }
            } else if (mod instanceof RuleQueue.Remove remove) {
                final Slot slot = Slot.of(remove.rule());
                final FlowRule there = table.get(slot);
                if (there != null && there.cookie().equals(remove.rule().cookie())) {
                    table.remove(slot);
                }
            } else {
                final RuleQueue.RemoveCookie byCookie = (RuleQueue.RemoveCookie) mod;
                table.values().removeIf(rule -> rule.table().id() == byCookie.table()
                    && rule.cookie().value() == byCookie.cookie());
            }
        }
        return new RuleQueue.Outcome(failures, null);
    }
}
