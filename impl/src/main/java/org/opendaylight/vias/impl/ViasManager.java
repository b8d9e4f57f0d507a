/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.DataObjectModification.ModificationType;
import org.opendaylight.mdsal.binding.api.DataTreeIdentifier;
import org.opendaylight.mdsal.binding.api.DataTreeModification;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.vias.impl.config.ConfigMapper;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.impl.inventory.BridgeInventory;
import org.opendaylight.vias.impl.inventory.BridgeTracker;
import org.opendaylight.vias.impl.inventory.OwnedFlowReader;
import org.opendaylight.vias.impl.pipeline.BasePipeline;
import org.opendaylight.vias.impl.pipeline.BridgeStateWriter;
import org.opendaylight.vias.impl.pipeline.PipelineWriter;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.Nodes;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.nodes.Node;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VIAS controller's event loop: follows {@code vias:config} (CONFIGURATION) and the bridges that connect over
 * OpenFlow (OPERATIONAL inventory, read by {@link BridgeTracker}), and on every change, in the order they arrive on
 * one thread, has the {@link PipelineWriter} make each managed bridge's pipeline what the config says, the
 * {@link BridgeStateWriter} publish the bridge, and then tells the {@link Listener}s (NAT, bypass, overlay). Bad
 * config never gets here: {@code config.ConfigValidation} vetoes it inside the commit.
 */
@Component(service = ViasRuntime.class, immediate = true)
public final class ViasManager implements ViasRuntime, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ViasManager.class);

    private final PipelineWriter pipeline;
    private final BridgeStateWriter stateWriter;
    private final OwnedFlowReader flowReader;
    private final ExecutorService executor;
    private final BridgeTracker bridges = new BridgeTracker();
    private final RuntimeListeners listeners = new RuntimeListeners();
    private final Registration configRegistration;
    private final Registration nodeRegistration;
    private volatile ViasSettings settings = ViasSettings.DEFAULTS;
    private volatile Config config;

    @Activate
    public ViasManager(@Reference final DataBroker broker, @Reference final PipelineWriter pipeline,
            @Reference final BridgeStateWriter stateWriter, @Reference final OwnedFlowReader flowReader) {
        this.pipeline = Objects.requireNonNull(pipeline);
        this.stateWriter = Objects.requireNonNull(stateWriter);
        this.flowReader = Objects.requireNonNull(flowReader);
        executor = Executors.newSingleThreadExecutor(
            new ThreadFactoryBuilder().setNameFormat("vias-manager").setDaemon(true).build());
        configRegistration = broker.registerDataTreeChangeListener(
            DataTreeIdentifier.create(LogicalDatastoreType.CONFIGURATION, InstanceIdentifier.create(Config.class)),
            this::onConfigChanged);
        nodeRegistration = broker.registerDataTreeChangeListener(
            DataTreeIdentifier.create(LogicalDatastoreType.OPERATIONAL,
                InstanceIdentifier.create(Nodes.class).child(Node.class)),
            this::onNodesChanged);
        LOG.info("VIAS started (version {})", version());
    }

    @Deactivate
    @Override
    public void close() {
        nodeRegistration.close();
        configRegistration.close();
        executor.shutdownNow();
        LOG.info("VIAS stopped");
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
            listeners.notify(listener -> listener.configChanged(raw, current));
            reconcileAll();
        });
    }

    private void onNodesChanged(final Collection<DataTreeModification<Node>> changes) {
        for (DataTreeModification<Node> change : changes) {
            final String nodeId = change.getRootPath().getRootIdentifier().firstKeyOf(Node.class).getId().getValue();
            final Node after = change.getRootNode().getModificationType() == ModificationType.DELETE ? null
                : change.getRootNode().getDataAfter();
            final BridgeTracker.Change what = bridges.update(nodeId, BridgeInventory.observe(after),
                name -> settings.manages(name));
            switch (what) {
                case DISCONNECTED -> {
                    LOG.info("VIAS: bridge {} disconnected", nodeId);
                    executor.execute(() -> {
                        stateWriter.remove(nodeId);
                        pipeline.forget(nodeId);
                        listeners.notify(listener -> listener.bridgeDisconnected(nodeId));
                    });
                }
                case CONNECTED -> {
                    LOG.info("VIAS: bridge {} ({}) connected", nodeId, bridges.get(nodeId)
                        .map(ConnectedBridge::name).orElse(null));
                    executor.execute(() -> reconcile(nodeId));
                }
                case PORTS_CHANGED -> {
                    LOG.info("VIAS: bridge {} ports now {}", nodeId, bridges.get(nodeId)
                        .map(ConnectedBridge::ports).orElse(Map.of()));
                    // The uplink isolation rules name port numbers: rewrite the pipeline (reconcile also tells the
                    // listeners, whose rules may name ports too).
                    executor.execute(() -> reconcile(nodeId));
                }
                default -> {
                    // nothing VIAS follows changed (counters, statistics)
                }
            }
        }
    }

    @Override
    public Registration addListener(final Listener listener) {
        Objects.requireNonNull(listener);
        executor.execute(() -> listeners.add(listener, config, settings, bridges.all().values()));
        return () -> listeners.remove(listener);
    }

    private void reconcileAll() {
        for (String nodeId : bridges.all().keySet()) {
            reconcile(nodeId);
        }
    }

    /** Makes bridge {@code nodeId}'s pipeline and state what the config says, then tells the listeners. */
    @SuppressWarnings("checkstyle:IllegalCatch")
    private void reconcile(final String nodeId) {
        final ViasSettings current = settings;
        final ConnectedBridge bridge = bridges.get(nodeId)
            .flatMap(found -> bridges.setManaged(nodeId, current.manages(found.name()))).orElse(null);
        if (bridge == null) {
            return;
        }
        final List<FlowRule> desired = bridge.managed() ? BasePipeline.rules(current, bridge) : List.of();
        try {
            pipeline.write(nodeId, desired);
            stateWriter.write(nodeId, bridge.name(), desired.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            LOG.warn("VIAS: could not write the pipeline of {}", nodeId, e);
        }
        // the bridge may have disconnected meanwhile
        bridges.get(nodeId).ifPresent(updated -> listeners.notify(listener -> listener.bridgeUpdated(updated)));
    }

    @Override
    public ViasSettings settings() {
        return settings;
    }

    @Override
    public Map<String, ConnectedBridge> bridges() {
        return bridges.all();
    }

    @Override
    public List<OwnedFlow> ownedFlows(final Set<Cookie.Purpose> purposes, final Duration maxAge) throws Exception {
        return flowReader.read(bridges.all().keySet(), purposes, maxAge);
    }

    @Override
    public void reinstallPipeline() {
        executor.execute(this::reconcileAll);
    }

    @Override
    public String version() {
        return ComponentVersions.vias();
    }
}
