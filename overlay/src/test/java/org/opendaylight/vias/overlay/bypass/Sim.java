/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.overlay.meter.NanoClock;

/**
 * A deterministic world for negotiator tests: one fake clock, an event queue, a lossy control channel with fixed
 * latency between nodes, and per node a fake switch and port allocator. Every switch change lands in one journal so
 * tests can check the order across both nodes.
 */
final class Sim implements NanoClock {
    static final long MS = 1_000_000L;
    static final NegotiatorConfig CONFIG = NegotiatorConfig.DEFAULT;
    /**
     * From a message's first transmission until its sender gives up without an answer: the waits double from the
     * retry interval up to 8 times it (200, 400, 800, 1600, 1600 ms with the defaults), written out here so that a
     * change of the schedule shows in the tests.
     */
    static final long GIVE_UP_MILLIS = CONFIG.retryInterval().toMillis() * (1 + 2 + 4 + 8 + 8);

    /** One message on the wire. */
    record Delivery(Node from, Node to, byte[] bytes, BypassMessage message) {
    }

    private record Event(long at, long order, Runnable action) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>(
        (x, y) -> x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.order, y.order));
    private final Map<Uid, Node> nodes = new HashMap<>();
    private long now = 1_000_000_000_000L;
    private long order;
    long latency = 5 * MS;
    long switchDelay;
    /** Messages for which this is true are lost. */
    Predicate<Delivery> lose = d -> false;
    /** Each message is delivered this many times. */
    int copies = 1;
    final List<Delivery> wire = new ArrayList<>();
    final List<String> journal = new ArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    Node node(String name, int uidByte, String underlayIp, BypassPolicy policy) {
        final Node node = new Node(this, name, Uid.of(filled(uidByte)), underlayIp, policy);
        nodes.put(node.uid, node);
        return node;
    }

    static byte[] filled(int value) {
        final byte[] uid = new byte[Uid.LENGTH];
        java.util.Arrays.fill(uid, (byte) value);
        return uid;
    }

    void at(long when, Runnable action) {
        queue.add(new Event(when, order++, action));
    }

    /** Runs events and 50 ms ticks of every node for {@code millis}. */
    void runFor(long millis) {
        final long end = now + millis * MS;
        long nextTick = now - now % (50 * MS) + 50 * MS;
        while (true) {
            final Event next = queue.peek();
            final long eventAt = next == null ? Long.MAX_VALUE : next.at;
            if (Math.min(eventAt, nextTick) > end) {
                break;
            }
            if (eventAt <= nextTick) {
                queue.poll();
                now = Math.max(now, eventAt);
                next.action.run();
            } else {
                now = nextTick;
                nextTick += 50 * MS;
                for (Node node : List.copyOf(nodes.values())) {
                    node.negotiator.tick();
                }
            }
        }
        now = end;
    }

    void send(Node from, byte[] peerUid, byte[] bytes) {
        final Node to = nodes.get(Uid.of(peerUid));
        final Delivery delivery = new Delivery(from, to, bytes, BypassCodec.decode(bytes).message());
        wire.add(delivery);
        if (to == null || lose.test(delivery)) {
            return;
        }
        for (int i = 0; i < copies; i++) {
            at(now + latency, () -> to.negotiator.onMessage(from.uid.toBytes(), bytes));
        }
    }

    /** Path probes for which this is true are lost on the underlay. */
    Predicate<PathProbe> loseProbe = p -> false;
    final List<String> probes = new ArrayList<>();

    /**
     * A path probe on the underlay from {@code from}'s side of a bypass. Sending opens the sender's filtering NAT
     * for this bypass; the probe passes the receiver's filtering NAT only once the receiver has sent on it too, and
     * reaches the receiver's controller only when its probe rule is on the switch.
     */
    void probe(Node from, BypassPath path, PathProbe probe) {
        from.openedFor.add(path.id());
        probes.add(from.name + " probe " + path.id() + (probe.ready() ? " ready" : ""));
        final Node to = nodes.get(path.peer());
        if (to == null || loseProbe.test(probe) || to.filtering && !to.openedFor.contains(path.id())) {
            return;
        }
        at(now + latency, () -> {
            if (to.rules(path.id()).contains(RuleDirection.PROBE)) {
                to.negotiator.probeReceived(probe);
            }
        });
    }

    /** Messages of one type sent by {@code from}. */
    List<Delivery> sent(Node from, MessageType type) {
        final List<Delivery> matching = new ArrayList<>();
        for (Delivery d : wire) {
            if (d.from == from && d.message != null && d.message.type() == type) {
                matching.add(d);
            }
        }
        return matching;
    }

    /** A node: negotiator plus fakes of what the controller would provide. */
    static final class Node implements RuleInstaller, PortReservation {
        final Sim sim;
        final String name;
        final Uid uid;
        final String underlayIp;
        final Map<Long, Set<RuleDirection>> rules = new HashMap<>();
        final Set<Long> portsHeld = new HashSet<>();
        final List<BypassEvent> events = new ArrayList<>();
        int installs;
        int nextPort = 40_000;
        boolean failInstalls;
        /** Installs of these directions fail (the switch refuses them). */
        final Set<RuleDirection> failDirections = EnumSet.noneOf(RuleDirection.class);
        /** False: this node's NAT maps ports unpredictably (symmetric). */
        boolean mappingPredictable = true;
        /** A one-to-one NAT's public address for this node, or null (no NAT). */
        String publicIp;
        /** Behind a filtering (port-restricted) NAT: inbound packets pass only on a bypass this node sent on. */
        boolean filtering;
        final Set<Long> openedFor = new HashSet<>();
        BypassNegotiator negotiator;
        BypassPolicy policy;

        Node(Sim sim, String name, Uid uid, String underlayIp, BypassPolicy policy) {
            this.sim = sim;
            this.name = name;
            this.uid = uid;
            this.underlayIp = underlayIp;
            this.policy = policy;
            restart();
        }

        /** A controller restart: a new negotiator, empty state; the switch keeps its rules. */
        void restart() {
            negotiator = new BypassNegotiator(uid, CONFIG, (peer, flow) -> policy.allows(peer, flow), this, this,
                (peer, bytes) -> sim.send(this, peer, bytes), sim, events::add, sim.now * 1000, (uid.toBytes()[0] & 0xff) * 1000L);
        }

        RequestResult request(Node peer, FlowKey flow) {
            return negotiator.requestBypass(peer.uid.toBytes(), flow);
        }

        BypassState state(long id) {
            return negotiator.status(id).map(BypassStatus::state).orElse(null);
        }

        Set<RuleDirection> rules(long id) {
            return rules.getOrDefault(id, Set.of());
        }

        @Override
        public CompletionStage<Void> install(BypassPath path, RuleDirection direction) {
            return change(() -> {
                if (failInstalls || failDirections.contains(direction)) {
                    throw new IllegalStateException("switch refused");
                }
                installs++;
                rules.computeIfAbsent(path.id(), id -> EnumSet.noneOf(RuleDirection.class)).add(direction);
                sim.journal.add(name + " install " + direction + " " + path.id());
            });
        }

        @Override
        public CompletionStage<Void> remove(BypassPath path, RuleDirection direction) {
            return change(() -> {
                rules.getOrDefault(path.id(), EnumSet.noneOf(RuleDirection.class)).remove(direction);
                rules.values().removeIf(Set::isEmpty);
                sim.journal.add(name + " remove " + direction + " " + path.id());
            });
        }

        @Override
        public CompletionStage<Void> removeOrphan(long id) {
            return change(() -> {
                rules.remove(id);
                sim.journal.add(name + " remove orphan " + id);
            });
        }

        private CompletionStage<Void> change(Runnable change) {
            if (sim.switchDelay == 0) {
                change.run();
                return CompletableFuture.completedFuture(null);
            }
            final CompletableFuture<Void> done = new CompletableFuture<>();
            sim.at(sim.now + sim.switchDelay, () -> {
                try {
                    change.run();
                    done.complete(null);
                } catch (IllegalStateException e) {
                    done.completeExceptionally(e);
                }
            });
            return done;
        }

        @Override
        public Optional<Reservation> reserve(long id, FlowKey flow) {
            if (!portsHeld.add(id)) {
                throw new AssertionError("port reserved twice for " + id);
            }
            final int port = nextPort++;
            return Optional.of(new Reservation(UnderlayEndpoint.of(publicIp == null ? underlayIp : publicIp, port),
                port, Ipv4.parse(underlayIp)));
        }

        @Override
        public boolean mappingPredictable(FlowKey flow) {
            return mappingPredictable;
        }

        @Override
        public boolean needsOpening(FlowKey flow) {
            return filtering;
        }

        @Override
        public void sendProbe(BypassPath path, PathProbe probe) {
            sim.probe(this, path, probe);
        }

        @Override
        public void release(long id) {
            if (!portsHeld.remove(id)) {
                throw new AssertionError("port released twice for " + id);
            }
        }

        @Override
        public boolean reclaim(long id, FlowKey flow, Reservation reservation) {
            return portsHeld.add(id);
        }

        List<InstalledRule> installedRules() {
            final List<InstalledRule> found = new ArrayList<>();
            rules.forEach((id, directions) -> directions.forEach(d -> found.add(new InstalledRule(id, d))));
            return found;
        }
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
