/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.flow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.opendaylight.vias.rules.FlowRule;

/**
 * The flow-mods that take one owner's rules on a switch from what is there to what is wanted; pure. Rules are told
 * apart by cookie (every VIAS rule has its own), so a removal names exactly one rule and can never take a newer rule
 * that happens to have the same match (a strict delete without a cookie mask would).
 *
 * @param removals rules to delete, sent first
 * @param additions rules to add (an add of the same match and priority replaces the rule on the switch)
 */
public record RuleDelta(List<Placed> removals, List<FlowRule> additions) {

    /**
     * A rule on the switch.
     *
     * @param rule the rule as programmed, or null when it was only seen on the switch (its cookie and table are known,
     *             its content is not; it is trusted as it is)
     */
    public record Placed(short table, long cookie, FlowRule rule) {
        public static Placed of(final FlowRule rule) {
            return new Placed(rule.table().id(), rule.cookie().value(), rule);
        }
    }

    public RuleDelta {
        removals = List.copyOf(removals);
        additions = List.copyOf(additions);
    }

    public boolean isEmpty() {
        return removals.isEmpty() && additions.isEmpty();
    }

    /**
     * What to send so that the switch holds exactly {@code desired} of the rules in {@code onSwitch} (by cookie).
     * A rule whose content changed is added again; when its match, priority or table changed too, the old one is
     * removed first, since the add would not replace it.
     */
    public static RuleDelta between(final Map<Long, Placed> onSwitch, final List<FlowRule> desired) {
        final List<Placed> removals = new ArrayList<>();
        final List<FlowRule> additions = new ArrayList<>();
        final Set<Long> wanted = new HashSet<>();
        for (FlowRule rule : desired) {
            final long cookie = rule.cookie().value();
            if (!wanted.add(cookie)) {
                throw new IllegalArgumentException("rule " + rule.name() + ": cookie " + rule.cookie()
                    + " used twice");
            }
            final Placed placed = onSwitch.get(cookie);
            if (placed == null) {
                additions.add(rule);
            } else if (placed.rule() != null && !placed.rule().equals(rule)) {
                if (!sameSlot(placed.rule(), rule)) {
                    removals.add(placed);
                }
                additions.add(rule);
            }
        }
        for (Placed placed : onSwitch.values()) {
            if (!wanted.contains(placed.cookie())) {
                removals.add(placed);
            }
        }
        return new RuleDelta(removals, additions);
    }

    /** Whether an add of {@code next} replaces {@code previous} on the switch (same table, priority and match). */
    private static boolean sameSlot(final FlowRule previous, final FlowRule next) {
        return previous.table() == next.table() && previous.priority() == next.priority()
            && Objects.equals(previous.match(), next.match());
    }
}
