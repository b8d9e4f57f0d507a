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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowRule;

/**
 * The bookkeeping of programming rules on switches with flow-mods and a barrier; pure (no OpenFlowPlugin types, no
 * threads). Owners (NAT, bypass) queue changes and get a future; {@link #nextBatch} takes every change queued for a
 * switch into one batch (one round of flow-mods and one barrier), and {@link #completed} books the switch's answer:
 * a rule is <em>confirmed</em> only once the barrier after its add came back, and each caller's future fails only
 * when one of its own flow-mods (or the barrier) failed.
 *
 * <p>A rule is known by its table and name (a NAT mapping's outgoing entries share one cookie). Removals are strict
 * (match, priority) with an exact cookie mask, so a removal takes exactly the rule it names and never a newer rule
 * with the same match; rules only seen on the switch are removed by their exact cookie. Every change costs work in
 * proportion to the rules it names, not to how many rules the switch holds; only {@link #replace} looks at all the
 * rules of the purposes it is given (in memory).
 *
 * <p>After a reconnect or a controller restart the owner reports what the switch holds ({@link #reconcile}, from
 * the flow statistics: table and cookie, content unknown) and then states what it wants ({@link #replace}): rules of
 * cookies the owner does not want go, wanted rules the switch does not report are added, and a table/cookie group
 * the switch holds as many rules of as are wanted is trusted as it is.
 *
 * <p>Thread-safe (every method synchronized); futures are completed outside the lock.
 */
public final class RuleQueue {

    /** How a rule is told apart on one switch: its table and name (the ODL flow id). */
    public record Key(short table, String name) {
        public static Key of(final FlowRule rule) {
            return new Key(rule.table().id(), rule.name());
        }
    }

    /** One flow-mod. */
    public sealed interface Mod permits Add, Remove, RemoveCookie {
    }

    /** Add (or replace: same table, priority and match) a rule. */
    public record Add(FlowRule rule) implements Mod {
    }

    /** Remove exactly this rule: strict on its match and priority, exact cookie. */
    public record Remove(FlowRule rule) implements Mod {
    }

    /** Remove every rule of table {@code table} with exactly this cookie (their content is not known). */
    public record RemoveCookie(short table, long cookie) implements Mod {
    }

    /** A VIAS rule the switch reports (operational inventory): where it is and its cookie. */
    public record Reported(short table, long cookie) {
    }

    /**
     * The flow-mods of one round on one switch, in the order to send them; a barrier follows them.
     *
     * @param sequence tells this batch apart from earlier ones of the same switch
     */
    public record Batch(String nodeId, long sequence, List<Mod> mods) {
        public Batch {
            mods = List.copyOf(mods);
        }
    }

    /**
     * The switch's answer to a batch.
     *
     * @param failures the error of each flow-mod that failed, by its index in {@link Batch#mods()}
     * @param barrierFailure why the barrier (or the whole round) failed, or null when it came back: then every
     *                       flow-mod without a failure is on the switch
     */
    public record Outcome(Map<Integer, String> failures, String barrierFailure) {
        public static final Outcome OK = new Outcome(Map.of(), null);

        public Outcome {
            failures = Map.copyOf(failures);
        }

        public static Outcome failed(final String why) {
            return new Outcome(Map.of(), why);
        }
    }

    /** A change asked for by one caller, with the future it was given. */
    private record Ticket(List<Mod> mods, CompletableFuture<Void> done) {
    }

    /** A table/cookie pair of rules whose content is not known. */
    private record Group(short table, long cookie) {
    }

    private static final class SwitchRules {
        /** On the switch, confirmed by a barrier (or trusted after reconciliation). */
        final Map<Key, FlowRule> confirmed = new HashMap<>();
        /** What the owners asked for last, confirmed or not. */
        final Map<Key, FlowRule> wanted = new HashMap<>();
        /** Rules whose add or removal failed: they may be on the switch; never listed, removed when unwanted. */
        final Map<Key, FlowRule> uncertain = new HashMap<>();
        /** Rules reported by the switch whose content is not known yet: how many per table and cookie. */
        final Map<Group, Integer> reported = new HashMap<>();
        final ArrayDeque<Ticket> queued = new ArrayDeque<>();
        List<Ticket> inFlight;
        Batch inFlightBatch;
        long sequence;
    }

    private final int maxModsPerBatch;
    private final Map<String, SwitchRules> switches = new HashMap<>();

    /**
     * Creates an empty queue.
     *
     * @param maxModsPerBatch flow-mods per batch at most (a caller's change is never split: a larger one goes alone)
     */
    public RuleQueue(final int maxModsPerBatch) {
        if (maxModsPerBatch < 1) {
            throw new IllegalArgumentException("maxModsPerBatch: must be at least 1, was " + maxModsPerBatch);
        }
        this.maxModsPerBatch = maxModsPerBatch;
    }

    /**
     * Adds these rules to switch {@code nodeId}, each one even when it is believed to be there already (an add of
     * the same rule replaces it: a caller asks again when the switch evidently lacks it). A rule whose name is known
     * with another match or priority is removed first.
     */
    public CompletableFuture<Void> install(final String nodeId, final Collection<FlowRule> rules) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            final SwitchRules sw = switchOf(nodeId);
            final List<Mod> mods = new ArrayList<>();
            for (FlowRule rule : rules) {
                addMods(sw, rule, mods);
                sw.wanted.put(Key.of(rule), rule);
            }
            if (enqueue(sw, mods, done)) {
                return done;
            }
        }
        done.complete(null);
        return done;
    }

    /** Removes these rules (by table and name) from switch {@code nodeId}; names it does not know are ignored. */
    public CompletableFuture<Void> remove(final String nodeId, final Collection<Key> keys) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            final SwitchRules sw = switchOf(nodeId);
            final List<Mod> mods = new ArrayList<>();
            for (Key key : keys) {
                removeMods(sw, key, mods);
            }
            if (enqueue(sw, mods, done)) {
                return done;
            }
        }
        done.complete(null);
        return done;
    }

    /**
     * Makes the rules of {@code purposes} on switch {@code nodeId} exactly {@code rules}: adds what is not confirmed
     * as it is, removes what is no longer wanted, and settles the rules the switch reported since the last
     * {@link #reconcile}. Every rule's cookie purpose must be one of {@code purposes}.
     */
    public CompletableFuture<Void> replace(final String nodeId, final Set<Cookie.Purpose> purposes,
            final List<FlowRule> rules) {
        final Map<Key, FlowRule> desired = new LinkedHashMap<>();
        for (FlowRule rule : rules) {
            if (!purposes.contains(rule.cookie().purpose())) {
                throw new IllegalArgumentException("rule " + rule.name() + " has purpose "
                    + rule.cookie().purpose() + ", not one of " + purposes);
            }
            if (desired.put(Key.of(rule), rule) != null) {
                throw new IllegalArgumentException("rule " + rule.name() + " given twice");
            }
        }
        final CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            final SwitchRules sw = switchOf(nodeId);
            final List<Mod> mods = new ArrayList<>();
            settleReported(sw, purposes, desired, mods);
            final Set<Key> stale = new HashSet<>();
            for (Map.Entry<Key, FlowRule> entry : sw.wanted.entrySet()) {
                if (ownedBy(entry.getValue(), purposes) && !desired.containsKey(entry.getKey())) {
                    stale.add(entry.getKey());
                }
            }
            for (Map<Key, FlowRule> held : List.of(sw.confirmed, sw.uncertain)) {
                for (Map.Entry<Key, FlowRule> entry : held.entrySet()) {
                    if (ownedBy(entry.getValue(), purposes) && !desired.containsKey(entry.getKey())) {
                        stale.add(entry.getKey());
                    }
                }
            }
            for (Key key : stale) {
                removeMods(sw, key, mods);
            }
            for (FlowRule rule : desired.values()) {
                final Key key = Key.of(rule);
                if (!rule.equals(sw.confirmed.get(key)) || !rule.equals(sw.wanted.get(key))) {
                    addMods(sw, rule, mods);
                }
                sw.wanted.put(key, rule);
            }
            if (enqueue(sw, mods, done)) {
                return done;
            }
        }
        done.complete(null);
        return done;
    }

    /**
     * What switch {@code nodeId} reports of the rules of {@code purposes} (after it connected, or after a controller
     * restart): from now on their content counts as unknown, and the next {@link #replace} of these purposes
     * settles them. Rules not reported are no longer confirmed (a switch that restarted lost them).
     */
    public synchronized void reconcile(final String nodeId, final Set<Cookie.Purpose> purposes,
            final Collection<Reported> onSwitch) {
        final SwitchRules sw = switchOf(nodeId);
        sw.confirmed.values().removeIf(rule -> ownedBy(rule, purposes));
        sw.uncertain.values().removeIf(rule -> ownedBy(rule, purposes));
        sw.reported.keySet().removeIf(group -> ownedBy(group.cookie(), purposes));
        for (Reported rule : onSwitch) {
            if (ownedBy(rule.cookie(), purposes)) {
                sw.reported.merge(new Group(rule.table(), rule.cookie()), 1, Integer::sum);
            }
        }
    }

    /**
     * The switch removed a rule itself (idle or hard timeout): it is neither there nor wanted any more. With a null
     * {@code name}, every rule with that cookie.
     */
    public synchronized void switchRemoved(final String nodeId, final long cookie, final String name) {
        final SwitchRules sw = switches.get(nodeId);
        if (sw == null) {
            return;
        }
        sw.confirmed.values().removeIf(rule -> isTheRule(rule, cookie, name));
        sw.wanted.values().removeIf(rule -> isTheRule(rule, cookie, name));
        sw.uncertain.values().removeIf(rule -> isTheRule(rule, cookie, name));
    }

    /**
     * The next batch for switch {@code nodeId}: every change queued (up to the size limit), unless a batch is still
     * out (one at a time per switch, so changes reach the switch in the order they were asked for).
     */
    public synchronized Optional<Batch> nextBatch(final String nodeId) {
        final SwitchRules sw = switches.get(nodeId);
        if (sw == null || sw.inFlight != null || sw.queued.isEmpty()) {
            return Optional.empty();
        }
        final List<Ticket> tickets = new ArrayList<>();
        final List<Mod> mods = new ArrayList<>();
        while (!sw.queued.isEmpty()
                && (tickets.isEmpty() || mods.size() + sw.queued.peek().mods().size() <= maxModsPerBatch)) {
            final Ticket ticket = sw.queued.poll();
            tickets.add(ticket);
            mods.addAll(ticket.mods());
        }
        sw.inFlight = tickets;
        sw.inFlightBatch = new Batch(nodeId, ++sw.sequence, mods);
        return Optional.of(sw.inFlightBatch);
    }

    /**
     * Books the switch's answer to {@code batch}: confirms what it added and removed, and completes the future of
     * every change in it (failed only when one of that change's flow-mods or the barrier failed). A rule whose add
     * or removal failed is no longer taken as wanted as asked, so that asking again sends it again.
     */
    public void completed(final Batch batch, final Outcome outcome) {
        final List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            final SwitchRules sw = switches.get(batch.nodeId());
            if (sw == null || sw.inFlightBatch == null || sw.inFlightBatch.sequence() != batch.sequence()) {
                throw new IllegalStateException("batch " + batch.sequence() + " of " + batch.nodeId()
                    + " is not the one out");
            }
            int index = 0;
            for (Ticket ticket : sw.inFlight) {
                final List<String> errors = new ArrayList<>();
                for (Mod mod : ticket.mods()) {
                    final String failure = outcome.barrierFailure() != null ? outcome.barrierFailure()
                        : outcome.failures().get(index);
                    index++;
                    if (failure == null) {
                        confirm(sw, mod);
                    } else {
                        errors.add(describe(mod) + ": " + failure);
                        unsettle(sw, mod);
                    }
                }
                if (errors.isEmpty()) {
                    completions.add(() -> ticket.done().complete(null));
                } else {
                    final Exception failure = new IllegalStateException("on " + batch.nodeId() + ": "
                        + String.join("; ", errors));
                    completions.add(() -> ticket.done().completeExceptionally(failure));
                }
            }
            sw.inFlight = null;
            sw.inFlightBatch = null;
        }
        completions.forEach(Runnable::run);
    }

    /** The rules confirmed on switch {@code nodeId}, by name (for listings). */
    public synchronized Map<String, FlowRule> confirmed(final String nodeId) {
        final SwitchRules sw = switches.get(nodeId);
        final Map<String, FlowRule> out = new HashMap<>();
        if (sw != null) {
            sw.confirmed.values().forEach(rule -> out.put(rule.name(), rule));
        }
        return out;
    }

    /** Whether changes wait for switch {@code nodeId} or a batch is out. */
    public synchronized boolean busy(final String nodeId) {
        final SwitchRules sw = switches.get(nodeId);
        return sw != null && (sw.inFlight != null || !sw.queued.isEmpty());
    }

    public static String describe(final Mod mod) {
        if (mod instanceof Add add) {
            return "add " + add.rule().name();
        }
        if (mod instanceof Remove remove) {
            return "remove " + remove.rule().name();
        }
        final RemoveCookie byCookie = (RemoveCookie) mod;
        return String.format("remove cookie 0x%x in table %d", byCookie.cookie(), byCookie.table());
    }

    // ---- internals (under the lock) ----

    private SwitchRules switchOf(final String nodeId) {
        return switches.computeIfAbsent(Objects.requireNonNull(nodeId), id -> new SwitchRules());
    }

    /** Queues a change; false when it has nothing to send (its future completes at once). */
    private static boolean enqueue(final SwitchRules sw, final List<Mod> mods, final CompletableFuture<Void> done) {
        if (mods.isEmpty()) {
            return false;
        }
        sw.queued.add(new Ticket(List.copyOf(mods), done));
        return true;
    }

    /** The add of {@code rule}, after the removal of what the same name holds elsewhere (another match). */
    private static void addMods(final SwitchRules sw, final FlowRule rule, final List<Mod> mods) {
        final Key key = Key.of(rule);
        for (FlowRule previous : previousOf(sw, key)) {
            if (!sameSlot(previous, rule)) {
                mods.add(new Remove(previous));
            }
        }
        mods.add(new Add(rule));
    }

    private static void removeMods(final SwitchRules sw, final Key key, final List<Mod> mods) {
        for (FlowRule previous : previousOf(sw, key)) {
            mods.add(new Remove(previous));
        }
        sw.wanted.remove(key);
    }

    /**
     * What may be on the switch under this name: the confirmed rule, the one last asked for and one whose flow-mod
     * failed, each once (two rules in the same slot with the same cookie are one for a strict removal).
     */
    private static List<FlowRule> previousOf(final SwitchRules sw, final Key key) {
        final List<FlowRule> out = new ArrayList<>(3);
        for (FlowRule rule : new FlowRule[] {sw.confirmed.get(key), sw.wanted.get(key), sw.uncertain.get(key)}) {
            if (rule != null && out.stream().noneMatch(seen -> sameSlot(seen, rule) && sameCookie(seen, rule))) {
                out.add(rule);
            }
        }
        return out;
    }

    /**
     * Settles what the switch reported for these purposes against the desired rules: a table/cookie group with as
     * many rules as desired is trusted; one nobody wants is removed by cookie; otherwise it is removed by cookie and
     * its desired rules are added again.
     */
    private static void settleReported(final SwitchRules sw, final Set<Cookie.Purpose> purposes,
            final Map<Key, FlowRule> desired, final List<Mod> mods) {
        if (sw.reported.isEmpty()) {
            return;
        }
        final Map<Group, List<FlowRule>> desiredByGroup = new HashMap<>();
        for (FlowRule rule : desired.values()) {
            desiredByGroup.computeIfAbsent(new Group(rule.table().id(), rule.cookie().value()),
                g -> new ArrayList<>()).add(rule);
        }
        final var it = sw.reported.entrySet().iterator();
        while (it.hasNext()) {
            final Map.Entry<Group, Integer> entry = it.next();
            final Group group = entry.getKey();
            if (!ownedBy(group.cookie(), purposes)) {
                continue;
            }
            it.remove();
            final List<FlowRule> wanted = desiredByGroup.getOrDefault(group, List.of());
            if (wanted.size() == entry.getValue()) {
                // as many as wanted: trusted as they are (their content cannot be compared)
                for (FlowRule rule : wanted) {
                    sw.confirmed.put(Key.of(rule), rule);
                    sw.wanted.put(Key.of(rule), rule);
                }
                continue;
            }
            mods.add(new RemoveCookie(group.table(), group.cookie()));
            for (FlowRule rule : wanted) {
                // the replace that follows adds them: they are not confirmed
                sw.confirmed.remove(Key.of(rule));
            }
        }
    }

    private static void confirm(final SwitchRules sw, final Mod mod) {
        if (mod instanceof Add add) {
            final Key key = Key.of(add.rule());
            sw.confirmed.put(key, add.rule());
            sw.uncertain.remove(key);
        } else if (mod instanceof Remove remove) {
            final Key key = Key.of(remove.rule());
            sw.confirmed.remove(key, remove.rule());
            sw.uncertain.remove(key, remove.rule());
        } else {
            final RemoveCookie byCookie = (RemoveCookie) mod;
            for (Map<Key, FlowRule> held : List.of(sw.confirmed, sw.uncertain)) {
                held.values().removeIf(rule -> rule.table().id() == byCookie.table()
                    && rule.cookie().value() == byCookie.cookie());
            }
        }
    }

    /**
     * A flow-mod failed (or its barrier did): the rule may or may not be on the switch. It is no longer taken as
     * wanted as asked, so asking again sends it again, and it is removed when it is no longer wanted.
     */
    private static void unsettle(final SwitchRules sw, final Mod mod) {
        if (mod instanceof Add add) {
            final Key key = Key.of(add.rule());
            if (!add.rule().equals(sw.confirmed.get(key))) {
                sw.uncertain.put(key, add.rule());
            }
            if (add.rule().equals(sw.wanted.get(key))) {
                final FlowRule confirmed = sw.confirmed.get(key);
                if (confirmed == null) {
                    sw.wanted.remove(key);
                } else {
                    sw.wanted.put(key, confirmed);
                }
            }
        } else if (mod instanceof Remove remove) {
            final Key key = Key.of(remove.rule());
            if (!remove.rule().equals(sw.confirmed.get(key))) {
                sw.uncertain.put(key, remove.rule());
            }
        }
        // a removal by cookie that failed: the next reconciliation finds what is left
    }

    private static boolean isTheRule(final FlowRule rule, final long cookie, final String name) {
        return rule.cookie().value() == cookie && (name == null || name.equals(rule.name()));
    }

    private static boolean ownedBy(final FlowRule rule, final Set<Cookie.Purpose> purposes) {
        return purposes.contains(rule.cookie().purpose());
    }

    private static boolean ownedBy(final long cookie, final Set<Cookie.Purpose> purposes) {
        try {
            return purposes.contains(Cookie.decode(cookie).purpose());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether an add of {@code next} replaces {@code previous} on the switch (same table, priority and match). */
    private static boolean sameSlot(final FlowRule previous, final FlowRule next) {
        return previous.table() == next.table() && previous.priority() == next.priority()
            && Objects.equals(previous.match(), next.match());
    }

    private static boolean sameCookie(final FlowRule one, final FlowRule other) {
        return one.cookie().equals(other.cookie());
    }
}
