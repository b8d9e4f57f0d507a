/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.meter.NanoClock;
import org.opendaylight.vias.overlay.signal.IceCandidate;
import org.opendaylight.vias.overlay.signal.SignalKind;
import org.opendaylight.vias.overlay.signal.ViasSignal;

/**
 * A deterministic world for {@link LinkMachine} tests: one fake clock, an event queue, a signaling channel with fixed
 * latency, and a fake ICE/DTLS underlay. Each node sits behind a NAT whose mapping has a generation; an ICE session
 * works while both ends' mappings are the generation it was set up with (a rebinding bumps it, like a conntrack
 * flush behind a port-restricted NAT). Over a working path, consent freshness confirms every
 * {@link #consentEvery} ms and authenticated records arrive while traffic flows.
 */
final class LinkSim implements NanoClock {
    static final long MS = 1_000_000L;
    static final String FINGERPRINT = "AB:".repeat(31) + "AB";

    private record Event(long at, long order, Runnable action) {
    }

    /** One signal on the wire. */
    record Sent(long at, Node from, ViasSignal signal) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>(
        (x, y) -> x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.order, y.order));
    final Map<Uid, Node> nodes = new TreeMap<>();
    final List<Sent> wire = new ArrayList<>();
    final List<String> journal = new ArrayList<>();
    private long now = 5_000_000_000_000L;
    private long order;
    long signalLatency = 20;
    long gatherMillis = 50;
    long iceMillis = 300;
    long dtlsMillis = 100;
    long consentEvery = 250;
    long tickEvery = 200;
    /** Signals for which this is true are lost. */
    Predicate<Sent> lose = s -> false;
    /** When false, ICE checks fail (no pair works). */
    boolean iceWorks = true;

    @Override
    public long nanoTime() {
        return now;
    }

    long millis() {
        return now / MS;
    }

    Node node(String name, int uidByte) {
        final byte[] raw = new byte[Uid.LENGTH];
        raw[Uid.LENGTH - 1] = (byte) uidByte;
        final Node n = new Node(this, name, Uid.of(raw));
        nodes.put(n.uid, n);
        return n;
    }

    void at(long whenMillis, Runnable action) {
        queue.add(new Event(whenMillis * MS, order++, action));
    }

    void after(long millis, Runnable action) {
        at(millis() + millis, action);
    }

    /** Runs events and every node's tick for {@code millis}. */
    void runFor(long millis) {
        final long end = now + millis * MS;
        long nextTick = now - now % (tickEvery * MS) + tickEvery * MS;
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
                nextTick += tickEvery * MS;
                for (Node n : List.copyOf(nodes.values())) {
                    n.tick();
                }
            }
        }
        now = end;
    }

    /** Runs until {@code done} holds (checked every ms of simulated time), at most {@code maxMillis}; returns ms. */
    long runUntil(long maxMillis, java.util.function.BooleanSupplier done) {
        final long start = millis();
        while (!done.getAsBoolean() && millis() - start < maxMillis) {
            runFor(1);
        }
        return millis() - start;
    }

    List<Sent> sent(Node from, SignalKind kind) {
        return wire.stream().filter(s -> s.from == from && s.signal.kind() == kind).toList();
    }

    /** One fake ICE session: which attempt of which node, the mapping generations it was set up with. */
    static final class Session {
        final Node owner;
        final long attempt;
        final String id;
        Session peerSession;
        long localGeneration;
        long remoteGeneration;
        boolean checking;
        boolean established;
        boolean closed;
        boolean dtlsUp;
        long consentStamp = -1;
        long inbound;

        Session(Node owner, long attempt, String id) {
            this.owner = owner;
            this.attempt = attempt;
            this.id = id;
        }

        boolean works() {
            return established && !closed && peerSession != null && !peerSession.closed
                && localGeneration == owner.natGeneration && remoteGeneration == peerSession.owner.natGeneration;
        }
    }

    /** A node: the machine plus fakes of signaling, ICE and DTLS. */
    static final class Node {
        final LinkSim sim;
        final String name;
        final Uid uid;
        final LinkMachine machine;
        final Map<Uid, Session> sessions = new HashMap<>();
        long natGeneration;
        int offersGathered;
        /** Authenticated records per consent interval while traffic flows (0: idle link). */
        int traffic;
        /** When false, this node's consent checks get no response, though records still arrive. */
        boolean consentAnswered = true;

        Node(LinkSim sim, String name, Uid uid) {
            this.sim = sim;
            this.name = name;
            this.uid = uid;
            this.machine = new LinkMachine(uid, LinkTiming.DEFAULT, 8, 60_000, false, sim, new Random(uid.hashCode()));
            machine.signalingJoined(true);
        }

        void tick() {
            final Map<Uid, LinkObservation> observed = new HashMap<>();
            sessions.forEach((peer, s) -> {
                if (s.established) {
                    observed.put(peer, new LinkObservation(true, s.dtlsUp, s.inbound, s.inbound, s.consentStamp));
                }
            });
            apply(machine.tick(observed));
        }

        /** Both nodes see each other in the room. */
        void sees(Node other) {
            apply(machine.present(other.uid, Map.of("ip", "10.254.0." + other.uid.toBytes()[Uid.LENGTH - 1])));
        }

        /** The NAT in front of this node forgets its mappings and gives new ones. */
        void rebind() {
            natGeneration++;
            sim.journal.add(sim.millis() + " " + name + " rebind");
        }

        boolean linkUp(Node peer) {
            final Session s = sessions.get(peer.uid);
            return s != null && s.works() && s.dtlsUp;
        }

        LinkMachine.State state(Node peer) {
            return machine.peers().stream().filter(v -> v.uid().equals(peer.uid)).findFirst()
                .map(LinkMachine.PeerView::state).orElse(null);
        }

        void apply(List<LinkAction> actions) {
            for (LinkAction a : actions) {
                sim.journal.add(sim.millis() + " " + name + " " + a.getClass().getSimpleName() + " "
                    + sim.nodes.get(a.peer()).name);
                if (a instanceof LinkAction.Offer o) {
                    offersGathered++;
                    final Session s = open(o.peer(), o.attempt(), o.session());
                    sim.after(sim.gatherMillis, () -> {
                        if (!s.closed) {
                            send(signal(SignalKind.OFFER, o.peer(), o.session()));
                        }
                    });
                } else if (a instanceof LinkAction.Answer an) {
                    final Session s = open(an.peer(), an.attempt(), an.offer().session());
                    sim.after(sim.gatherMillis, () -> {
                        if (!s.closed) {
                            send(signal(SignalKind.ANSWER, an.peer(), an.offer().session()));
                            check(s);
                        }
                    });
                } else if (a instanceof LinkAction.Connect c) {
                    check(sessions.get(c.peer()));
                } else if (a instanceof LinkAction.StartLink l) {
                    final Session s = sessions.get(l.peer());
                    sim.after(sim.dtlsMillis, () -> {
                        if (s.works() && s.peerSession.established && !s.dtlsUp) {
                            s.dtlsUp = true;
                            s.peerSession.dtlsUp = true;
                            heartbeat(s);
                            heartbeat(s.peerSession);
                        }
                    });
                } else if (a instanceof LinkAction.TearDown t) {
                    final Session s = sessions.remove(t.peer());
                    if (s != null) {
                        s.closed = true;
                    }
                } else if (a instanceof LinkAction.SendRequest r) {
                    send(signal(SignalKind.REQUEST, r.peer(), r.session()));
                } else if (a instanceof LinkAction.SendBye b) {
                    send(signal(SignalKind.BYE, b.peer(), b.session()));
                }
            }
        }

        private Session open(Uid peer, long attempt, String id) {
            final Session old = sessions.put(peer, new Session(this, attempt, id));
            if (old != null) {
                old.closed = true;
            }
            return sessions.get(peer);
        }

        /** ICE checks: once both ends of one session id run them, both complete after iceMillis (or fail). */
        private void check(Session s) {
            if (s == null || s.closed) {
                return;
            }
            s.checking = true;
            final Node peer = sim.nodes.values().stream().filter(n -> n.sessions.containsKey(uid)
                && n.sessions.get(uid).id.equals(s.id)).findFirst().orElse(null);
            final Session other = peer == null ? null : peer.sessions.get(uid);
            if (other == null || other.closed || !other.checking) {
                return; // the other end starts its checks later and completes both
            }
            sim.after(sim.iceMillis, () -> {
                if (s.closed || other.closed) {
                    return;
                }
                if (!sim.iceWorks) {
                    fail(s);
                    other.owner.fail(other);
                    return;
                }
                for (Session x : List.of(s, other)) {
                    x.peerSession = x == s ? other : s;
                    x.localGeneration = x.owner.natGeneration;
                    x.remoteGeneration = x.peerSession.owner.natGeneration;
                    x.established = true;
                }
                established(s);
                other.owner.established(other);
            });
        }

        private void established(Session s) {
            final Uid peer = s.peerSession.owner.uid;
            final InetSocketAddress local = new InetSocketAddress("203.0.113." + uid.toBytes()[Uid.LENGTH - 1],
                40_000 + (int) natGeneration);
            final InetSocketAddress remote = new InetSocketAddress("203.0.113." + peer.toBytes()[Uid.LENGTH - 1],
                40_000 + (int) s.remoteGeneration);
            apply(machine.iceEstablished(peer, s.attempt,
                new SelectedPath("srflx", local, "srflx", remote, local, local)));
        }

        private void fail(Session s) {
            final Uid peer = sessions.entrySet().stream().filter(e -> e.getValue() == s).map(Map.Entry::getKey)
                .findFirst().orElse(null);
            if (peer != null) {
                apply(machine.setupFailed(peer, s.attempt, "ICE failed: no candidate pair worked"));
            }
        }

        /** Consent responses and records over a working path, every consentEvery ms while the session lives. */
        private static void heartbeat(Session s) {
            if (s.closed) {
                return;
            }
            if (s.works()) {
                if (s.owner.consentAnswered) {
                    s.consentStamp = s.owner.sim.millis();
                }
                s.inbound += s.peerSession.owner.traffic;
            }
            s.owner.sim.after(s.owner.sim.consentEvery, () -> heartbeat(s));
        }

        private ViasSignal signal(SignalKind kind, Uid to, String session) {
            final boolean sdp = kind == SignalKind.OFFER || kind == SignalKind.ANSWER;
            return new ViasSignal(kind, uid.toString(), to.toString(), session, sdp ? "ufrag" + name : null,
                sdp ? "passwordpasswordpassword" : null, sdp ? FINGERPRINT : null,
                sdp ? List.of(new IceCandidate("1", 1, 1, "203.0.113.1", 40_000, "srflx", null, 0)) : List.of(),
                Map.of());
        }

        private void send(ViasSignal s) {
            final Sent sent = new Sent(sim.millis(), this, s);
            sim.wire.add(sent);
            if (sim.lose.test(sent)) {
                return;
            }
            final Node to = sim.nodes.get(Uid.parse(s.to()));
            sim.after(sim.signalLatency, () -> to.apply(to.machine.signal(s)));
        }
    }
}
