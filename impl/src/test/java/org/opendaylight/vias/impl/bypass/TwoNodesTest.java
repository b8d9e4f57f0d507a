/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.impl.ViasRuntime.ConnectedBridge;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.nat.HostPortProbe;
import org.opendaylight.vias.overlay.ControlChannel;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.bypass.BypassPath;
import org.opendaylight.vias.overlay.bypass.BypassState;
import org.opendaylight.vias.overlay.bypass.BypassStatus;
import org.opendaylight.vias.overlay.bypass.InstalledRule;
import org.opendaylight.vias.overlay.bypass.MessageType;
import org.opendaylight.vias.overlay.bypass.NegotiatorConfig;
import org.opendaylight.vias.overlay.bypass.PortReservation.Reservation;
import org.opendaylight.vias.overlay.bypass.Refusal;
import org.opendaylight.vias.overlay.bypass.RuleDirection;
import org.opendaylight.vias.overlay.bypass.UnderlayEndpoint;
import org.opendaylight.vias.overlay.ice.SelectedPath;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.overlay.meter.NanoClock;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.MacAddress;
import org.opendaylight.vias.rules.OfctlFormat;

/**
 * Two VIAS nodes in memory: each a {@link BypassEngine} with its own executor, wired by a control channel that
 * delivers asynchronously (like the overlay's DTLS links), each writing its bridge's bypass rules into a recording
 * sink. Drives real frames through the frame taps and checks the rules both sides end up with.
 */
class TwoNodesTest {
    static final Uid UID_A = Uid.parse("00000000000000000000000000000000000000a1");
    static final Uid UID_B = Uid.parse("00000000000000000000000000000000000000b2");
    static final Uid UID_C = Uid.parse("00000000000000000000000000000000000000c3");
    static final MacAddress VM_A = MacAddress.of("02:00:00:00:10:01");
    static final MacAddress VM_B = MacAddress.of("02:00:00:00:20:01");
    static final FlowKey TCP = FlowKey.tcp("10.0.0.1", 40000, "10.0.0.2", 5201);
    static final FlowKey UDP = FlowKey.udp("10.0.0.1", 40001, "10.0.0.2", 5202);
    static final MacAddress HOST_MAC_A = MacAddress.of("02:00:00:00:00:a1");
    static final MacAddress HOST_MAC_B = MacAddress.of("02:00:00:00:00:b1");

    /** One node: its channel end, its rules on the switch, its engine. */
    static final class Node {
        final Uid uid;
        final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        /** The control inbox, as in BypassService: its own thread, a bounded queue. */
        java.util.concurrent.ExecutorService inbox = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
            TimeUnit.MILLISECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1024));
        final List<ControlChannel.ControlHandler> handlers = new CopyOnWriteArrayList<>();
        final Map<String, List<FlowRule>> switchRules = new ConcurrentHashMap<>();
        /** Path probes sent (none between hosts without NATs). */
        final List<byte[]> packetsOut = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<byte[]> sent = new CopyOnWriteArrayList<>();
        final String underlay;
        AgreedStore store = AgreedStore.NONE;
        /** How long each write of the bridge's bypass rules takes (a switch round trip). */
        long ruleWriteMillis;
        /** Rule writes the switch refuses, the first ones. */
        final AtomicInteger failRuleWrites = new AtomicInteger();
        /** The switch stops answering: writes from now on never complete (a barrier that does not come back). */
        volatile boolean hangRuleWrites;
        NegotiatorConfig negotiatorConfig = NegotiatorConfig.DEFAULT;
        Node peer;
        BypassEngine engine;

        Node(final Uid uid, final String underlay) {
            this.uid = uid;
            this.underlay = underlay;
        }

        void start(final ViasSettings settings, final ExecutorService wire) {
            final ControlChannel channel = new ControlChannel() {
                @Override
                public void send(final Uid to, final byte[] message) throws IOException {
                    if (!to.equals(peer.uid)) {
                        throw new IOException("no link to " + to);
                    }
                    sent.add(message.clone());
                    wire.execute(() -> peer.handlers.forEach(h -> h.onControlMessage(uid, message.clone())));
                }

                @Override
                public AutoCloseable register(final ControlHandler handler) {
                    handlers.add(handler);
                    return () -> handlers.remove(handler);
                }

                @Override
                public Set<Uid> reachablePeers() {
                    return Set.of(peer.uid);
                }

                @Override
                public int maxMessageSize() {
                    return 1200;
                }
            };
            final SwitchRules.NextHopLookup nextHops = new SwitchRules.NextHopLookup() {
                @Override
                public Optional<MacAddress> resolve(final int ip) {
                    return Optional.of(peer == null ? HOST_MAC_B : peer.uid.equals(UID_A) ? HOST_MAC_A : HOST_MAC_B);
                }

                @Override
                public void trigger(final int ip) {
                }
            };
            engine = new BypassEngine(uid, settings, new BypassEngine.Environment(channel,
                (nodeId, rules) -> {
                    if (hangRuleWrites) {
                        return new CompletableFuture<>();
                    }
                    if (failRuleWrites.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
                        return CompletableFuture.failedFuture(new IOException("switch refused the rules"));
                    }
                    final List<FlowRule> written = List.copyOf(rules);
                    // the switch's barrier comes back later, on another thread (OpenFlowPlugin's)
                    return CompletableFuture.runAsync(() -> switchRules.put(nodeId, written),
                        CompletableFuture.delayedExecutor(ruleWriteMillis, TimeUnit.MILLISECONDS));
                },
                (nodeId, port, frame) -> packetsOut.add(frame), nextHops,
                p -> Optional.of(hostPath(underlay)), store, HostPortProbe.none(), executor, inbox,
                NanoClock.SYSTEM, InstantSource.system(), negotiatorConfig));
            engine.start();
            engine.bridgeUpdated(new ConnectedBridge("openflow:" + uid.toString().substring(38), "br", true,
                Map.of("eth1", 3L, "ipop0", 1L, "vm", 2L), uid.equals(UID_A) ? "02:00:00:00:00:A1"
                    : "02:00:00:00:00:B1"));
            engine.reconcile(List.of());
        }

        String nodeId() {
            return "openflow:" + uid.toString().substring(38);
        }

        Set<String> rules() {
            return switchRules.getOrDefault(nodeId(), List.of()).stream().map(OfctlFormat::rule)
                .collect(Collectors.toSet());
        }

        Optional<BypassStatus> live() {
            return engine.negotiator().status().stream().filter(s -> s.state() != BypassState.CLOSED).findFirst();
        }
    }

    private final ExecutorService wire = Executors.newSingleThreadExecutor();
    private Node nodeA;
    private Node nodeB;

    /** An ICE path from a host candidate with no STUN answer (no NAT known), as on the flat test underlay. */
    static SelectedPath hostPath(final String dotted) {
        final InetSocketAddress base = new InetSocketAddress(address(dotted), 50000);
        return new SelectedPath("host", base, "host", new InetSocketAddress(address(dotted), 50001), base, null);
    }

    static Inet4Address address(final String dotted) {
        try {
            return (Inet4Address) InetAddress.getByName(dotted);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ViasSettings settings(final long thresholdBps) {
        return ViasSettings.DEFAULTS.withUplinkPort("eth1").withThresholds(thresholdBps, 1000)
            .withBypass(new ViasSettings.Bypass(0, 50000, 50099, Optional.empty(), Optional.empty(), Map.of(),
                Set.of(UID_A.toString(), UID_B.toString())));
    }

    @BeforeEach
    void wireUp() {
        nodeA = new Node(UID_A, "192.0.2.1");
        nodeB = new Node(UID_B, "192.0.2.2");
        nodeA.peer = nodeB;
        nodeB.peer = nodeA;
    }

    @AfterEach
    void stop() {
        for (Node node : new Node[] {nodeA, nodeB}) {
            if (node.engine != null) {
                node.engine.close();
            }
            node.executor.shutdownNow();
            node.inbox.shutdownNow();
        }
        wire.shutdownNow();
    }

    /** B learns both ends with a few small frames; A then carries a burst that makes the flow heavy on A only. */
    private void carry(final FlowKey flow, final int frames) {
        final byte[] aToB = Frames.frame(VM_A, VM_B, flow, 1000);
        final byte[] bToA = Frames.frame(VM_B, VM_A, flow.reversed(), 60);
        nodeB.engine.frameTap().fromPeer(UID_A, aToB, 0, aToB.length);
        nodeB.engine.frameTap().toPeer(UID_A, bToA, 0, bToA.length);
        nodeA.engine.frameTap().fromPeer(UID_B, bToA, 0, bToA.length);
        for (int i = 0; i < frames; i++) {
            nodeA.engine.frameTap().toPeer(UID_B, aToB, 0, aToB.length);
        }
    }

    static void await(final String what, final BooleanSupplier condition, final Supplier<String> state) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        fail("timed out waiting for " + what + ": " + state.get());
    }

    private String both() {
        return "A " + nodeA.engine.negotiator().status() + " rules " + nodeA.rules() + "\nB "
            + nodeB.engine.negotiator().status() + " rules " + nodeB.rules();
    }

    private BypassStatus activeOnBoth() {
        await("bypass active with both rules on both switches", () -> nodeA.live().map(s -> s.state()
            == BypassState.ACTIVE).orElse(false) && nodeB.live().map(s -> s.state() == BypassState.ACTIVE)
            .orElse(false) && nodeA.rules().size() == 2 && nodeB.rules().size() == 2, this::both);
        return nodeA.live().orElseThrow();
    }

    @Test
    void heavyTcpFlowIsBypassedOnBothSidesWithMirroredRules() {
        nodeA.start(settings(1000), wire);
        nodeB.start(settings(Long.MAX_VALUE / 4), wire);
        final long before = System.currentTimeMillis();
        carry(TCP, 20);
        final BypassStatus status = activeOnBoth();
        assertEquals(TCP, status.flow());
        final BypassPath path = status.path();
        final int portA = path.local().allocatedPort();
        final int portB = path.remote().allocatedPort();
        assertTrue(portA >= 50000 && portA <= 50099 && portB >= 50000 && portB <= 50099, path.toString());
        final long id = status.id();
        final String hex = String.format("%010x", id);
        assertEquals(Set.of(
            "cookie=0x56a505" + hex + ",table=10,idle_timeout=30,send_flow_rem priority=102,tcp,nw_src=10.0.0.1,"
                + "nw_dst=10.0.0.2,tp_src=40000,tp_dst=5201 actions=set_field:02:00:00:00:00:a1->eth_src,"
                + "set_field:02:00:00:00:00:b1->eth_dst,set_field:192.0.2.1->ip_src,set_field:192.0.2.2->ip_dst,"
                + "set_field:" + portA + "->tcp_src,set_field:" + portB + "->tcp_dst,output:3",
            "cookie=0x56a506" + hex + ",table=10,idle_timeout=30,send_flow_rem priority=102,tcp,in_port=3,"
                + "nw_src=192.0.2.2,nw_dst=192.0.2.1,tp_src=" + portB + ",tp_dst=" + portA
                + " actions=set_field:02:00:00:00:10:01->eth_dst,set_field:10.0.0.2->ip_src,"
                + "set_field:10.0.0.1->ip_dst,set_field:5201->tcp_src,set_field:40000->tcp_dst,NORMAL"), nodeA.rules());
        assertEquals(Set.of(
            "cookie=0x56a505" + hex + ",table=10,idle_timeout=30,send_flow_rem priority=102,tcp,nw_src=10.0.0.2,"
                + "nw_dst=10.0.0.1,tp_src=5201,tp_dst=40000 actions=set_field:02:00:00:00:00:b1->eth_src,"
                + "set_field:02:00:00:00:00:a1->eth_dst,set_field:192.0.2.2->ip_src,set_field:192.0.2.1->ip_dst,"
                + "set_field:" + portB + "->tcp_src,set_field:" + portA + "->tcp_dst,output:3",
            "cookie=0x56a506" + hex + ",table=10,idle_timeout=30,send_flow_rem priority=102,tcp,in_port=3,"
                + "nw_src=192.0.2.1,nw_dst=192.0.2.2,tp_src=" + portA + ",tp_dst=" + portB
                + " actions=set_field:02:00:00:00:20:01->eth_dst,set_field:10.0.0.1->ip_src,"
                + "set_field:10.0.0.2->ip_dst,set_field:40000->tcp_src,set_field:5201->tcp_dst,NORMAL"),
            nodeB.rules());
        final BypassEngine.FlowView view = nodeA.engine.flows(Map.of()).stream().filter(BypassEngine.FlowView::bypassed)
            .findFirst().orElseThrow();
        assertEquals("tcp:10.0.0.1:40000>10.0.0.2:5201", view.id());
        assertTrue(view.detectedAt() >= before && view.activeAt() >= view.detectedAt(), view.toString());
        assertTrue(view.activeAt() - view.detectedAt() < 1000, "detection to bypass under 1 s: " + view);
        // A asked: its request, B's accept and its activation are its set-up steps, in that order
        final BypassEngine.SetupSteps steps = view.steps();
        assertTrue(steps.requestedAt() >= view.detectedAt() && steps.acceptedAt() >= steps.requestedAt()
            && view.activeAt() >= steps.acceptedAt(), view.toString());
        assertEquals(UID_B, view.peer());
        // B's meter never calls the flow heavy (its threshold is out of reach): B's detection is A's request
        final BypassEngine.FlowView onB = nodeB.engine.flows(Map.of()).stream()
            .filter(BypassEngine.FlowView::bypassed).findFirst().orElseThrow();
        assertTrue(onB.detectedAt() >= before && onB.activeAt() >= onB.detectedAt(), onB.toString());
        // B answered: it learnt of the bypass with A's request and has no accept of its own to wait for
        assertTrue(onB.steps().requestedAt() >= steps.requestedAt() && onB.steps().acceptedAt() == 0
            && onB.activeAt() >= onB.steps().requestedAt(), onB.toString());
    }

    @Test
    void theNegotiatorTicksOnlyWhileItHoldsABypass() {
        final NegotiatorConfig d = NegotiatorConfig.DEFAULT;
        // closed bypasses forgotten after 300 ms instead of 30 s
        final NegotiatorConfig shortRetention = new NegotiatorConfig(d.retryInterval(), d.maxAttempts(),
            d.keepaliveInterval(), d.keepaliveTimeout(), java.time.Duration.ofMillis(300), d.peerBackoff(),
            d.flowBackoff(), d.peerAsksWithin(), d.maxBypasses(), d.capabilities(), d.probing());
        nodeA.negotiatorConfig = shortRetention;
        nodeB.negotiatorConfig = shortRetention;
        nodeA.start(settings(1000), wire);
        nodeB.start(settings(Long.MAX_VALUE / 4), wire);
        await("no tick on idle engines after their first look", () -> !nodeA.engine.ticking()
            && !nodeB.engine.ticking(), this::both);
        carry(TCP, 20);
        activeOnBoth();
        // B asked nothing itself: its tick was started by A's request on the control channel
        assertTrue(nodeA.engine.ticking() && nodeB.engine.ticking(), "both tick while a bypass is active");
        assertTrue(nodeA.engine.unbypass("tcp:10.0.0.1:40000>10.0.0.2:5201"));
        // forgetting a closed bypass is the tick's work: it ran on both sides until then, and stopped after
        await("closed bypasses forgotten on both sides and no tick any more", () -> nodeA.engine.negotiator()
            .status().isEmpty() && nodeB.engine.negotiator().status().isEmpty() && !nodeA.engine.ticking()
            && !nodeB.engine.ticking(), this::both);
        assertTrue(nodeA.rules().isEmpty() && nodeB.rules().isEmpty(), this::both);
    }

    @Test
    void udpIsBypassedAndIdleRulesOnBothDirectionsEndIt() {
        nodeA.start(settings(1000), wire);
        nodeB.start(settings(Long.MAX_VALUE / 4), wire);
        carry(UDP, 20);
        final BypassStatus status = activeOnBoth();
        assertTrue(nodeA.rules().stream().allMatch(r -> r.contains("udp,")), nodeA.rules()::toString);
        // The switch idles out both of A's rules: the bypass ends on both sides, the rules are gone everywhere.
        nodeA.engine.flowRemoved(nodeA.nodeId(), Cookie.of(Cookie.Purpose.BYPASS_OUTBOUND, status.id()).value(),
            true);
        assertTrue(nodeA.live().isPresent(), "one idle direction alone keeps the bypass (one-way UDP)");
        nodeA.engine.flowRemoved(nodeA.nodeId(), Cookie.of(Cookie.Purpose.BYPASS_INBOUND, status.id()).value(),
            true);
        await("bypass closed and rules removed on both sides", () -> nodeA.live().isEmpty()
            && nodeB.live().isEmpty() && nodeA.rules().isEmpty() && nodeB.rules().isEmpty(), this::both);
        // Back on the overlay, the meter forgot it: the flow can be bypassed again.
        carry(UDP, 20);
        activeOnBoth();
    }

    @Test
    void peerDownRemovesTheBypassAndOperatorCommandsWork() {
        nodeA.start(settings(Long.MAX_VALUE / 4), wire);
        nodeB.start(settings(Long.MAX_VALUE / 4), wire);
        carry(TCP, 3);
        assertTrue(nodeA.live().isEmpty(), "below the threshold nothing happens");
        assertEquals("started", nodeA.engine.bypass("tcp:10.0.0.2:5201>10.0.0.1:40000").outcome());
        final BypassStatus status = activeOnBoth();
        assertEquals("already", nodeA.engine.bypass("tcp:10.0.0.1:40000>10.0.0.2:5201").outcome());
        nodeA.engine.peerDown(UID_B);
        nodeB.engine.peerDown(UID_A);
        await("both sides back on the overlay", () -> nodeA.live().isEmpty() && nodeB.live().isEmpty()
            && nodeA.rules().isEmpty() && nodeB.rules().isEmpty(), this::both);
        assertEquals("unknown-flow", nodeA.engine.bypass("udp:10.9.9.9:1>10.0.0.2:2").outcome());
        assertFalse(nodeA.engine.unbypass(Long.toString(status.id())), "already closed");
        assertEquals("started", nodeA.engine.bypass("tcp:10.0.0.1:40000>10.0.0.2:5201").outcome());
        activeOnBoth();
        assertTrue(nodeA.engine.unbypass("tcp:10.0.0.1:40000>10.0.0.2:5201"));
        await("operator teardown on both sides", () -> nodeA.live().isEmpty() && nodeB.live().isEmpty()
            && nodeA.rules().isEmpty() && nodeB.rules().isEmpty(), this::both);
    }

    @Test
    void aFlowHeavyOnlyOnTheHigherUidIsAskedForByItAfterWaitingForThePeer() {
        nodeA.start(settings(Long.MAX_VALUE / 4), wire);
        nodeB.start(settings(1000), wire);
        // B (UID ...b2, the higher) alone finds the flow heavy: it leaves it to A first, then asks itself
        final byte[] aToB = Frames.frame(VM_A, VM_B, TCP, 60);
        final byte[] bToA = Frames.frame(VM_B, VM_A, TCP.reversed(), 1000);
        nodeA.engine.frameTap().fromPeer(UID_B, bToA, 0, bToA.length);
        nodeA.engine.frameTap().toPeer(UID_B, aToB, 0, aToB.length);
        nodeB.engine.frameTap().fromPeer(UID_A, aToB, 0, aToB.length);
        final long start = System.nanoTime();
        final long until = start + TimeUnit.SECONDS.toNanos(8);
        while (nodeB.live().isEmpty() && System.nanoTime() < until) {
            // the flow stays heavy on B while it waits, so its meter reports it again after the wait
            nodeB.engine.frameTap().toPeer(UID_A, bToA, 0, bToA.length);
            sleepMillis(20);
        }
        final BypassStatus status = activeOnBoth();
        assertEquals(1, nodeB.engine.counters().leftToPeer());
        assertEquals(0, nodeA.engine.counters().sent(MessageType.REQUEST));
        assertEquals(1, nodeB.engine.counters().sent(MessageType.REQUEST));
        assertEquals(nodeB.live().orElseThrow().id(), status.id());
        assertTrue(System.nanoTime() - start >= NegotiatorConfig.DEFAULT.peerAsksWithin().toNanos(),
            "B asked only after the wait");
    }

    @Test
    void aSwitchThatStopsAnsweringHoldsUpNeitherTheKeepalivesNorTheBypassesAgreed() {
        final NegotiatorConfig d = NegotiatorConfig.DEFAULT;
        // keepalives every 200 ms, a peer silent for 1.5 s is gone (its bypasses torn down)
        final NegotiatorConfig quick = new NegotiatorConfig(d.retryInterval(), d.maxAttempts(),
            java.time.Duration.ofMillis(200), java.time.Duration.ofMillis(1500), d.closedRetention(), d.peerBackoff(),
            d.flowBackoff(), d.peerAsksWithin(), d.maxBypasses(), d.capabilities(), d.probing());
        nodeA.negotiatorConfig = quick;
        nodeB.negotiatorConfig = quick;
        nodeA.start(settings(1000), wire);
        nodeB.start(settings(Long.MAX_VALUE / 4), wire);
        carry(TCP, 20);
        final BypassStatus first = activeOnBoth();
        // A's switch stops answering in the middle of the next bypass's installation
        nodeA.hangRuleWrites = true;
        carry(UDP, 20);
        await("A's rules for the second bypass with its switch", () -> nodeA.engine.negotiator().status().stream()
            .anyMatch(s -> s.flow().equals(UDP) && s.state() == BypassState.ACCEPTED), this::both);
        // twice B's keepalive timeout: A's negotiations go on (its keepalives among them) while the write hangs
        sleepMillis(3000);
        for (Node node : new Node[] {nodeA, nodeB}) {
            assertTrue(node.engine.negotiator().status().stream().anyMatch(s -> s.id() == first.id()
                && s.state() == BypassState.ACTIVE), "the first bypass is still active: " + both());
        }
        assertEquals(0, nodeB.engine.counters().tornDown(), both());
    }

    @Test
    void aPeersControlMessagesGoThroughTheInboxAndAFullOneDropsAndCountsThem() {
        // B's inbox refuses everything (as a full queue does): A's requests are dropped there, not handled
        nodeB.inbox.shutdown();
        nodeA.start(settings(Long.MAX_VALUE / 4), wire);
        nodeB.start(settings(Long.MAX_VALUE / 4), wire);
        carry(TCP, 1);
        assertEquals("started", nodeA.engine.bypass("tcp:10.0.0.1:40000>10.0.0.2:5201").outcome());
        await("A's request dropped at B's inbox", () -> nodeB.engine.inboxDropped() >= 1, this::both);
        sleepMillis(300);
        assertTrue(nodeB.engine.negotiator().status().isEmpty(), "B handled nothing: " + both());
        assertEquals(0, nodeB.engine.counters().received().getOrDefault(MessageType.REQUEST, 0L));
        assertTrue(nodeB.rules().isEmpty());
    }

    private static void sleepMillis(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    @Test
    void bridgeDisconnectEndsTheBypassOnBothSidesAndReconnectAllowsANewOne() {
        nodeA.start(settings(1000), wire);
        nodeB.start(settings(Long.MAX_VALUE / 4), wire);
        carry(TCP, 20);
        activeOnBoth();
        nodeB.engine.bridgeDisconnected(nodeB.nodeId());
        await("B's switch gone: torn down on both sides", () -> nodeA.live().isEmpty() && nodeB.live().isEmpty()
            && nodeA.rules().isEmpty() && nodeB.rules().isEmpty(), this::both);
        assertEquals("no-uplink-bridge", nodeB.engine.bypass("tcp:10.0.0.2:5201>10.0.0.1:40000").outcome());
        assertTrue(nodeB.engine.bridgeUpdated(new ConnectedBridge(nodeB.nodeId(), "br", true,
            Map.of("eth1", 3L), "02:00:00:00:00:B1")), "a reconnected bridge is reconciled");
        nodeB.engine.reconcile(List.of());
        assertEquals("started", nodeA.engine.bypass("tcp:10.0.0.1:40000>10.0.0.2:5201").outcome());
        activeOnBoth();
    }

    @Test
    void unresolvedNextHopFailsTheInstallAndTheFlowStaysOnTheOverlay() throws Exception {
        final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            final List<List<FlowRule>> writes = new CopyOnWriteArrayList<>();
            final int[] triggers = new int[1];
            final SwitchRules rules = new SwitchRules((node, list) -> {
                writes.add(list);
                return CompletableFuture.completedFuture(null);
            }, (node, port, frame) -> { },
                new SwitchRules.NextHopLookup() {
                    @Override
                    public Optional<MacAddress> resolve(final int ip) {
                        return Optional.empty();
                    }

                    @Override
                    public void trigger(final int ip) {
                        triggers[0]++;
                    }
                }, ip -> Optional.of(VM_A), executor, new SwitchRules.Shape(102, 30), 3);
            rules.setBridge(new SwitchRules.Bridge("openflow:1", 3, HOST_MAC_A));
            final BypassPath path = BypassRulesTest.path(TCP);
            rules.install(path, RuleDirection.INBOUND).toCompletableFuture().get(5, TimeUnit.SECONDS);
            final java.util.concurrent.CompletableFuture<Void> outbound =
                rules.install(path, RuleDirection.OUTBOUND).toCompletableFuture();
            final java.util.concurrent.ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> outbound.get(5, TimeUnit.SECONDS));
            assertTrue(failure.getCause().getMessage().contains("next hop towards 192.0.2.2 not resolved"),
                failure.toString());
            assertEquals(3, triggers[0], "resolution triggered before each retry");
            assertEquals(1, rules.desired().size(), "only the inbound rule is wanted");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void multicastStreamIsNeverBypassed() {
        nodeA.start(settings(1000), wire);
        nodeB.start(settings(Long.MAX_VALUE / 4), wire);
        final FlowKey group = FlowKey.udp("10.0.0.1", 40000, "239.1.1.1", 5201);
        final byte[] frame = Frames.frame(VM_A, MacAddress.of("01:00:5e:01:01:01"), group, 1000);
        for (int i = 0; i < 200; i++) {
            nodeA.engine.frameTap().toPeer(UID_B, frame, 0, frame.length);
        }
        assertEquals(0, nodeA.engine.meterCounters().heavyFlows());
        assertTrue(nodeA.engine.meterCounters().notMeterable().values().stream().mapToLong(Long::longValue).sum()
            >= 200, nodeA.engine.meterCounters()::toString);
        assertEquals("unknown-flow", nodeA.engine.bypass("udp:10.0.0.1:40000>239.1.1.1:5201").outcome());
        assertTrue(nodeA.live().isEmpty() && nodeA.rules().isEmpty(), this::both);
    }

    @Test
    void policyDeniesByDefaultAndTheFlowStaysOnTheOverlay() {
        nodeA.start(settings(1000), wire);
        nodeB.start(settings(Long.MAX_VALUE / 4).withBypass(ViasSettings.Bypass.DEFAULTS), wire);
        carry(TCP, 20);
        await("B's policy refusal counted", () -> nodeB.engine.counters().refused(Refusal.POLICY) > 0, this::both);
        await("A closed the attempt", () -> nodeA.live().isEmpty(), this::both);
        assertTrue(nodeA.rules().isEmpty() && nodeB.rules().isEmpty(), this::both);
    }

    @Test
    void forgedMalformedAndReplayedMessagesAreRefusedAndCounted() {
        nodeA.start(settings(1000), wire);
        nodeB.start(settings(Long.MAX_VALUE / 4), wire);
        carry(TCP, 20);
        activeOnBoth();
        final byte[] request = nodeA.sent.get(0);
        // Replayed: the same request again on A's authenticated link.
        nodeB.handlers.forEach(h -> h.onControlMessage(UID_A, request.clone()));
        // Forged: A's request arriving on the link of another peer C.
        nodeB.handlers.forEach(h -> h.onControlMessage(UID_C, request.clone()));
        // Malformed: the bypass magic and garbage.
        final byte[] garbage = new byte[] {0x56, 0x42, 1, 99, 0, 0};
        nodeB.handlers.forEach(h -> h.onControlMessage(UID_A, garbage));
        await("refusals counted", () -> nodeB.engine.counters().refused(Refusal.REPLAYED) == 1
            && nodeB.engine.counters().refused(Refusal.WRONG_PEER) == 1
            && nodeB.engine.counters().refused(Refusal.MALFORMED) == 1, () -> nodeB.engine.counters().toString());
        assertEquals(BypassState.ACTIVE, nodeB.live().orElseThrow().state(), "the bypass is not disturbed");
    }

    @Test
    void restartRestoresAgreedBypassesAndReconcilesTheSwitch() {
        final List<AgreedStore.Stored> saved = new ArrayList<>();
        nodeA.store = new AgreedStore() {
            @Override
            public List<Stored> load() {
                return List.copyOf(saved);
            }

            @Override
            public void save(final List<Stored> agreed) {
                saved.clear();
                saved.addAll(agreed);
            }
        };
        nodeA.start(settings(1000), wire);
        nodeB.start(settings(Long.MAX_VALUE / 4), wire);
        carry(TCP, 20);
        final BypassStatus status = activeOnBoth();
        await("A persisted the agreed bypass", () -> saved.size() == 1, saved::toString);
        assertEquals(VM_A, saved.get(0).vmMac());
        assertEquals(saved.get(0), AgreedStore.decode(AgreedStore.encode(saved.get(0))));

        // A's controller "crashes": a new engine over the same store and switch; the switch still has A's inbound
        // rule and an orphan of a bypass nobody knows; the outbound rule was lost.
        nodeA.handlers.clear();
        nodeA.executor.shutdownNow();
        nodeA.inbox.shutdownNow();
        final Node restarted = new Node(UID_A, "192.0.2.1");
        restarted.peer = nodeB;
        nodeB.peer = restarted;
        restarted.store = nodeA.store;
        nodeA.engine = null;
        nodeA = restarted;
        nodeA.start(settings(1000), wire);
        // start() reconciled with nothing found; reconcile again as the switch reports its rules.
        nodeA.engine.reconcile(List.of(new InstalledRule(status.id(), RuleDirection.INBOUND),
            new InstalledRule(status.id() + 1, RuleDirection.OUTBOUND)));
        await("restored bypass has both rules again, orphan gone", () -> nodeA.rules().size() == 2
            && nodeA.live().map(s -> s.state() == BypassState.ACTIVE).orElse(false), this::both);
        assertTrue(nodeA.rules().stream().allMatch(r -> r.contains(String.format("%010x", status.id()))),
            nodeA.rules()::toString);
        assertTrue(nodeA.engine.counters().orphansRemoved() >= 1, nodeA.engine.counters()::toString);
        // Keepalives still agree: nothing is torn down by the peer.
        assertEquals(BypassState.ACTIVE, nodeB.live().orElseThrow().state());
    }

    @Test
    void manyBypassesBecomingActiveTogetherAreWrittenToTheStoreInFewWrites() {
        final int flows = 20;
        final List<Integer> savedSizes = new CopyOnWriteArrayList<>();
        nodeA.store = new AgreedStore() {
            @Override
            public List<Stored> load() {
                return List.of();
            }

            @Override
            public void save(final List<Stored> agreed) {
                savedSizes.add(agreed.size());
            }
        };
        // every rule write is a 100 ms switch round trip: the flows' rules land together, a few writes for all
        nodeA.ruleWriteMillis = 100;
        nodeA.start(settings(1000), wire);
        nodeB.start(settings(Long.MAX_VALUE / 4), wire);
        for (int i = 0; i < flows; i++) {
            carry(FlowKey.tcp("10.0.0.1", 41000 + i, "10.0.0.2", 5201), 20);
        }
        await(flows + " bypasses active on A and written", () -> nodeA.engine.counters().activated() == flows
            && !savedSizes.isEmpty() && savedSizes.get(savedSizes.size() - 1) == flows,
            () -> savedSizes + " " + nodeA.engine.counters());
        // one write per bypass that became active would be 20 writes of the growing set (quadratic in the flows)
        assertTrue(savedSizes.size() <= flows / 2, "writes of the agreed set: " + savedSizes);
    }

    @Test
    void aHeavyFlowWhoseReportMetABackoffIsAskedForAgainWhenItIsOver() throws InterruptedException {
        final NegotiatorConfig d = NegotiatorConfig.DEFAULT;
        nodeA.negotiatorConfig = new NegotiatorConfig(d.retryInterval(), d.maxAttempts(), d.keepaliveInterval(),
            d.keepaliveTimeout(), d.closedRetention(), d.peerBackoff(), java.time.Duration.ofMillis(300),
            d.peerAsksWithin(), d.maxBypasses(), d.capabilities(), d.probing());
        // B's switch refuses its first rule write: B rejects A's request, A backs the flow off for 300 ms
        nodeB.failRuleWrites.set(1);
        nodeA.start(settings(1000), wire);
        nodeB.start(settings(Long.MAX_VALUE / 4), wire);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        // the flow stays heavy: its frames keep coming, as a stream's do
        while (!nodeA.live().map(s -> s.state() == BypassState.ACTIVE).orElse(false)
                && System.nanoTime() < deadline) {
            carry(TCP, 5);
            Thread.sleep(20);
        }
        assertEquals(1, nodeA.engine.counters().rejectedByPeer(), this::both);
        // and only its rules: the inbound rule of B's refused first try went with the write that failed
        activeOnBoth();
        assertTrue(nodeA.engine.reportsDeferred() >= 1, "the report that met the back-off was deferred");
    }

    @Test
    void reservationsComeFromTheBypassRangeAndAreReleased() {
        final BypassPorts ports = new BypassPorts(50000, 50001, HostPortProbe.none(), InstantSource.system(),
            flow -> Optional.of(PathMapping.direct(0xC0000201)), () -> false);
        final Optional<Reservation> one = ports.reserve(1, TCP);
        final Optional<Reservation> two = ports.reserve(2, TCP);
        assertTrue(one.isPresent() && two.isPresent());
        assertTrue(one.orElseThrow().allocatedPort() != two.orElseThrow().allocatedPort());
        assertEquals(Optional.empty(), ports.reserve(3, TCP), "range exhausted");
        ports.release(1);
        assertTrue(ports.reserve(3, TCP).isPresent(), "released port reused");
        assertFalse(ports.reclaim(4, TCP, new Reservation(new UnderlayEndpoint(0xC0000201, 50000), 50000)),
            "a port held by another bypass cannot be reclaimed");
        assertEquals(Uid.LENGTH, UID_A.toBytes().length);
    }
}
