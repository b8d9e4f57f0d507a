/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.nat;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.NotificationService;
import org.opendaylight.mdsal.binding.api.RpcConsumerRegistry;
import org.opendaylight.mdsal.binding.api.RpcProviderService;
import org.opendaylight.vias.impl.ViasRuntime;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.impl.flow.RuleQueue;
import org.opendaylight.vias.impl.flow.RuleWriter;
import org.opendaylight.vias.nat.AllocatorCounters;
import org.opendaylight.vias.nat.CachedPortProbe;
import org.opendaylight.vias.nat.DropCounter;
import org.opendaylight.vias.nat.DropReason;
import org.opendaylight.vias.nat.FlowTableGuard;
import org.opendaylight.vias.nat.HostPortProbe;
import org.opendaylight.vias.nat.IcmpEchoNat;
import org.opendaylight.vias.nat.MappingConflictException;
import org.opendaylight.vias.nat.NatController;
import org.opendaylight.vias.nat.NatMapping;
import org.opendaylight.vias.nat.NatProtocol;
import org.opendaylight.vias.nat.NextHopResolver;
import org.opendaylight.vias.nat.PortAllocator;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.HostPort;
import org.opendaylight.vias.rules.Ipv4Prefix;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.service.rev130819.FlowRemoved;
import org.opendaylight.yang.gen.v1.urn.opendaylight.packet.service.rev130709.PacketReceived;
import org.opendaylight.yang.gen.v1.urn.opendaylight.packet.service.rev130709.TransmitPacket;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;
import org.opendaylight.yangtools.concepts.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NAT in the controller: a thin shell that feeds {@link NatController} (nat module) with OpenFlowPlugin's
 * packet-ins and flow-removed notifications and carries out its decisions: rules through the {@link RuleWriter}
 * (flow-mods and a barrier), packets through the {@code TransmitPacket} RPC. A packet that waits for rules (the
 * first packet of a flow) is sent once the switch confirmed them, so it cannot overtake them. It follows
 * {@code vias:config/nat} (mapped by {@link NatSetup}) and the managed bridges, keeps the desired NAT rule set per
 * bridge, publishes mappings and counters in the operational datastore ({@code vias:state/nat}) and offers what
 * {@code vias:nat} and the NAT RPCs do.
 *
 * <p>Everything runs on one thread ("vias-nat"): notifications are delivered on it, listener calls and operator
 * requests hop onto it. A notification that cannot be read is dropped and counted, never thrown.
 */
@Component(service = NatService.class, immediate = true)
public final class NatService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NatService.class);
    /** The cookie purposes whose rules this service owns on a managed bridge. */
    public static final Set<Cookie.Purpose> PURPOSES = EnumSet.of(Cookie.Purpose.NAT_OUTGOING,
        Cookie.Purpose.NAT_INCOMING, Cookie.Purpose.NAT_GATEWAY, Cookie.Purpose.PUNT);
    /** The purposes of a mapping's entries, whose packet counters the mapping list shows. */
    private static final Set<Cookie.Purpose> COUNTED = EnumSet.of(Cookie.Purpose.NAT_OUTGOING,
        Cookie.Purpose.NAT_INCOMING);
    /**
     * After a bridge (re)connects, the NAT rules it reports are reconciled this much later: OpenFlowPlugin registers
     * the switch's RPCs (the statistics request among them) once its handshake and first reads are done.
     */
    private static final long RECONCILE_DELAY_MILLIS = 4000;
    private static final long STATE_PERIOD_SECONDS = 2;
    private static final long REQUEST_TIMEOUT_SECONDS = 20;

    /** A mapping as operators see it. */
    public record MappingView(NatMapping mapping, Instant lastUsed, long packetsOut, long packetsIn) {
    }

    /** The NAT's counters and health. */
    public record Status(NatSetup setup, AllocatorCounters counters, int echoMappings, Map<DropReason, Long> drops,
            long unreadable, String lastError, Map<String, Map<Integer, NatController.NextHop>> nextHops) {
    }

    /** What an operator request could not do; the message names the field. */
    public static final class NatException extends Exception {
        private static final long serialVersionUID = 1L;

        public NatException(final String message) {
            super(message);
        }

        public NatException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    /** The NAT of one configuration: allocators and counters shared by every bridge. */
    private record Engine(NatSetup setup, PortAllocator ports, IcmpEchoNat echo, DropCounter drops) {
    }

    /** The NAT of one managed bridge and the mapping rules it wants there. */
    private static final class BridgeNat {
        final String nodeId;
        final NatController controller;
        final NextHopResolver hops;
        /** The mapping entries asked for and not known to be gone (confirmed or on their way). */
        final Map<String, FlowRule> mappingRules = new TreeMap<>();

        BridgeNat(final String nodeId, final NatController controller, final NextHopResolver hops) {
            this.nodeId = nodeId;
            this.controller = controller;
            this.hops = hops;
        }
    }

    private final ViasRuntime runtime;
    private final RuleWriter writer;
    private final TransmitPacket transmit;
    private final ScheduledExecutorService executor;
    private final NatStateWriter stateWriter;
    private final List<Registration> registrations = new ArrayList<>();
    private final AtomicLong unreadable = new AtomicLong();
    private final InstantSource clock = InstantSource.system();

    /**
     * Publishes {@code vias:state/nat}: off the NAT thread, so that reading the switch's counters and writing
     * mappings to the datastore never delays a first packet. Each publication writes only the mappings that changed
     * since the last one ({@link NatStateWriter}).
     */
    private final ExecutorService publisher;
    private final AtomicBoolean publishing = new AtomicBoolean();

    /** Written on the executor thread only; read elsewhere for snapshots (its allocators are thread-safe). */
    private volatile Engine engine;
    // confined to the executor thread
    private NatSetup setup;
    private String lastError;
    private final Map<String, BridgeNat> bridges = new TreeMap<>();

    @Activate
    public NatService(@Reference final ViasRuntime runtime, @Reference final RuleWriter writer,
            @Reference final DataBroker broker, @Reference final NotificationService notifications,
            @Reference final RpcConsumerRegistry rpcs, @Reference final RpcProviderService rpcProvider) {
        this.runtime = Objects.requireNonNull(runtime);
        this.writer = Objects.requireNonNull(writer);
        transmit = rpcs.getRpc(TransmitPacket.class);
        executor = Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder().setNameFormat("vias-nat").setDaemon(true).build());
        publisher = Executors.newSingleThreadExecutor(
            new ThreadFactoryBuilder().setNameFormat("vias-nat-state").setDaemon(true).build());
        stateWriter = new NatStateWriter(broker);
        registrations.add(notifications.registerListener(PacketReceived.class, this::onPacketReceived, executor));
        registrations.add(notifications.registerListener(FlowRemoved.class, this::onFlowRemoved, executor));
        registrations.add(NatRpcs.register(rpcProvider, this));
        registrations.add(runtime.addListener(new ViasRuntime.Listener() {
            @Override
            public void configChanged(final Config config, final ViasSettings settings) {
                executor.execute(() -> applyConfig(config));
            }

            @Override
            public void bridgeUpdated(final ViasRuntime.ConnectedBridge bridge) {
                executor.execute(() -> applyBridge(bridge));
            }

            @Override
            public void bridgeDisconnected(final String nodeId) {
                executor.execute(() -> bridges.remove(nodeId));
            }
        }));
        executor.scheduleWithFixedDelay(this::tick, STATE_PERIOD_SECONDS, STATE_PERIOD_SECONDS, TimeUnit.SECONDS);
        LOG.info("VIAS NAT service started");
    }

    @Deactivate
    @Override
    public void close() {
        for (Registration registration : registrations) {
            registration.close();
        }
        executor.shutdownNow();
        publisher.shutdownNow();
        LOG.info("VIAS NAT service stopped");
    }

    // ---- config and bridges ----

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void applyConfig(final Config config) {
        Optional<NatSetup> next;
        try {
            next = NatSetup.of(NatSetup.fields(config));
        } catch (IllegalArgumentException e) {
            // the commit cohort rejects such config; this covers config written before VIAS started
            LOG.warn("VIAS NAT: config not usable, NAT off: {}", e.getMessage());
            lastError = e.getMessage();
            next = Optional.empty();
        }
        if (Objects.equals(next.orElse(null), setup)) {
            return;
        }
        setup = next.orElse(null);
        bridges.clear();
        engine = setup == null ? null : newEngine(setup);
        LOG.info("VIAS NAT: {}", setup == null ? "off" : "on, " + setup);
        for (ViasRuntime.ConnectedBridge bridge : runtime.bridges().values()) {
            applyBridge(bridge);
        }
        tick();
    }

    private static Engine newEngine(final NatSetup setup) {
        // the host's own ports: reading them costs about 2 ms of CPU whatever the number of sockets (docs/scale.md),
        // too much for every new mapping
        final HostPortProbe probe = CachedPortProbe.ofHost();
        final DropCounter drops = new DropCounter();
        final PortAllocator ports = PortAllocator.forConfig(setup.nat(), probe, InstantSource.system());
        // echo identifiers come from the same range but are a separate pool (ICMP is no port of the host's)
        final IcmpEchoNat echo = new IcmpEchoNat(setup.nat(), PortAllocator.forConfig(setup.nat(), probe,
            InstantSource.system()), drops);
        return new Engine(setup, ports, echo, drops);
    }

    private void applyBridge(final ViasRuntime.ConnectedBridge bridge) {
        if (engine == null || !bridge.managed()) {
            bridges.remove(bridge.nodeId());
            writeRules(bridge.nodeId(), List.of());
            // NAT rules left from before a controller restart are only known from the switch's report
            executor.schedule(() -> reconcile(bridge.nodeId(), null), RECONCILE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        BridgeNat nat = bridges.get(bridge.nodeId());
        if (nat == null) {
            final NextHopResolver hops = new NextHopResolver(engine.setup().uplink(),
                engine.setup().upstreamGateway(), engine.setup().nat().gatewayMac(), clock,
                NextHopResolver.DEFAULT_TTL);
            nat = new BridgeNat(bridge.nodeId(), new NatController(engine.setup().nat(), engine.ports(),
                engine.echo(), engine.drops(), hops, new FlowTableGuard(clock)), hops);
            bridges.put(bridge.nodeId(), nat);
            // a bridge that (re)connected, or a controller that restarted, may hold NAT rules nobody wants any more
            // (or may have lost some): settle them against what the switch reports once its statistics are in
            final BridgeNat created = nat;
            executor.schedule(() -> reconcile(created.nodeId, created), RECONCILE_DELAY_MILLIS,
                TimeUnit.MILLISECONDS);
        }
        write(nat);
    }

    /** Makes the NAT rules on the bridge exactly the base rules and the live mapping entries. */
    private void write(final BridgeNat nat) {
        final List<FlowRule> rules = new ArrayList<>(nat.controller.baseRules());
        rules.addAll(nat.mappingRules.values());
        writeRules(nat.nodeId, rules);
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void writeRules(final String nodeId, final List<FlowRule> rules) {
        try {
            whenFailed(writer.replace(nodeId, PURPOSES, rules), "could not write the NAT rules of " + nodeId);
        } catch (RuntimeException e) {
            LOG.warn("VIAS NAT: could not write the NAT rules of {}", nodeId, e);
            lastError = "could not write the NAT rules of " + nodeId + ": " + e.getMessage();
        }
    }

    /** Notes a failed rule change in the log and the status (on the NAT thread). */
    private void whenFailed(final CompletableFuture<Void> change, final String what) {
        change.whenCompleteAsync((ok, failure) -> {
            if (failure != null) {
                LOG.warn("VIAS NAT: {}: {}", what, failure.getMessage());
                lastError = what + ": " + failure.getMessage();
            }
        }, executor);
    }

    /**
     * Settles the NAT rules bridge {@code nodeId} reports with the ones it should have: those of {@code nat}, or
     * none when {@code nat} is null (no NAT on that bridge). Does nothing when the bridge's NAT changed since.
     */
    @SuppressWarnings("checkstyle:IllegalCatch")
    private void reconcile(final String nodeId, final BridgeNat nat) {
        if (bridges.get(nodeId) != nat || !runtime.bridges().containsKey(nodeId)) {
            return;
        }
        final List<RuleQueue.Reported> reported = new ArrayList<>();
        try {
            for (ViasRuntime.OwnedFlow flow : runtime.ownedFlows(PURPOSES, Duration.ZERO)) {
                if (flow.nodeId().equals(nodeId)) {
                    reported.add(new RuleQueue.Reported(flow.tableId(), flow.cookie()));
                }
            }
        } catch (Exception e) {
            LOG.warn("VIAS NAT: cannot read the rules of {} to reconcile them; retrying", nodeId, e);
            executor.schedule(() -> reconcile(nodeId, nat), RECONCILE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        writer.reconcile(nodeId, PURPOSES, reported);
        if (nat == null) {
            writeRules(nodeId, List.of());
        } else {
            write(nat);
        }
    }

    // ---- packet-in, flow-removed ----

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void onPacketReceived(final PacketReceived packet) {
        final Optional<NatPackets.Punted> punted;
        try {
            punted = NatPackets.punted(packet);
        } catch (RuntimeException e) {
            unreadable.incrementAndGet();
            LOG.debug("VIAS NAT: unreadable packet-in", e);
            return;
        }
        if (punted.isEmpty()) {
            if (packet != null && packet.getFlowCookie() != null
                    && NatPackets.isNatPunt(packet.getFlowCookie().getValue().longValue())) {
                unreadable.incrementAndGet();
            }
            return;
        }
        final NatPackets.Punted p = punted.orElseThrow();
        final BridgeNat nat = bridges.get(p.nodeId());
        if (nat == null) {
            return;
        }
        final NatController.Decision decision = nat.controller.onPacketIn(p.inPort(), p.frame());
        carryOut(nat, p.inPort(), decision);
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void onFlowRemoved(final FlowRemoved removed) {
        final Optional<NatPackets.Expired> expired;
        try {
            expired = NatPackets.expired(removed);
        } catch (RuntimeException e) {
            unreadable.incrementAndGet();
            return;
        }
        if (expired.isEmpty()) {
            return;
        }
        final NatPackets.Expired e = expired.orElseThrow();
        final BridgeNat nat = bridges.get(e.nodeId());
        if (nat == null) {
            return;
        }
        final NatController.Decision decision = nat.controller.onFlowRemoved(e.cookie(), e.ruleName());
        // gone from the switch: neither there nor wanted (a later install of the same rule is a new add)
        if (e.ruleName() != null) {
            nat.mappingRules.remove(e.ruleName());
        } else {
            nat.mappingRules.values().removeIf(rule -> rule.cookie().value() == e.cookie());
        }
        writer.switchRemoved(nat.nodeId, e.cookie(), e.ruleName());
        carryOut(nat, 0, decision);
    }

    private void carryOut(final BridgeNat nat, final long inPort, final NatController.Decision decision) {
        if (bridges.get(nat.nodeId) != nat) {
            // the config or the bridge changed since: this decision belongs to a NAT that is gone
            return;
        }
        if (decision.error() != null) {
            lastError = decision.error();
        }
        if (decision.install().isEmpty()) {
            if (!decision.send().isEmpty()) {
                send(nat.nodeId, inPort, decision.send());
            }
            return;
        }
        for (FlowRule rule : decision.install()) {
            nat.mappingRules.put(rule.name(), rule);
        }
        // Every rule of the decision is sent, even one believed to be on the switch: a packet the switch punted
        // although its entry was installed means the entry is not (or no longer) there; an add of the same rule
        // is harmless. The packets go once the switch confirmed the rules, so they cannot overtake them.
        writer.install(nat.nodeId, decision.install()).whenCompleteAsync((ok, failure) -> {
            if (failure != null) {
                lastError = "rules refused by " + nat.nodeId + ", " + decision.send().size()
                    + " packet(s) dropped: " + failure.getMessage();
                for (FlowRule rule : decision.install()) {
                    nat.mappingRules.remove(rule.name(), rule);
                }
                if (bridges.get(nat.nodeId) == nat) {
                    // a refusal, counted; the mappings it leaves without entries give their ports back
                    for (NatMapping released : nat.controller.onRulesRefused(decision.install(),
                            failure.getMessage())) {
                        removeRulesOf(released);
                    }
                }
                return;
            }
            if (bridges.get(nat.nodeId) == nat && !decision.send().isEmpty()) {
                send(nat.nodeId, inPort, decision.send());
            }
        }, executor);
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void send(final String nodeId, final long inPort, final List<NatController.PacketOut> packets) {
        for (NatController.PacketOut out : packets) {
            try {
                transmit.invoke(NatPackets.transmit(nodeId, inPort, out)).addListener(() -> { }, Runnable::run);
            } catch (RuntimeException e) {
                LOG.warn("VIAS NAT: packet-out on {} failed", nodeId, e);
            }
        }
    }

    // ---- periodic work: idle echo ids, operational state ----

    /**
     * Ends idle echo identifiers, then has the state published on the publisher thread; a publication still under
     * way makes this one unneeded (the next tick, 2 s later, publishes what changed meanwhile).
     */
    @SuppressWarnings("checkstyle:IllegalCatch")
    private void tick() {
        final Engine current = engine;
        final Status status;
        try {
            if (current != null) {
                current.echo().expireIdle();
            }
            status = current == null ? null : status();
        } catch (RuntimeException e) {
            LOG.warn("VIAS NAT: periodic work failed", e);
            return;
        }
        if (!publishing.compareAndSet(false, true)) {
            return;
        }
        publisher.execute(() -> {
            try {
                stateWriter.write(current == null ? null : snapshot(current, false), status);
            } catch (RuntimeException e) {
                LOG.warn("VIAS NAT: could not publish the NAT state", e);
            } finally {
                publishing.set(false);
            }
        });
    }

    /**
     * The live mappings of {@code current}; on any thread. With {@code withCounters}, each with its entries' packet
     * counters from a reading of the switch at most {@link ViasRuntime#COUNTERS_MAX_AGE} old; without, the counters
     * are 0. The published state goes without: reading 20,000 entries' statistics for it is what delayed first packets
     * at 10,000 mappings (docs/scale.md), and the counters are read when someone asks for the list.
     */
    private List<MappingView> snapshot(final Engine current, final boolean withCounters) {
        final Map<Long, long[]> packets = withCounters ? entryPackets() : Map.of();
        final List<MappingView> out = new ArrayList<>();
        for (NatMapping m : current.ports().mappings()) {
            final long[] counts = packets.getOrDefault(m.id(), new long[2]);
            out.add(new MappingView(m, current.ports().lastUsed(m.id()).orElse(null), counts[0], counts[1]));
        }
        for (NatMapping m : current.echo().mappings()) {
            out.add(new MappingView(m, null, 0, 0));
        }
        return out;
    }

    /** Packets out and in of each mapping id, from the switch's statistics of the NAT entries; empty if unread. */
    @SuppressWarnings("checkstyle:IllegalCatch")
    private Map<Long, long[]> entryPackets() {
        final Map<Long, long[]> packets = new HashMap<>();
        try {
            for (ViasRuntime.OwnedFlow flow : runtime.ownedFlows(COUNTED, ViasRuntime.COUNTERS_MAX_AGE)) {
                final Cookie cookie;
                try {
                    cookie = Cookie.decode(flow.cookie());
                } catch (IllegalArgumentException e) {
                    continue;
                }
                // COUNTED: an entry is either outgoing or incoming
                final int direction = cookie.purpose() == Cookie.Purpose.NAT_OUTGOING ? 0 : 1;
                packets.computeIfAbsent(cookie.id(), id -> new long[2])[direction] += flow.packets();
            }
        } catch (Exception e) {
            LOG.debug("VIAS NAT: no flow statistics", e);
        }
        return packets;
    }

    private Status status() {
        final Map<String, Map<Integer, NatController.NextHop>> hops = new TreeMap<>();
        bridges.forEach((id, nat) -> hops.put(id, nat.hops.known()));
        return new Status(setup, engine == null ? null : engine.ports().counters(),
            engine == null ? 0 : engine.echo().mappings().size(),
            engine == null ? Map.of() : engine.drops().snapshot(), unreadable.get(), lastError, hops);
    }

    // ---- operator requests (vias:nat, RPCs) ----

    /** The live mappings with their switch counters (at most {@link ViasRuntime#COUNTERS_MAX_AGE} old). */
    public List<MappingView> mappings() throws NatException {
        final Engine current = engine;
        return current == null ? List.of() : snapshot(current, true);
    }

    /** Counters, drops by reason, next hops, and the config in force (null when NAT is off). */
    public Status currentStatus() throws NatException {
        return onNatThread(this::status);
    }

    /**
     * Adds a static mapping {@code protocol internal -> public-address:externalPort} on the managed bridge.
     *
     * @throws NatException naming the field when NAT is off, the input is bad, or the port/endpoint is taken
     */
    public NatMapping addStatic(final String protocol, final String internalAddress, final int internalPort,
            final int externalPort) throws NatException {
        final NatProtocol proto = protocol(protocol);
        final int address;
        try {
            address = Ipv4Prefix.parseAddress(internalAddress);
        } catch (IllegalArgumentException e) {
            throw new NatException("internal-address: '" + internalAddress + "' is not an IPv4 address", e);
        }
        checkPort("internal-port", internalPort);
        checkPort("external-port", externalPort);
        return onNatThread(() -> {
            final BridgeNat nat = activeBridge();
            final NatController.Added added;
            try {
                added = nat.controller.addStatic(proto, new HostPort(address, internalPort), externalPort);
            } catch (MappingConflictException e) {
                throw new NatException(e.getMessage().replaceFirst("^internal:", "internal-address:")
                    .replaceFirst("^externalPort:", "external-port:"), e);
            } catch (IllegalArgumentException e) {
                throw new NatException(e.getMessage().replaceFirst("^internal:", "internal-address:"), e);
            }
            carryOut(nat, 0, added.decision());
            tick();
            return added.mapping();
        });
    }

    /** Removes the mapping of public-address:{@code externalPort} and its rules. */
    public NatMapping remove(final String protocol, final int externalPort) throws NatException {
        final NatProtocol proto = protocol(protocol);
        checkPort("external-port", externalPort);
        return onNatThread(() -> {
            final BridgeNat nat = activeBridge();
            final NatMapping removed = nat.controller.remove(proto, externalPort).orElseThrow(() ->
                new NatException("external-port: no " + proto.lowerName() + " mapping of port " + externalPort));
            removeRulesOf(removed);
            tick();
            return removed;
        });
    }

    /** Removes the rules of a mapping that ended from every bridge that has them. */
    private void removeRulesOf(final NatMapping ended) {
        for (BridgeNat each : bridges.values()) {
            final List<FlowRule> gone = each.mappingRules.values().stream()
                .filter(rule -> isRuleOf(rule, ended)).toList();
            if (!gone.isEmpty()) {
                gone.forEach(rule -> each.mappingRules.remove(rule.name()));
                whenFailed(writer.remove(each.nodeId, gone), "could not remove the rules of mapping "
                    + ended.id() + " from " + each.nodeId);
            }
        }
    }

    private static boolean isRuleOf(final FlowRule rule, final NatMapping mapping) {
        final Cookie.Purpose purpose = rule.cookie().purpose();
        return rule.cookie().id() == mapping.id()
            && (purpose == Cookie.Purpose.NAT_OUTGOING || purpose == Cookie.Purpose.NAT_INCOMING);
    }

    private BridgeNat activeBridge() throws NatException {
        if (engine == null) {
            throw new NatException("nat/enabled: NAT is off (set vias:config/nat with enabled true and its addresses)"
                + (lastError == null ? "" : "; last problem: " + lastError));
        }
        if (bridges.isEmpty()) {
            throw new NatException("switch/bridge-name: no managed bridge is connected; NAT rules need one");
        }
        return bridges.values().iterator().next();
    }

    private static NatProtocol protocol(final String text) throws NatException {
        if ("tcp".equalsIgnoreCase(text)) {
            return NatProtocol.TCP;
        }
        if ("udp".equalsIgnoreCase(text)) {
            return NatProtocol.UDP;
        }
        throw new NatException("protocol: must be tcp or udp, was '" + text + "'");
    }

    private static void checkPort(final String field, final int port) throws NatException {
        if (port < 1 || port > 65535) {
            throw new NatException(field + ": must be 1..65535, was " + port);
        }
    }

    private interface NatCall<T> {
        T call() throws NatException;
    }

    private <T> T onNatThread(final NatCall<T> call) throws NatException {
        final Callable<T> task = call::call;
        try {
            return executor.submit(task).get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            final String message = e.getCause() instanceof NatException nat ? nat.getMessage()
                : "failed: " + e.getCause();
            throw new NatException(message, e);
        } catch (TimeoutException e) {
            throw new NatException("the NAT did not answer within " + REQUEST_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NatException("interrupted", e);
        }
    }
}
