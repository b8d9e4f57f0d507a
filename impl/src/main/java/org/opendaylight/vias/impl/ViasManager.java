/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.DataObjectModification.ModificationType;
import org.opendaylight.mdsal.binding.api.DataTreeIdentifier;
import org.opendaylight.mdsal.binding.api.DataTreeModification;
import org.opendaylight.mdsal.binding.api.ReadTransaction;
import org.opendaylight.mdsal.binding.api.WriteTransaction;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.mdsal.dom.api.DOMDataBroker;
import org.opendaylight.mdsal.dom.api.DOMDataTreeCommitCohortRegistry;
import org.opendaylight.mdsal.dom.api.DOMDataTreeIdentifier;
import org.opendaylight.vias.impl.config.ConfigCohort;
import org.opendaylight.vias.impl.config.ConfigMapper;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.impl.flow.FlowTranslator;
import org.opendaylight.vias.impl.flow.InventoryPaths;
import org.opendaylight.vias.impl.flow.RuleWriter;
import org.opendaylight.vias.impl.pipeline.BasePipeline;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.OfctlFormat;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Counter64;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.FlowCapableNode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.FlowCapableNodeConnector;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.Table;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.table.Flow;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.statistics.rev130819.FlowStatisticsData;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.statistics.rev130819.flow.statistics.FlowStatistics;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.Nodes;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.node.NodeConnector;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.nodes.Node;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.State;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.Bridge;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.BridgeBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.BridgeKey;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VIAS controller core: follows {@code vias:config} (CONFIGURATION) and the bridges that connect over OpenFlow
 * (OPERATIONAL inventory), and keeps the {@link BasePipeline} written into the CONFIG inventory of every managed
 * bridge, from where the Forwarding Rules Manager pushes it (and pushes it again after a reconnect). A config
 * change recomputes the pipeline and rewrites only what differs. Bad config never gets here: {@link ConfigCohort}
 * vetoes it inside the commit.
 *
 * <p>All datastore work runs on one thread, in the order events arrive.
 */
@Component(service = ViasRuntime.class, immediate = true)
public final class ViasManager implements ViasRuntime, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ViasManager.class);
    private static final long TIMEOUT_SECONDS = 15;
    private static final Set<Cookie.Purpose> PIPELINE = EnumSet.of(Cookie.Purpose.PIPELINE);

    private record FlowSlot(short table, String name) {
    }

    private final DataBroker broker;
    private final ExecutorService executor;
    private final Map<String, ConnectedBridge> bridges = new ConcurrentHashMap<>();
    /** The pipeline committed last, per node and flow id, to show each rule next to the switch's counters. */
    private final Map<String, Map<String, FlowRule>> pipelineWritten = new ConcurrentHashMap<>();
    private final RuleWriter ruleWriter;
    private final Registration configRegistration;
    private final Registration nodeRegistration;
    private final Registration cohortRegistration;
    private volatile ViasSettings settings = ViasSettings.DEFAULTS;
    private volatile Config config;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public ViasManager(@Reference final DataBroker broker, @Reference final DOMDataBroker domBroker,
            @Reference final RuleWriter ruleWriter) {
        this.broker = Objects.requireNonNull(broker);
        this.ruleWriter = Objects.requireNonNull(ruleWriter);
        executor = Executors.newSingleThreadExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "vias-manager");
            thread.setDaemon(true);
            return thread;
        });
        cohortRegistration = registerCohort(domBroker);
        configRegistration = broker.registerDataTreeChangeListener(
            DataTreeIdentifier.create(LogicalDatastoreType.CONFIGURATION, InstanceIdentifier.create(Config.class)),
            this::onConfigChanged);
        nodeRegistration = broker.registerDataTreeChangeListener(
            DataTreeIdentifier.create(LogicalDatastoreType.OPERATIONAL,
                InstanceIdentifier.create(Nodes.class).child(Node.class)),
            this::onNodesChanged);
        LOG.info("VIAS started (version {}), validating config commits: {}", version(), cohortRegistration != null);
    }

    private Registration registerCohort(final DOMDataBroker domBroker) {
        if (domBroker == null) {
            return null;
        }
        final DOMDataTreeCommitCohortRegistry registry =
            domBroker.getExtensions().getInstance(DOMDataTreeCommitCohortRegistry.class);
        if (registry == null) {
            LOG.warn("VIAS: the data broker offers no commit cohorts; semantic config checks are off");
            return null;
        }
        return registry.registerCommitCohort(
            new DOMDataTreeIdentifier(LogicalDatastoreType.CONFIGURATION, ConfigCohort.CONFIG_PATH),
            new ConfigCohort(this::connectedBridgeNames));
    }

    @Deactivate
    @Override
    public void close() {
        for (Registration reg : new Registration[] {nodeRegistration, configRegistration, cohortRegistration}) {
            if (reg != null) {
                reg.close();
            }
        }
        executor.shutdownNow();
        LOG.info("VIAS stopped");
    }

    private Collection<String> connectedBridgeNames() {
        final List<String> names = new ArrayList<>();
        for (ConnectedBridge bridge : bridges.values()) {
            if (bridge.name() != null) {
                names.add(bridge.name());
            }
        }
        return names;
    }

    private void onConfigChanged(final Collection<DataTreeModification<Config>> changes) {
        Config after = null;
        for (DataTreeModification<Config> change : changes) {
            after = change.getRootNode().getDataAfter();
        }
        final ViasSettings next = ConfigMapper.toSettings(after);
        LOG.info("VIAS config now {}", next);
        settings = next;
        config = after;
        executor.execute(() -> {
            final Config raw = config;
            final ViasSettings current = settings;
            notifyListeners(listener -> listener.configChanged(raw, current));
            reconcileAll();
        });
    }

    private void onNodesChanged(final Collection<DataTreeModification<Node>> changes) {
        for (DataTreeModification<Node> change : changes) {
            final String nodeId = change.getRootPath().getRootIdentifier().firstKeyOf(Node.class).getId().getValue();
            final Node after = change.getRootNode().getModificationType() == ModificationType.DELETE ? null
                : change.getRootNode().getDataAfter();
            if (after == null || after.augmentation(FlowCapableNode.class) == null) {
                if (bridges.remove(nodeId) != null) {
                    LOG.info("VIAS: bridge {} disconnected", nodeId);
                    executor.execute(() -> {
                        removeState(nodeId);
                        notifyListeners(listener -> listener.bridgeDisconnected(nodeId));
                    });
                }
                continue;
            }
            final String name = localPortName(after);
            final ConnectedBridge previous = bridges.get(nodeId);
            final ConnectedBridge next = new ConnectedBridge(nodeId, name, settings.manages(name), portNumbers(after),
                localMac(after));
            if (previous == null || !Objects.equals(previous.name(), name)) {
                LOG.info("VIAS: bridge {} ({}) connected", nodeId, name);
                bridges.put(nodeId, next);
                executor.execute(() -> reconcile(nodeId));
            } else if (!previous.ports().equals(next.ports())
                    || !Objects.equals(previous.localMac(), next.localMac())) {
                LOG.info("VIAS: bridge {} ({}) ports now {}", nodeId, name, next.ports());
                bridges.put(nodeId, new ConnectedBridge(nodeId, name, previous.managed(), next.ports(),
                    next.localMac()));
                // The uplink isolation rules name port numbers: rewrite the pipeline (reconcile also tells the
                // listeners, whose rules may name ports too).
                executor.execute(() -> reconcile(nodeId));
            }
        }
    }

    /** The bridge's name: OVS names the LOCAL port after its bridge. */
    static String localPortName(final Node node) {
        for (NodeConnector connector : node.nonnullNodeConnector().values()) {
            if (connector.getId() != null && connector.getId().getValue().endsWith(":LOCAL")) {
                final FlowCapableNodeConnector fc = connector.augmentation(FlowCapableNodeConnector.class);
                return fc == null ? null : fc.getName();
            }
        }
        return null;
    }

    /** Port numbers by name; LOCAL and ports without a number are left out. */
    static Map<String, Long> portNumbers(final Node node) {
        final Map<String, Long> out = new TreeMap<>();
        for (NodeConnector connector : node.nonnullNodeConnector().values()) {
            final FlowCapableNodeConnector fc = connector.augmentation(FlowCapableNodeConnector.class);
            if (fc == null || fc.getName() == null || fc.getPortNumber() == null
                    || fc.getPortNumber().getUint32() == null) {
                continue;
            }
            out.put(fc.getName(), fc.getPortNumber().getUint32().toJava());
        }
        return out;
    }

    static String localMac(final Node node) {
        for (NodeConnector connector : node.nonnullNodeConnector().values()) {
            if (connector.getId() != null && connector.getId().getValue().endsWith(":LOCAL")) {
                final FlowCapableNodeConnector fc = connector.augmentation(FlowCapableNodeConnector.class);
                return fc == null || fc.getHardwareAddress() == null ? null : fc.getHardwareAddress().getValue();
            }
        }
        return null;
    }

    @Override
    public Registration addListener(final Listener listener) {
        Objects.requireNonNull(listener);
        executor.execute(() -> {
            listeners.add(listener);
            callSafely(listener, l -> l.configChanged(config, settings));
            for (ConnectedBridge bridge : new TreeMap<>(bridges).values()) {
                callSafely(listener, l -> l.bridgeUpdated(bridge));
            }
        });
        return () -> listeners.remove(listener);
    }

    private void notifyListeners(final Consumer<Listener> call) {
        for (Listener listener : listeners) {
            callSafely(listener, call);
        }
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private static void callSafely(final Listener listener, final Consumer<Listener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            // One failing component (NAT, bypass) must not stop the others from hearing of the change.
            LOG.warn("VIAS: listener {} failed", listener, e);
        }
    }

    private void reconcileAll() {
        for (String nodeId : new ArrayList<>(bridges.keySet())) {
            reconcile(nodeId);
        }
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void reconcile(final String nodeId) {
        final ConnectedBridge bridge = bridges.get(nodeId);
        if (bridge == null) {
            return;
        }
        final ViasSettings current = settings;
        final boolean managed = current.manages(bridge.name());
        bridges.computeIfPresent(nodeId, (id, old) -> new ConnectedBridge(id, old.name(), managed, old.ports(),
            old.localMac()));
        final List<FlowRule> desired = managed ? BasePipeline.rules(current, bridges.get(nodeId)) : List.of();
        try {
            writePipeline(nodeId, desired);
            writeState(nodeId, bridge.name(), desired.size());
        } catch (Exception e) {
            LOG.warn("VIAS: could not write the pipeline of {}", nodeId, e);
        }
        final ConnectedBridge updated = bridges.get(nodeId);
        if (updated != null) {
            notifyListeners(listener -> listener.bridgeUpdated(updated));
        }
    }

    /**
     * Makes the pipeline rules on bridge {@code nodeId} exactly {@code rules} in the CONFIG inventory, from where the
     * Forwarding Rules Manager pushes them and pushes them again after every reconnect. Reads the bridge's CONFIG
     * inventory: fine for the pipeline, which changes only with the config or the bridge's ports (the rules that
     * change per flow go through the {@link RuleWriter}). On the manager's thread only.
     */
    private void writePipeline(final String nodeId, final List<FlowRule> rules) throws Exception {
        final Set<Cookie.Purpose> purposes = PIPELINE;
        final Map<FlowSlot, Flow> existing = new HashMap<>();
        try (ReadTransaction rtx = broker.newReadOnlyTransaction()) {
            final Optional<FlowCapableNode> node = rtx.read(LogicalDatastoreType.CONFIGURATION,
                InventoryPaths.flowCapableNode(nodeId)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (node.isPresent()) {
                for (Table table : node.orElseThrow().nonnullTable().values()) {
                    for (Flow flow : table.nonnullFlow().values()) {
                        final long cookie = cookieOf(flow);
                        if (Cookie.isVias(cookie) && hasPurpose(cookie, purposes)) {
                            existing.put(new FlowSlot(table.getId().toJava(), flow.getId().getValue()), flow);
                        }
                    }
                }
            }
        }
        final WriteTransaction tx = broker.newWriteOnlyTransaction();
        final Set<FlowSlot> stale = new HashSet<>(existing.keySet());
        int changes = 0;
        for (FlowRule rule : rules) {
            final FlowSlot slot = new FlowSlot(rule.table().id(), rule.name());
            stale.remove(slot);
            final Flow flow = FlowTranslator.toFlow(rule, nodeId);
            if (!flow.equals(existing.get(slot))) {
                tx.mergeParentStructurePut(LogicalDatastoreType.CONFIGURATION,
                    InventoryPaths.flow(nodeId, slot.table(), slot.name()), flow);
                changes++;
            }
        }
        for (FlowSlot slot : stale) {
            tx.delete(LogicalDatastoreType.CONFIGURATION, InventoryPaths.flow(nodeId, slot.table(), slot.name()));
            changes++;
        }
        if (changes == 0) {
            tx.cancel();
        } else {
            tx.commit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        // only what the datastore holds: the listing must not show a pipeline whose commit failed
        final Map<String, FlowRule> committed = new ConcurrentHashMap<>();
        rules.forEach(rule -> committed.put(rule.name(), rule));
        pipelineWritten.put(nodeId, committed);
        if (changes == 0) {
            return;
        }
        LOG.info("VIAS: {} rule change(s) of {} on {} ({} rules, {} removed)", changes, purposes, nodeId,
            rules.size(), stale.size());
    }

    private static boolean hasPurpose(final long cookie, final Set<Cookie.Purpose> purposes) {
        try {
            return purposes.contains(Cookie.decode(cookie).purpose());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static long cookieOf(final Flow flow) {
        return flow.getCookie() == null ? 0 : flow.getCookie().getValue().longValue();
    }

    private void writeState(final String nodeId, final String name, final int rules) throws Exception {
        final WriteTransaction tx = broker.newWriteOnlyTransaction();
        tx.mergeParentStructurePut(LogicalDatastoreType.OPERATIONAL, statePath(nodeId), new BridgeBuilder()
            .setNodeId(nodeId).setBridgeName(name).setPipelineRules(Uint32.valueOf(rules)).build());
        tx.commit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void removeState(final String nodeId) {
        final WriteTransaction tx = broker.newWriteOnlyTransaction();
        tx.delete(LogicalDatastoreType.OPERATIONAL, statePath(nodeId));
        try {
            tx.commit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("VIAS: could not remove state of {}", nodeId, e);
        }
    }

    private static InstanceIdentifier<Bridge> statePath(final String nodeId) {
        return InstanceIdentifier.create(State.class).child(Bridge.class, new BridgeKey(nodeId));
    }

    @Override
    public ViasSettings settings() {
        return settings;
    }

    @Override
    public Map<String, ConnectedBridge> bridges() {
        return new TreeMap<>(bridges);
    }

    @Override
    public List<OwnedFlow> ownedFlows() throws Exception {
        final List<OwnedFlow> out = new ArrayList<>();
        try (ReadTransaction rtx = broker.newReadOnlyTransaction()) {
            for (String nodeId : new TreeMap<>(bridges).keySet()) {
                final Optional<FlowCapableNode> node = rtx.read(LogicalDatastoreType.OPERATIONAL,
                    InventoryPaths.flowCapableNode(nodeId)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (node.isEmpty()) {
                    continue;
                }
                final Map<String, FlowRule> mine = new HashMap<>(ruleWriter.confirmed(nodeId));
                mine.putAll(pipelineWritten.getOrDefault(nodeId, Map.of()));
                for (Table table : node.orElseThrow().nonnullTable().values()) {
                    for (Flow flow : table.nonnullFlow().values()) {
                        final long cookie = cookieOf(flow);
                        if (!Cookie.isVias(cookie)) {
                            continue;
                        }
                        final FlowStatisticsData data = flow.augmentation(FlowStatisticsData.class);
                        final FlowStatistics stats = data == null ? null : data.getFlowStatistics();
                        final String name = flow.getId().getValue();
                        final FlowRule rule = mine.get(name);
                        // the flow id only names our rule if the cookie agrees (ids are reused after a restart)
                        final boolean ours = rule != null && rule.cookie().value() == cookie;
                        out.add(new OwnedFlow(nodeId, table.getId().toJava(), name,
                            flow.getPriority() == null ? 0 : flow.getPriority().toJava(), cookie,
                            stats == null ? 0 : count(stats.getPacketCount()),
                            stats == null ? 0 : count(stats.getByteCount()),
                            ours ? OfctlFormat.rule(rule) : ""));
                    }
                }
            }
        }
        out.sort(Comparator.comparing(OwnedFlow::nodeId).thenComparing(OwnedFlow::tableId)
            .thenComparing(Comparator.comparing(OwnedFlow::priority).reversed()).thenComparing(OwnedFlow::name));
        return out;
    }

    private static long count(final Counter64 counter) {
        return counter == null ? 0 : counter.getValue().longValue();
    }

    @Override
    public void reinstallPipeline() {
        executor.execute(this::reconcileAll);
    }

    @Override
    public String version() {
        final Bundle bundle = FrameworkUtil.getBundle(ViasManager.class);
        return bundle == null ? "unknown" : bundle.getVersion().toString();
    }

    /** Versions of the main components in this controller, by bundle symbolic name. */
    public static Map<String, String> componentVersions() {
        final Map<String, String> out = new LinkedHashMap<>();
        out.put("karaf", System.getProperty("karaf.version", "unknown"));
        out.put("java", System.getProperty("java.version"));
        final Bundle self = FrameworkUtil.getBundle(ViasManager.class);
        if (self == null) {
            return out;
        }
        final String[][] wanted = {
            {"vias-impl", "org.opendaylight.vias.vias-impl"},
            {"openflowplugin", "org.opendaylight.openflowplugin.openflowplugin-impl"},
            {"openflowplugin-frm", "org.opendaylight.openflowplugin.applications.forwardingrules-manager"},
            {"mdsal", "org.opendaylight.mdsal.mdsal-binding-api"},
            {"controller", "org.opendaylight.controller.sal-distributed-datastore"},
            {"restconf", "org.opendaylight.netconf.restconf-nb"},
            {"yangtools", "org.opendaylight.yangtools.yang-common"},
        };
        for (String[] entry : wanted) {
            for (Bundle bundle : self.getBundleContext().getBundles()) {
                if (entry[1].equals(bundle.getSymbolicName())) {
                    out.put(entry[0], bundle.getVersion().toString());
                    break;
                }
            }
        }
        return out;
    }
}
