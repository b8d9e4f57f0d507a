/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.opendaylight.vias.impl.ViasRuntime.ConnectedBridge;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.impl.pipeline.BasePipeline;
import org.opendaylight.vias.nat.HostPortProbe;
import org.opendaylight.vias.overlay.ControlChannel;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.bypass.BypassCodec;
import org.opendaylight.vias.overlay.bypass.BypassControlLink;
import org.opendaylight.vias.overlay.bypass.BypassCounters;
import org.opendaylight.vias.overlay.bypass.BypassEvent;
import org.opendaylight.vias.overlay.bypass.BypassNegotiator;
import org.opendaylight.vias.overlay.bypass.BypassPath;
import org.opendaylight.vias.overlay.bypass.BypassPolicy;
import org.opendaylight.vias.overlay.bypass.BypassState;
import org.opendaylight.vias.overlay.bypass.BypassStatus;
import org.opendaylight.vias.overlay.bypass.InstalledRule;
import org.opendaylight.vias.overlay.bypass.NegotiatorConfig;
import org.opendaylight.vias.overlay.bypass.PathProbe;
import org.opendaylight.vias.overlay.bypass.RequestOutcome;
import org.opendaylight.vias.overlay.bypass.RequestResult;
import org.opendaylight.vias.overlay.bypass.RuleDirection;
import org.opendaylight.vias.overlay.bypass.TeardownReason;
import org.opendaylight.vias.overlay.ice.SelectedPath;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.overlay.meter.FlowMeter;
import org.opendaylight.vias.overlay.meter.FlowSample;
import org.opendaylight.vias.overlay.meter.HeavyFlow;
import org.opendaylight.vias.overlay.meter.MeterConfig;
import org.opendaylight.vias.overlay.meter.NanoClock;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encapsulation bypass of one VIAS node, free of OSGi and datastore types: the frame tap (meter and address
 * memory) on the overlay data path, the negotiator on the overlay's authenticated control channel, the underlay port
 * pool, and the bypass rules of the bridge that carries {@code switch/uplink-port}.
 *
 * <p>Heavy flow (data-path thread) → oriented local VM to remote VM by the tap → {@code requestBypass} on the
 * executor. The negotiator's rule changes become writes of the bridge's bypass rule set ({@link SwitchRules}).
 * Flow-removed, bridge and link events come in from the controller shell ({@code BypassService}). Everything
 * time-driven (negotiator tick every 50 ms while it holds a bypass, meter sweep, persistence) runs on the one
 * executor.
 */
public final class BypassEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BypassEngine.class);
    static final long TICK_MS = 50;
    static final long SWEEP_MS = 5000;
    /** A heavy flow refused for the bypass limit or a lack of ports is reported again after this long. */
    static final long RETRY_FULL_MS = 1000;
    private static final int ADDRESS_SLOTS = 4096;
    private static final int RESOLVE_ATTEMPTS = 10;

    /**
     * What the engine needs from its surroundings.
     *
     * @param channel         the overlay's authenticated control channel
     * @param sink            writes the bridge's bypass rule set
     * @param packets         packet-outs (path probes)
     * @param nextHops        next-hop MACs on the underlay
     * @param icePath         the ICE pair selected for the link to a peer (OverlayRuntime.selectedPath)
     * @param store           persistence of agreed bypasses
     * @param hostPorts       ports the host itself uses (never allocated)
     * @param executor        a single-threaded scheduler for everything but the data path
     * @param controlInbox    one thread with a bounded queue that hands the peers' control messages to the
     *                        negotiator in arrival order; a full queue rejects (the message is dropped and counted, as
     *                        a lost datagram would be: the peer sends it again)
     */
    public record Environment(ControlChannel channel, SwitchRules.RuleSink sink, SwitchRules.PacketSink packets,
            SwitchRules.NextHopLookup nextHops,
            Function<Uid, Optional<SelectedPath>> icePath, AgreedStore store, HostPortProbe hostPorts,
            ScheduledExecutorService executor, Executor controlInbox, NanoClock clock, InstantSource wallClock,
            NegotiatorConfig negotiatorConfig) {
    }

    /** Packet and byte counters of a bypass's two rules, from the switch. */
    public record RuleStats(long packets, long bytes) {
    }

    /**
     * One TCP/UDP flow as {@code vias:flows} and {@code state/flow} show it.
     *
     * @param flow      oriented local VM to remote VM when known, else as first seen
     * @param bypassId  0 when no bypass was attempted
     * @param state     the bypass's state, or null
     * @param rate      bytes per second: the meter's on the overlay, the rules' on the bypass; negative on the
     *                  bypass until the switch statistics have refreshed its rules' counters ({@link #rateMeasured})
     * @param bytes     overlay bytes plus the bypass rules' bytes
     * @param detectedAt wall-clock ms when it crossed the threshold (or was asked for by hand), 0 if not
     * @param steps     when its bypass passed the steps of its set-up here
     */
    public record FlowView(String id, FlowKey flow, Uid peer, boolean bypassed, long bypassId, BypassState state,
            String reason, long rate, long packets, long bytes, long ageMs, long detectedAt, SetupSteps steps) {

        /** Wall-clock ms when its bypass became active here, 0 if not. */
        public long activeAt() {
            return steps.activeAt();
        }

        /** False for a bypass whose rules' counters the switch statistics (every 10 s) have not refreshed yet. */
        public boolean rateMeasured() {
            return rate >= 0;
        }
    }

    /**
     * When a bypass passed each step of its set-up on this node (wall-clock ms, 0 if it has not): with the detection
     * time they split a set-up delay into the wait before asking, the peer's answer and the installation.
     *
     * @param requestedAt when this node sent its request, or received the peer's
     * @param acceptedAt  when the peer's accept reached this node (the requester; 0 on the responder)
     * @param activeAt    when the bypass became active here
     */
    public record SetupSteps(long requestedAt, long acceptedAt, long activeAt) {
        public static final SetupSteps NONE = new SetupSteps(0, 0, 0);

        SetupSteps accepted(final long at) {
            return new SetupSteps(requestedAt, at, activeAt);
        }

        SetupSteps active(final long at) {
            return new SetupSteps(requestedAt, acceptedAt, at);
        }
    }

    private final Uid self;
    private final Environment env;
    private final FrameTap tap;
    private final BypassPorts ports;
    private final SwitchRules rules;
    private final BypassControlLink link;
    private final BypassNegotiator negotiator;
    private final Map<FlowKey, Long> detectedAt = new ConcurrentHashMap<>();
    private final Map<Long, SetupSteps> setupSteps = new ConcurrentHashMap<>();
    private final Map<Long, RuleRate> ruleRates = new ConcurrentHashMap<>();
    private final AtomicLong badProbes = new AtomicLong();
    private final LatencyHistogram setupDelays = new LatencyHistogram(LatencyHistogram.SETUP_BOUNDS);
    private final AtomicLong unoriented = new AtomicLong();
    private final AtomicLong notRequested = new AtomicLong();
    /** A write of the agreed bypasses is queued and has not started: it covers every change made before it runs. */
    private final AtomicBoolean persistQueued = new AtomicBoolean();
    private final AtomicLong reportsDeferred = new AtomicLong();
    private final AtomicLong inboxDropped = new AtomicLong();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    /** The negotiator's tick, only while it holds a bypass (open, closing or closed and still remembered). */
    private final DemandTicker ticker;
    private volatile ViasSettings settings;
    private volatile BypassPolicy configuredPolicy;
    private AutoCloseable channelRegistration;
    private volatile boolean closed;

    public BypassEngine(final Uid self, final ViasSettings settings, final Environment env) {
        this.self = Objects.requireNonNull(self);
        this.env = env;
        this.settings = settings;
        this.configuredPolicy = BypassPolicies.configured(settings.bypass());
        tap = new FrameTap(new FlowMeter(meterConfig(settings), env.clock(), this::onHeavyFlow), ADDRESS_SLOTS);
        ports = new BypassPorts(settings.bypass().portRangeStart(), settings.bypass().portRangeEnd(),
            env.hostPorts(), env.wallClock(), this::pathMapping, () -> this.settings.bypass().oneToOneNat());
        rules = new SwitchRules(env.sink(), env.packets(), env.nextHops(), tap::localMac, env.executor(),
            shape(settings), RESOLVE_ATTEMPTS);
        final BypassPolicy ownFlows = BypassPolicies.ownFlowsOnly(tap);
        final BypassPolicy policy = (peer, flow) -> configuredPolicy.allows(peer, flow) && ownFlows.allows(peer, flow);
        // every control message may start a bypass (the peer's request): the tick is woken after each
        link = new BypassControlLink(throughInbox(env.channel()));
        negotiator = new BypassNegotiator(self, env.negotiatorConfig(), policy, ports, rules,
            link, env.clock(), this::onEvent, env.wallClock().millis() * 1000,
            1 + (new SecureRandom().nextLong() & BypassCodec.MAX_ID) % (BypassCodec.MAX_ID - 1));
        ticker = new DemandTicker((task, delayMillis) -> env.executor().schedule(task, delayMillis,
            TimeUnit.MILLISECONDS), TICK_MS, this::tick, negotiator::holdsAny);
    }

    /**
     * The channel as the control link sees it: bypass messages reach the negotiator on the
     * {@link Environment#controlInbox} thread, not on the overlay link's receive thread, and the tick is woken after
     * each (the negotiator gains a bypass only from a request, ours ({@link #request}) or the peer's (a message), or
     * a restore ({@link #start})). The receive thread must not wait for the negotiator's lock: while it waits it reads
     * no datagram, and with hundreds of bypasses being agreed on busy cores (the lock's holder off the CPU) the
     * overlay socket overflowed and the kernel dropped data and control messages alike (docs/scale.md).
     */
    private ControlChannel throughInbox(final ControlChannel channel) {
        return new ControlChannel() {
            @Override
            public void send(final Uid peer, final byte[] message) throws IOException {
                channel.send(peer, message);
            }

            @Override
            public AutoCloseable register(final ControlHandler handler) {
                return channel.register((peer, message) -> {
                    if (!BypassControlLink.isBypassMessage(message)) {
                        return;
                    }
                    try {
                        env.controlInbox().execute(() -> {
                            // a message queued before close() must not start anything on a closed engine
                            if (!closed) {
                                handler.onControlMessage(peer, message);
                                ticker.wake();
                            }
                        });
                    } catch (RejectedExecutionException e) {
                        inboxDropped.incrementAndGet();
                    }
                });
            }

            @Override
            public Set<Uid> reachablePeers() {
                return channel.reachablePeers();
            }

            @Override
            public int maxMessageSize() {
                return channel.maxMessageSize();
            }
        };
    }

    /** Attaches to the control channel, restores persisted bypasses and starts the timers. */
    public synchronized void start() {
        channelRegistration = link.attach(negotiator);
        final List<AgreedStore.Stored> stored = env.store().load();
        if (!stored.isEmpty()) {
            final List<BypassPath> paths = new ArrayList<>();
            for (AgreedStore.Stored s : stored) {
                paths.add(s.path());
                if (s.vmMac() != null) {
                    rules.rememberVmMac(s.path().id(), s.vmMac());
                    tap.rememberLocal(s.path().flow().srcIp(), s.vmMac());
                }
            }
            // Nothing is written until the bridge was reconciled: the first write must keep these bypasses' rules.
            rules.setFlushEnabled(false);
            negotiator.restore(paths);
            LOG.info("Restored {} agreed bypass(es); reconciling once the bridge is connected", paths.size());
        }
        ticker.wake();
        timers.add(env.executor().scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS));
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void tick() {
        try {
            negotiator.tick();
        } catch (RuntimeException e) {
            LOG.warn("Bypass tick failed", e);
        }
    }

    /** Forgets idle flows in the meter, and the detection times of flows neither metered nor bypassed. */
    private void sweep() {
        tap.meter().sweep();
        final java.util.Set<FlowKey> keep = new java.util.HashSet<>();
        tap.meter().samples().forEach(sample -> keep.add(sample.flow().canonical()));
        final java.util.Set<Long> live = new java.util.HashSet<>();
        for (BypassStatus status : negotiator.status()) {
            keep.add(status.flow().canonical());
            live.add(status.id());
        }
        detectedAt.keySet().retainAll(keep);
        setupSteps.keySet().retainAll(live);
    }

    /** Whether the negotiator's tick is scheduled: only while it holds a bypass. */
    boolean ticking() {
        return ticker.isRunning();
    }

    /** The data-path hook for the overlay node. */
    public FrameTap frameTap() {
        return tap;
    }

    public BypassNegotiator negotiator() {
        return negotiator;
    }

    public SwitchRules switchRules() {
        return rules;
    }

    public Uid self() {
        return self;
    }

    // ---- configuration and switch ------------------------------------------------------------------------------

    /** New config: thresholds (a new meter), policy, ports, rule shape. */
    public void configure(final ViasSettings next) {
        final ViasSettings previous = settings;
        settings = next;
        configuredPolicy = BypassPolicies.configured(next.bypass());
        ports.setRange(next.bypass().portRangeStart(), next.bypass().portRangeEnd());
        rules.setShape(shape(next));
        final MeterConfig meterConfig = meterConfig(next);
        if (!meterConfig.equals(tap.meter().config())) {
            tap.setMeter(new FlowMeter(meterConfig, env.clock(), this::onHeavyFlow));
        }
        if (previous.bypassEnabled() && !next.bypassEnabled()) {
            negotiator.tearDownAll(TeardownReason.ADMIN);
        }
    }

    /**
     * A bridge connected or changed. Returns true when it now carries the bypass anew (or with other facts): the
     * caller then reads the bypass rules on it and calls {@link #reconcile}.
     */
    public boolean bridgeUpdated(final ConnectedBridge bridge) {
        final SwitchRules.Bridge current = rules.bridge();
        final ViasSettings s = settings;
        final Optional<Long> uplink = s.manages(bridge.name()) ? BasePipeline.uplinkPort(s, bridge) : Optional.empty();
        if (uplink.isEmpty() || bridge.localMac() == null) {
            if (current != null && current.nodeId().equals(bridge.nodeId())) {
                LOG.info("Bridge {} no longer carries the bypass (uplink {} absent)", bridge.nodeId(), s.uplinkPort());
                bridgeDisconnected(bridge.nodeId());
            }
            return false;
        }
        final SwitchRules.Bridge next = new SwitchRules.Bridge(bridge.nodeId(), uplink.orElseThrow(),
            MacAddress.of(bridge.localMac().toLowerCase(java.util.Locale.ROOT)));
        if (next.equals(current)) {
            return false;
        }
        rules.setBridge(next);
        LOG.info("Bypass rules go to bridge {} (uplink port {}, LOCAL MAC {})", next.nodeId(), next.uplinkPort(),
            next.localMac());
        return true;
    }

    /** Our bridge went away: every bypass ends (the peers are told), traffic is back on the overlay. */
    public void bridgeDisconnected(final String nodeId) {
        final SwitchRules.Bridge current = rules.bridge();
        if (current != null && current.nodeId().equals(nodeId)) {
            rules.setBridge(null);
            negotiator.tearDownAll(TeardownReason.SWITCH_DOWN);
        }
    }

    /**
     * After the bridge (re)connected or the controller restarted: {@code found} are the bypass rules on the switch.
     * The agreed bypasses' rules are put back into the desired set first, so the next write keeps them.
     */
    public void reconcile(final Collection<InstalledRule> found) {
        for (BypassPath path : negotiator.agreed()) {
            rules.seed(path);
        }
        rules.setFlushEnabled(true);
        negotiator.reconcile(found);
    }

    /** The bypass rules of a bridge, from the cookies of the rules on it (any VIAS cookie is accepted). */
    public static List<InstalledRule> installedRules(final Collection<Long> cookies) {
        final List<InstalledRule> out = new ArrayList<>();
        for (long cookie : cookies) {
            if (!Cookie.isVias(cookie)) {
                continue;
            }
            final Cookie decoded;
            try {
                decoded = Cookie.decode(cookie);
            } catch (IllegalArgumentException e) {
                continue;
            }
            final RuleDirection direction = BypassRules.direction(decoded.purpose());
            if (direction != null && decoded.id() > 0) {
                out.add(new InstalledRule(decoded.id(), direction));
            }
        }
        return out;
    }

    /**
     * The switch removed a rule and said so (OpenFlow flow-removed).
     *
     * @param idle whether the reason was the idle timeout
     */
    public void flowRemoved(final String nodeId, final long cookie, final boolean idle) {
        final SwitchRules.Bridge current = rules.bridge();
        if (current == null || !current.nodeId().equals(nodeId) || !Cookie.isVias(cookie)) {
            return;
        }
        final Cookie decoded;
        try {
            decoded = Cookie.decode(cookie);
        } catch (IllegalArgumentException e) {
            return;
        }
        final RuleDirection direction = BypassRules.direction(decoded.purpose());
        if (direction == null) {
            return;
        }
        final boolean wasDesired = rules.switchRemoved(direction, decoded.id());
        if (idle) {
            negotiator.ruleRemoved(decoded.id(), direction, TeardownReason.IDLE);
        } else if (wasDesired) {
            // Not our own removal: someone (or the switch) took a rule we still want; the bypass cannot stand.
            negotiator.ruleRemoved(decoded.id(), direction, TeardownReason.SWITCH_DOWN);
        }
    }

    /**
     * A packet-in of a bypass probe rule ({@code cookie}) on {@code nodeId}: the peer's path probe, when the frame
     * is one and names the bypass of the rule. Anything else is counted and dropped.
     */
    public void probePunted(final String nodeId, final long cookie, final byte[] frame) {
        final SwitchRules.Bridge current = rules.bridge();
        final Optional<PathProbe> probe = ProbePackets.parse(frame);
        final long id = Cookie.isVias(cookie) ? cookie & Cookie.MAX_ID : -1;
        if (current == null || !current.nodeId().equals(nodeId) || probe.isEmpty()
                || probe.orElseThrow().id() != id) {
            badProbes.incrementAndGet();
            LOG.debug("Dropped a punted frame that is no path probe of bypass {} on {}", id, nodeId);
            return;
        }
        negotiator.probeReceived(probe.orElseThrow());
    }

    /** Punted frames on a probe rule that were no probe of its bypass. */
    public long badProbes() {
        return badProbes.get();
    }

    /** The overlay link to a peer went down. */
    public void peerDown(final Uid peer) {
        negotiator.peerDown(peer.toBytes());
    }

    // ---- detection and operator requests -----------------------------------------------------------------------

    private void onHeavyFlow(final HeavyFlow heavy) {
        final Optional<FrameTap.Oriented> oriented = tap.orient(heavy.flow());
        if (oriented.isEmpty()) {
            unoriented.incrementAndGet();
            return;
        }
        // The first detection counts: the peer may have asked for this flow's bypass (and it may already be active)
        // before this side's own meter saw the flow as heavy. The time is dropped when a bypass closes.
        detectedAt.putIfAbsent(heavy.flow().canonical(), env.wallClock().millis());
        final FrameTap.Oriented o = oriented.orElseThrow();
        env.executor().execute(() -> request(o, false));
    }

    private RequestOutcome request(final FrameTap.Oriented oriented, final boolean manual) {
        final ViasSettings s = settings;
        if (!s.bypassEnabled() || rules.bridge() == null) {
            notRequested.incrementAndGet();
            return RequestOutcome.UNSUPPORTED;
        }
        if (manual) {
            negotiator.clearFlowBackoff(oriented.flow());
        }
        final RequestResult result = manual ? negotiator.requestBypass(oriented.peer(), oriented.flow())
            : negotiator.heavyFlow(oriented.peer(), oriented.flow());
        ticker.wake();
        reportAgainLater(oriented, result.outcome());
        if (manual || result.outcome() == RequestOutcome.STARTED) {
            LOG.info("{} bypass of {} with {}: {}", manual ? "Operator asked for" : "Heavy flow, asked for",
                oriented.flow(), oriented.peer(), result.outcome());
        } else {
            // A heavy flow is reported at every detection window while it stays on the overlay (back-off, limit):
            // at INFO that would be a line every 250 ms per flow.
            LOG.debug("Heavy flow, asked for bypass of {} with {}: {}", oriented.flow(), oriented.peer(),
                result.outcome());
        }
        return result.outcome();
    }

    /**
     * The meter reports a heavy flow once, until it is told to forget it (when the flow's bypass closes). A report
     * that met a back-off, the wait for the peer's request (DEFERRED), the bypass limit or an empty port pool started
     * nothing, so nothing would ever close and the flow would stay on the overlay for good, heavy or not: with 1,000
     * streams, every flow whose bypass had failed once (no answer from a busy peer, a duplicate refused) was reported
     * again at once, met its flow back-off and was never asked for again. The meter forgets it when the back-off or
     * the wait is over (or after {@link #RETRY_FULL_MS} when the limit or the pool was the reason), so it is reported
     * again if it is still heavy.
     */
    private void reportAgainLater(final FrameTap.Oriented oriented, final RequestOutcome outcome) {
        final long delayNanos = switch (outcome) {
            case FLOW_BACKOFF, PEER_BACKOFF, DEFERRED ->
                negotiator.backoffRemainingNanos(oriented.peer(), oriented.flow());
            case LIMIT, NO_PORT -> TimeUnit.MILLISECONDS.toNanos(RETRY_FULL_MS);
            default -> -1;
        };
        if (delayNanos >= 0) {
            reportsDeferred.incrementAndGet();
            env.executor().schedule(() -> tap.meter().forget(oriented.flow()), Math.max(delayNanos, 1),
                TimeUnit.NANOSECONDS);
        }
    }

    /** Heavy-flow reports that met a back-off, the limit or no free port, to be repeated later. */
    public long reportsDeferred() {
        return reportsDeferred.get();
    }

    /** Control messages of peers dropped because the inbox was full (or closed). */
    public long inboxDropped() {
        return inboxDropped.get();
    }

    /** Outcome of {@link #bypass}. */
    public record ManualResult(String outcome, long id) {
    }

    /** Operator: bypass this flow now ({@code tcp:10.0.0.1:5001>10.0.0.2:5201}, either direction). */
    public ManualResult bypass(final String flowId) {
        final FlowKey flow = parseFlowId(flowId);
        final Optional<FrameTap.Oriented> oriented = tap.orient(flow);
        if (oriented.isEmpty()) {
            return new ManualResult("unknown-flow", 0);
        }
        detectedAt.putIfAbsent(flow.canonical(), env.wallClock().millis());
        final RequestOutcome outcome = request(oriented.orElseThrow(), true);
        final long id = negotiator.liveStatus(flow).map(BypassStatus::id).orElse(0L);
        if (outcome == RequestOutcome.UNSUPPORTED && (rules.bridge() == null || !settings.bypassEnabled())) {
            return new ManualResult(settings.bypassEnabled() ? "no-uplink-bridge" : "bypass-disabled", 0);
        }
        return new ManualResult(outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), id);
    }

    /** Operator: end the bypass of this flow (or of this bypass id). */
    public boolean unbypass(final String flowOrId) {
        long id;
        try {
            id = Long.parseLong(flowOrId.trim());
        } catch (NumberFormatException e) {
            id = negotiator.liveStatus(parseFlowId(flowOrId)).map(BypassStatus::id).orElse(0L);
        }
        return id > 0 && negotiator.tearDown(id, TeardownReason.ADMIN);
    }

    /** {@code proto:src:sport>dst:dport}, the id of {@code state/flow}. */
    public static String flowId(final FlowKey flow) {
        return (flow.protocol() == FlowKey.TCP ? "tcp:" : "udp:") + flow.srcAddress() + ":" + flow.srcPort() + ">"
            + flow.dstAddress() + ":" + flow.dstPort();
    }

    /** Parses {@link #flowId}; throws IllegalArgumentException naming what is wrong. */
    public static FlowKey parseFlowId(final String id) {
        final String text = id == null ? "" : id.trim();
        final int colon = text.indexOf(':');
        final int arrow = text.indexOf('>');
        if (colon < 0 || arrow < colon) {
            throw new IllegalArgumentException("flow: expected proto:src:port>dst:port, was '" + id + "'");
        }
        final String proto = text.substring(0, colon);
        final int protocol = switch (proto) {
            case "tcp" -> FlowKey.TCP;
            case "udp" -> FlowKey.UDP;
            default -> throw new IllegalArgumentException("flow: protocol must be tcp or udp, was '" + proto + "'");
        };
        final String[] src = endpoint(text.substring(colon + 1, arrow), id);
        final String[] dst = endpoint(text.substring(arrow + 1), id);
        try {
            return new FlowKey(protocol, Ipv4.parse(src[0]), Integer.parseInt(src[1]), Ipv4.parse(dst[0]),
                Integer.parseInt(dst[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("flow: bad port in '" + id + "'", e);
        }
    }

    private static String[] endpoint(final String text, final String id) {
        final int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("flow: expected address:port in '" + id + "'");
        }
        return new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }

    // ---- negotiator events ---------------------------------------------------------------------------------------

    private void onEvent(final BypassEvent event) {
        // Under the negotiator's lock: note and hand off.
        switch (event.kind()) {
            case PROPOSED -> {
                final long now = env.wallClock().millis();
                detectedAt.putIfAbsent(event.flow().canonical(), now);
                setupSteps.put(event.id(), new SetupSteps(now, 0, 0));
            }
            case ACCEPTED -> {
                final long now = env.wallClock().millis();
                // On the responder the flow is "detected" when the peer asks for it, unless its own meter saw it
                // first. The requester proposed before (this is the peer's accept); the responder learns of the
                // bypass with the request.
                detectedAt.putIfAbsent(event.flow().canonical(), now);
                setupSteps.compute(event.id(), (id, steps) -> steps == null ? new SetupSteps(now, 0, 0)
                    : steps.accepted(now));
            }
            case ACTIVE -> {
                final long now = env.wallClock().millis();
                setupSteps.compute(event.id(), (id, steps) -> (steps == null ? SetupSteps.NONE : steps).active(now));
                final Long detected = detectedAt.get(event.flow().canonical());
                if (detected != null) {
                    setupDelays.observeMillis(now - detected);
                }
                persistSoon();
            }
            case CLOSED -> env.executor().execute(() -> {
                // before the meter forgets the flow: a new detection of it must get a new time; but when both ends
                // asked at once, the losing proposal closes while the winning one (same flow) lives on
                if (negotiator.liveStatus(event.flow()).isEmpty()) {
                    detectedAt.remove(event.flow().canonical());
                }
                tap.meter().forget(event.flow());
                rules.forget(event.id());
                ruleRates.remove(event.id());
                persistSoon();
            });
            default -> {
            }
        }
    }

    /**
     * Writes the agreed bypasses once for every change since the last write: the file holds all of them, so with
     * hundreds of bypasses becoming active or closing within a second, one write per event (each of the whole set)
     * cost the executor, which also times the negotiator and writes the rules, a quadratic amount of file I/O.
     */
    private void persistSoon() {
        if (persistQueued.compareAndSet(false, true)) {
            env.executor().execute(() -> {
                persistQueued.set(false);
                persist();
            });
        }
    }

    private void persist() {
        final List<AgreedStore.Stored> agreed = new ArrayList<>();
        for (BypassPath path : negotiator.agreed()) {
            agreed.add(new AgreedStore.Stored(path, rules.vmMac(path.id()).orElse(null)));
        }
        env.store().save(agreed);
    }

    // ---- operational state ---------------------------------------------------------------------------------------

    /**
     * Every flow the meter remembers and every bypass the negotiator holds, newest bypass state first.
     *
     * @param ruleStats packets and bytes of both rules of each bypass (by id), from the switch
     */
    public List<FlowView> flows(final Map<Long, RuleStats> ruleStats) {
        final long nowMs = env.wallClock().millis();
        final Map<FlowKey, FlowView> byFlow = new LinkedHashMap<>();
        for (FlowSample sample : tap.meter().samples()) {
            final FlowKey oriented = tap.orient(sample.flow()).map(FrameTap.Oriented::flow).orElse(sample.flow());
            final Uid peer = tap.peerOf(oriented.dstIp()).orElse(null);
            byFlow.put(oriented.canonical(), new FlowView(flowId(oriented), oriented, peer, false, 0, null, null,
                sample.bytesPerSecond(), sample.frames(), sample.bytes(), sample.ageNanos() / 1_000_000,
                detectedAt.getOrDefault(oriented.canonical(), 0L), SetupSteps.NONE));
        }
        for (BypassStatus status : negotiator.status()) {
            final FlowKey canonical = status.flow().canonical();
            final FlowView metered = byFlow.get(canonical);
            final boolean live = status.state() != BypassState.CLOSED;
            if (!live && metered == null) {
                continue;
            }
            if (metered != null && metered.bypassId() != 0 && !live) {
                continue;
            }
            final RuleStats stats = ruleStats.getOrDefault(status.id(), new RuleStats(0, 0));
            final boolean bypassed = status.state() == BypassState.ACTIVE;
            final long rate = bypassed ? ruleRate(status.id(), stats.bytes(), nowMs)
                : metered == null ? 0 : metered.rate();
            final SetupSteps steps = setupSteps.getOrDefault(status.id(), SetupSteps.NONE);
            final long detected = detectedAt.getOrDefault(canonical, 0L);
            final long age = metered != null ? metered.ageMs() : detected > 0 ? nowMs - detected : 0;
            byFlow.put(canonical, new FlowView(flowId(status.flow()), status.flow(),
                status.peer(), bypassed, status.id(), status.state(), status.reason(), rate,
                (metered == null ? 0 : metered.packets()) + stats.packets(),
                (metered == null ? 0 : metered.bytes()) + stats.bytes(), age, detected, steps));
        }
        final List<FlowView> out = new ArrayList<>(byFlow.values());
        out.sort(Comparator.comparing(FlowView::id));
        return out;
    }

    private long ruleRate(final long id, final long bytes, final long nowMs) {
        return ruleRates.computeIfAbsent(id, k -> new RuleRate()).update(bytes, nowMs);
    }

    public BypassCounters.Snapshot counters() {
        return negotiator.counters();
    }

    /** Detection (or the peer's request) to active, of every bypass that became active here. */
    public LatencyHistogram.Snapshot setupDelays() {
        return setupDelays.snapshot();
    }

    public FlowMeter.Counters meterCounters() {
        return tap.meter().counters();
    }

    /** Heavy flows whose ends the tap did not know (not requested). */
    public long unoriented() {
        return unoriented.get();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /**
     * Our side of the path to the flow's peer: the ICE base (or the configured underlay address) as our own address,
     * STUN's mapping of it as the public one. A configured address with no ICE path is taken as un-NATed.
     */
    private Optional<PathMapping> pathMapping(final FlowKey flow) {
        final Optional<Integer> configured = settings.bypass().underlayAddress().map(Ipv4::parse);
        final Optional<SelectedPath> path = tap.peerOf(flow.dstIp()).flatMap(env.icePath());
        return path.isPresent() ? PathMapping.of(path.orElseThrow(), configured)
            : configured.map(PathMapping::direct);
    }

    /** Our side of the path to a peer, for the operator ({@code vias:peers}). */
    public Optional<PathMapping> pathMapping(final Uid peer) {
        final Optional<Integer> configured = settings.bypass().underlayAddress().map(Ipv4::parse);
        return env.icePath().apply(peer).flatMap(path -> PathMapping.of(path, configured));
    }

    static MeterConfig meterConfig(final ViasSettings settings) {
        return MeterConfig.DEFAULT.withThreshold(settings.bypassThresholdBps(),
            Duration.ofMillis(settings.bypass().minDurationMs())).withPacketThreshold(settings.bypassThresholdPps());
    }

    static SwitchRules.Shape shape(final ViasSettings settings) {
        return new SwitchRules.Shape(BasePipeline.bypassPriority(settings), settings.bypassIdleTimeout());
    }

    /** Ends every bypass (peers are told) and stops; the rules are removed by the writes this queues. */
    @Override
    @SuppressWarnings("checkstyle:IllegalCatch")
    public synchronized void close() {
        closed = true;
        negotiator.tearDownAll(TeardownReason.ADMIN);
        ticker.stop();
        timers.forEach(t -> t.cancel(false));
        timers.clear();
        if (channelRegistration != null) {
            try {
                channelRegistration.close();
            } catch (Exception e) {
                LOG.debug("Closing the control channel registration failed", e);
            }
        }
        env.executor().execute(this::persist);
    }
}
