/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.NotificationService;
import org.opendaylight.mdsal.binding.api.RpcConsumerRegistry;
import org.opendaylight.mdsal.binding.api.WriteTransaction;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.vias.impl.ViasRuntime;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.impl.flow.RuleQueue;
import org.opendaylight.vias.impl.flow.RuleWriter;
import org.opendaylight.vias.impl.nat.NatPackets;
import org.opendaylight.vias.impl.overlay.OverlayRuntime;
import org.opendaylight.vias.nat.CachedPortProbe;
import org.opendaylight.vias.nat.NatController;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.bypass.BypassCounters;
import org.opendaylight.vias.overlay.bypass.InstalledRule;
import org.opendaylight.vias.overlay.bypass.MessageType;
import org.opendaylight.vias.overlay.bypass.NegotiatorConfig;
import org.opendaylight.vias.overlay.bypass.Refusal;
import org.opendaylight.vias.overlay.meter.NanoClock;
import org.opendaylight.vias.overlay.node.FrameObserver;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Ipv4Address;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.PortNumber;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.ZeroBasedCounter64;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.service.rev130819.FlowRemoved;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.RemovedFlowReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.nodes.Node;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.nodes.NodeKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.packet.service.rev130709.PacketReceived;
import org.opendaylight.yang.gen.v1.urn.opendaylight.packet.service.rev130709.TransmitPacket;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.OverlayUid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.State;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.BypassCountersBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.Flow;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.FlowBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.FlowKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.bypass.counters.Refused;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.bypass.counters.RefusedBuilder;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.opendaylight.yangtools.yang.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encapsulation bypass inside the controller: wires a {@link BypassEngine} to the embedded overlay
 * ({@link OverlayRuntime}: frame observer, control channel, link events), to the switch ({@link ViasRuntime}: bridges
 * and rule writes; OpenFlowPlugin's flow-removed notifications) and to operational state ({@code vias:state/flow},
 * {@code vias:state/bypass-counters}, written every second). The engine is (re)built whenever the overlay node runs
 * with a new UID; the frame observer and link listener registrations outlive it.
 */
@Component(service = BypassService.class, immediate = true)
@SuppressWarnings("checkstyle:IllegalCatch")
public final class BypassService implements ViasRuntime.Listener, OverlayRuntime.LinkListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BypassService.class);
    private static final Set<Cookie.Purpose> PURPOSES = EnumSet.of(Cookie.Purpose.BYPASS_OUTBOUND,
        Cookie.Purpose.BYPASS_INBOUND, Cookie.Purpose.BYPASS_PROBE);
    /** OpenFlowPlugin registers a switch's RPCs (the statistics request among them) a moment after it connects. */
    private static final long RECONCILE_DELAY_MS = 4000;
    private static final long STATE_MS = 1000;
    /** Control messages waiting for the negotiator: a few seconds' worth at hundreds of new bypasses a second. */
    private static final int CONTROL_INBOX_CAPACITY = 8192;
    private static final long TIMEOUT_S = 10;

    private final ViasRuntime runtime;
    private final OverlayRuntime overlay;
    private final DataBroker broker;
    private final ScheduledExecutorService executor;
    /**
     * Reads the bypass rules' counters from the switches and writes the operational state: a statistics request is
     * a round trip through a switch that may be busy forwarding, a state write one through the datastore (with a
     * thousand bypasses, tens to hundreds of milliseconds under load), so neither runs on {@link #executor}, which
     * carries the negotiations.
     */
    private final ScheduledExecutorService stateThread;
    /** Hands the peers' control messages to the negotiator off the overlay's receive thread (BypassEngine). */
    private final ThreadPoolExecutor controlInbox;
    private final Registration frames;
    private final Registration links;
    private final Registration runtimeListener;
    private final Registration flowRemoved;
    private final Registration packetIn;
    private final TransmitPacket transmit;
    private final Map<String, ViasRuntime.ConnectedBridge> bridges = new HashMap<>();
    private final RuleWriter writer;
    /** What {@link #writeState} last committed (confined to {@link #stateThread}): it writes only what changed. */
    private Map<String, Flow> writtenFlows = Map.of();
    private org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.BypassCounters writtenCounters;
    private volatile ViasSettings settings = ViasSettings.DEFAULTS;
    private volatile BypassEngine engine;
    /** Whether the engine holds a bypass (set by {@link #writeState}): only then are the rules' counters read. */
    private volatile boolean bypassesHeld;
    /** The latest counters of the bypass rules by bypass id (refreshed by {@link #readRuleStats}). */
    private volatile Map<Long, BypassEngine.RuleStats> ruleStats = Map.of();

    @Activate
    public BypassService(@Reference final ViasRuntime runtime, @Reference final OverlayRuntime overlay,
            @Reference final DataBroker broker, @Reference final NotificationService notifications,
            @Reference final RuleWriter writer, @Reference final RpcConsumerRegistry rpcs) {
        this.runtime = runtime;
        this.writer = writer;
        this.overlay = overlay;
        this.broker = broker;
        executor = Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder().setNameFormat("vias-bypass").setDaemon(true).build());
        stateThread = Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder().setNameFormat("vias-bypass-state").setDaemon(true).build());
        controlInbox = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(CONTROL_INBOX_CAPACITY),
            new ThreadFactoryBuilder().setNameFormat("vias-bypass-inbox").setDaemon(true).build());
        frames = overlay.addFrameObserver(new FrameObserver() {
            @Override
            public void toPeer(final Uid peer, final byte[] frame, final int offset, final int length) {
                final BypassEngine current = engine;
                if (current != null) {
                    current.frameTap().toPeer(peer, frame, offset, length);
                }
            }

            @Override
            public void fromPeer(final Uid peer, final byte[] frame, final int offset, final int length) {
                final BypassEngine current = engine;
                if (current != null) {
                    current.frameTap().fromPeer(peer, frame, offset, length);
                }
            }
        });
        links = overlay.addLinkListener(this);
        transmit = rpcs.getRpc(TransmitPacket.class);
        flowRemoved = notifications.registerListener(FlowRemoved.class, this::onFlowRemoved, executor);
        packetIn = notifications.registerListener(PacketReceived.class, this::onPacketReceived, executor);
        runtimeListener = runtime.addListener(this);
        executor.scheduleWithFixedDelay(this::followOverlay, 0, 1, TimeUnit.SECONDS);
        stateThread.scheduleWithFixedDelay(() -> {
            readRuleStats();
            writeState();
        }, STATE_MS, STATE_MS, TimeUnit.MILLISECONDS);
        LOG.info("VIAS bypass started");
    }

    /** The running engine, if the overlay runs. */
    public Optional<BypassEngine> engine() {
        return Optional.ofNullable(engine);
    }

    public ViasSettings settings() {
        return settings;
    }

    // ---- overlay -------------------------------------------------------------------------------------------------

    private void followOverlay() {
        try {
            final Optional<Uid> self = overlay.running() ? overlay.self() : Optional.empty();
            final BypassEngine current = engine;
            if (current != null && (self.isEmpty() || !self.orElseThrow().equals(current.self()))) {
                LOG.info("Overlay node {} stopped: ending its bypasses", current.self());
                engine = null;
                current.close();
            }
            if (engine == null && self.isPresent()) {
                startEngine(self.orElseThrow());
            }
        } catch (RuntimeException e) {
            LOG.warn("Following the overlay failed", e);
        }
    }

    private void startEngine(final Uid self) {
        final Path dataDir = Path.of(System.getProperty("karaf.data", "data"), "vias");
        final BypassEngine created = new BypassEngine(self, settings, new BypassEngine.Environment(
            overlay.controlChannel(), this::writeRules, this::sendPacket, new NextHopAdapter(NextHops.ofProc()),
            overlay::selectedPath, AgreedStore.file(dataDir.resolve("bypass-agreed-" + self)),
            CachedPortProbe.ofHost(), executor, controlInbox, NanoClock.SYSTEM, InstantSource.system(),
            NegotiatorConfig.DEFAULT));
        created.start();
        engine = created;
        LOG.info("Bypass engine of overlay node {} started", self);
        for (ViasRuntime.ConnectedBridge bridge : List.copyOf(bridges.values())) {
            onBridge(created, bridge);
        }
    }

    /**
     * The rule sink of the engine's {@link SwitchRules}: the {@link RuleWriter} programs the difference with
     * flow-mods and a barrier, and the stage completes with the barrier, so that the negotiator's "installed" means
     * "on the switch" (the receiver side really is ready before the sender is told to go). Not through the CONFIG
     * inventory: the Forwarding Rules Manager would push later, could reorder a removal after a newer add, and would
     * replay rules of bypasses that ended after a controller restart; the engine reconciles its rules itself.
     */
    private CompletionStage<Void> writeRules(final String nodeId,
            final List<org.opendaylight.vias.rules.FlowRule> rules) {
        return writer.replace(nodeId, PURPOSES, rules).orTimeout(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** A packet-out of a path probe (best effort: a lost probe is repeated, an unproven path stays on the overlay). */
    private void sendPacket(final String nodeId, final long port, final byte[] frame) {
        try {
            transmit.invoke(NatPackets.transmit(nodeId, 0, new NatController.PacketOut(
                NatController.PacketOut.Kind.PORT, port, frame, -1))).addListener(() -> { }, Runnable::run);
        } catch (RuntimeException e) {
            LOG.debug("Packet-out of a path probe on {} failed", nodeId, e);
        }
    }

    /** Packet-ins of the bypass probe rules: the peers' path probes. Other packet-ins are the NAT's. */
    private void onPacketReceived(final PacketReceived packet) {
        try {
            final BypassEngine current = engine;
            if (current == null || packet.getFlowCookie() == null || packet.getIngress() == null) {
                return;
            }
            final long cookie = packet.getFlowCookie().getValue().longValue();
            if (!Cookie.isVias(cookie) || Cookie.decode(cookie).purpose() != Cookie.Purpose.BYPASS_PROBE) {
                return;
            }
            final NodeKey key = packet.getIngress().getValue().firstKeyOf(Node.class);
            if (key != null) {
                current.probePunted(key.getId().getValue(), cookie, packet.getPayload());
            }
        } catch (RuntimeException e) {
            LOG.debug("Unreadable packet-in", e);
        }
    }

    @Override
    public void linkUp(final Uid peer) {
        // Nothing to do: a bypass is requested when a flow on the link becomes heavy.
    }

    @Override
    public void linkDown(final Uid peer) {
        executor.execute(() -> {
            final BypassEngine current = engine;
            if (current != null) {
                current.peerDown(peer);
            }
        });
    }

    // ---- ViasRuntime.Listener (manager thread) ---------------------------------------------------------------------

    @Override
    public void configChanged(final Config config, final ViasSettings next) {
        executor.execute(() -> {
            settings = next;
            final BypassEngine current = engine;
            if (current != null) {
                current.configure(next);
                bridges.values().forEach(b -> onBridge(current, b));
            }
        });
    }

    @Override
    public void bridgeUpdated(final ViasRuntime.ConnectedBridge bridge) {
        executor.execute(() -> {
            bridges.put(bridge.nodeId(), bridge);
            final BypassEngine current = engine;
            if (current != null) {
                onBridge(current, bridge);
            }
        });
    }

    @Override
    public void bridgeDisconnected(final String nodeId) {
        executor.execute(() -> {
            bridges.remove(nodeId);
            // What the switch holds is found again when it reconnects (reconcile).
            final BypassEngine current = engine;
            if (current != null) {
                current.bridgeDisconnected(nodeId);
            }
        });
    }

    private void onBridge(final BypassEngine current, final ViasRuntime.ConnectedBridge bridge) {
        if (current.bridgeUpdated(bridge)) {
            executor.schedule(() -> reconcile(current, bridge.nodeId()), RECONCILE_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void reconcile(final BypassEngine current, final String nodeId) {
        if (engine != current) {
            return;
        }
        final List<InstalledRule> rules = new ArrayList<>();
        final List<RuleQueue.Reported> found = new ArrayList<>();
        try {
            for (ViasRuntime.OwnedFlow flow : runtime.ownedFlows(PURPOSES, Duration.ZERO)) {
                final List<InstalledRule> bypassRule = flow.nodeId().equals(nodeId)
                    ? BypassEngine.installedRules(List.of(flow.cookie())) : List.of();
                if (!bypassRule.isEmpty()) {
                    rules.addAll(bypassRule);
                    found.add(new RuleQueue.Reported(flow.tableId(), flow.cookie()));
                }
            }
        } catch (Exception e) {
            LOG.warn("Cannot read the rules of {} to reconcile the bypass; retrying", nodeId, e);
            executor.schedule(() -> reconcile(current, nodeId), RECONCILE_DELAY_MS, TimeUnit.MILLISECONDS);
            return;
        }
        LOG.info("Reconciling bypasses with {} bypass rule(s) found on {}", rules.size(), nodeId);
        // From now on the difference is taken to what the switch reported: rules of ended bypasses found there are
        // removed by the next write, agreed ones found there are kept as they are.
        writer.reconcile(nodeId, PURPOSES, found);
        current.reconcile(rules);
    }

    private void onFlowRemoved(final FlowRemoved removed) {
        try {
            final BypassEngine current = engine;
            if (current == null || removed.getCookie() == null || removed.getNode() == null) {
                return;
            }
            final long cookie = removed.getCookie().getValue().longValue();
            if (!Cookie.isVias(cookie)) {
                return;
            }
            final NodeKey key = ((InstanceIdentifier<?>) removed.getNode().getValue()).firstKeyOf(Node.class);
            if (key == null) {
                return;
            }
            final boolean timedOut = removed.getReason() == RemovedFlowReason.OFPRRIDLETIMEOUT
                || removed.getReason() == RemovedFlowReason.OFPRRHARDTIMEOUT;
            if (timedOut && hasBypassPurpose(cookie)) {
                // the switch removed it on its own (a removal VIAS asked for is booked by the writer already)
                writer.switchRemoved(key.getId().getValue(), cookie, null);
            }
            current.flowRemoved(key.getId().getValue(), cookie,
                removed.getReason() == RemovedFlowReason.OFPRRIDLETIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn("Bad flow-removed notification {}", removed, e);
        }
    }

    private static boolean hasBypassPurpose(final long cookie) {
        try {
            return PURPOSES.contains(Cookie.decode(cookie).purpose());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ---- operational state -----------------------------------------------------------------------------------------

    /**
     * Packets and bytes of both rules of each bypass, from the switch's statistics: the latest reading, at most
     * {@link ViasRuntime#COUNTERS_MAX_AGE} and a second old while bypasses are held; empty when none is.
     */
    public Map<Long, BypassEngine.RuleStats> ruleStats() {
        return ruleStats;
    }

    /** Refreshes {@link #ruleStats} (on {@link #stateThread}); asks the switches at most every 10 s. */
    @SuppressWarnings("checkstyle:IllegalCatch")
    private void readRuleStats() {
        if (!bypassesHeld) {
            ruleStats = Map.of();
            return;
        }
        final Map<Long, BypassEngine.RuleStats> out = new HashMap<>();
        try {
            for (ViasRuntime.OwnedFlow flow : runtime.ownedFlows(PURPOSES, ViasRuntime.COUNTERS_MAX_AGE)) {
                final List<InstalledRule> rules = BypassEngine.installedRules(List.of(flow.cookie()));
                if (!rules.isEmpty()) {
                    out.merge(rules.get(0).id(), new BypassEngine.RuleStats(flow.packets(), flow.bytes()),
                        (a, b) -> new BypassEngine.RuleStats(a.packets() + b.packets(), a.bytes() + b.bytes()));
                }
            }
            ruleStats = Map.copyOf(out);
        } catch (Exception e) {
            LOG.debug("No rule statistics", e);
        }
    }

    private void writeState() {
        final BypassEngine current = engine;
        try {
            // The rules' counters only matter while a bypass exists; readRuleStats reads them only then.
            bypassesHeld = current != null && !current.negotiator().status().isEmpty();
            final List<BypassEngine.FlowView> views = current == null ? List.of()
                : current.flows(bypassesHeld ? ruleStats : Map.of());
            final Map<String, Flow> flows = new HashMap<>();
            views.forEach(view -> flows.put(view.id(), toFlow(view)));
            final var counters = current == null ? null
                : toCounters(current.counters(), current.meterCounters().heavyFlows(), current.reportsDeferred());
            if (flows.equals(writtenFlows) && Objects.equals(counters, writtenCounters)) {
                // Nothing changed (the idle case): no datastore transaction every second for nothing.
                return;
            }
            final WriteTransaction tx = broker.newWriteOnlyTransaction();
            flows.forEach((id, flow) -> {
                if (!flow.equals(writtenFlows.get(id))) {
                    tx.mergeParentStructurePut(LogicalDatastoreType.OPERATIONAL, flowPath(id), flow);
                }
            });
            for (String gone : writtenFlows.keySet()) {
                if (!flows.containsKey(gone)) {
                    tx.delete(LogicalDatastoreType.OPERATIONAL, flowPath(gone));
                }
            }
            if (counters != null && !counters.equals(writtenCounters)) {
                tx.mergeParentStructurePut(LogicalDatastoreType.OPERATIONAL,
                    InstanceIdentifier.create(State.class).child(
                        org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.BypassCounters.class),
                    counters);
            }
            tx.commit().get(TIMEOUT_S, TimeUnit.SECONDS);
            writtenFlows = flows;
            writtenCounters = counters;
        } catch (Exception e) {
            LOG.debug("Writing bypass state failed", e);
        }
    }

    private static InstanceIdentifier<Flow> flowPath(final String id) {
        return InstanceIdentifier.create(State.class).child(Flow.class, new FlowKey(id));
    }

    static Flow toFlow(final BypassEngine.FlowView view) {
        final FlowBuilder b = new FlowBuilder().setId(view.id())
            .setProtocol(view.flow().protocol() == org.opendaylight.vias.overlay.meter.FlowKey.TCP
                ? Flow.Protocol.Tcp : Flow.Protocol.Udp)
            .setSourceAddress(new Ipv4Address(view.flow().srcAddress()))
            .setSourcePort(new PortNumber(Uint16.valueOf(view.flow().srcPort())))
            .setDestinationAddress(new Ipv4Address(view.flow().dstAddress()))
            .setDestinationPort(new PortNumber(Uint16.valueOf(view.flow().dstPort())))
            .setPath(view.bypassed() ? org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Path.Bypass
                : org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Path.Overlay)
            .setPackets(counter(view.packets())).setBytes(counter(view.bytes()))
            .setRateBytesPerSecond(Uint64.fromLongBits(Math.max(0, view.rate())))
            .setAgeMs(Uint64.fromLongBits(Math.max(0, view.ageMs())));
        if (view.peer() != null) {
            b.setPeerUid(new OverlayUid(view.peer().toString()));
        }
        if (view.bypassId() != 0) {
            b.setBypassId(Uint64.fromLongBits(view.bypassId()));
        }
        if (view.state() != null) {
            b.setBypassState(view.state().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (view.reason() != null) {
            b.setReason(view.reason());
        }
        if (view.detectedAt() != 0) {
            b.setDetectedAt(Uint64.fromLongBits(view.detectedAt()));
        }
        if (view.steps().requestedAt() != 0) {
            b.setRequestedAt(Uint64.fromLongBits(view.steps().requestedAt()));
        }
        if (view.steps().acceptedAt() != 0) {
            b.setAcceptedAt(Uint64.fromLongBits(view.steps().acceptedAt()));
        }
        if (view.activeAt() != 0) {
            b.setActiveAt(Uint64.fromLongBits(view.activeAt()));
        }
        return b.build();
    }

    static org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.BypassCounters toCounters(
            final BypassCounters.Snapshot counts, final long heavyFlows, final long reportsDeferred) {
        final List<Refused> refused = new ArrayList<>();
        for (Refusal reason : Refusal.values()) {
            refused.add(new RefusedBuilder().setReason(reason.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-')).setCount(counter(counts.refused(reason))).build());
        }
        return new BypassCountersBuilder()
            .setHeavyFlows(counter(heavyFlows))
            .setReportsDeferred(counter(reportsDeferred))
            .setRequestsSent(counter(counts.sent(MessageType.REQUEST)))
            .setRequestsReceived(counter(counts.received().getOrDefault(MessageType.REQUEST, 0L)))
            .setAcceptsSent(counter(counts.sent(MessageType.ACCEPT)))
            .setAcceptsReceived(counter(counts.received().getOrDefault(MessageType.ACCEPT, 0L)))
            .setActivated(counter(counts.activated())).setRejectedByPeer(counter(counts.rejectedByPeer()))
            .setUnanswered(counter(counts.unanswered())).setTornDown(counter(counts.tornDown()))
            .setOrphansRemoved(counter(counts.orphansRemoved())).setReinstalled(counter(counts.reinstalled()))
            .setLeftToPeer(counter(counts.leftToPeer())).setNatUnsupported(counter(counts.natUnsupported()))
            .setPathProbesSent(counter(counts.probesSent()))
            .setPathProbesHeard(counter(counts.probesHeard())).setPathsNotOpened(counter(counts.pathsNotOpened()))
            .setPathsLost(counter(counts.pathsLost()))
            .setRefused(BindingMap.ordered(refused))
            .build();
    }

    private static ZeroBasedCounter64 counter(final long value) {
        return new ZeroBasedCounter64(Uint64.fromLongBits(Math.max(0, value)));
    }

    /** {@link NextHops} as the rule installer's lookup. */
    private record NextHopAdapter(NextHops nextHops) implements SwitchRules.NextHopLookup {
        @Override
        public Optional<org.opendaylight.vias.rules.MacAddress> resolve(final int ip) {
            return nextHops.resolve(ip);
        }

        @Override
        public void trigger(final int ip) {
            nextHops.trigger(ip);
        }
    }

    @Deactivate
    @Override
    public void close() {
        for (Registration reg : new Registration[] {runtimeListener, flowRemoved, packetIn, links, frames}) {
            try {
                reg.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing a registration failed", e);
            }
        }
        final BypassEngine current = engine;
        engine = null;
        if (current != null) {
            executor.execute(current::close);
        }
        executor.schedule(executor::shutdown, 2, TimeUnit.SECONDS);
        stateThread.shutdownNow();
        controlInbox.shutdownNow();
        LOG.info("VIAS bypass stopped");
    }
}
