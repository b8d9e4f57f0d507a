/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.overlay;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.opendaylight.aaa.encrypt.AAAEncryptionService;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.vias.impl.ViasRuntime;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.impl.security.SecretSeal;
import org.opendaylight.vias.overlay.ControlChannel;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.ice.IceNodeConfig;
import org.opendaylight.vias.overlay.ice.IceOverlayNode;
import org.opendaylight.vias.overlay.ice.IceSession;
import org.opendaylight.vias.overlay.ice.SelectedPath;
import org.opendaylight.vias.overlay.node.FrameObserver;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;
import org.opendaylight.yangtools.concepts.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay node embedded in the controller. It follows {@code vias:config} through {@link ViasRuntime}: when the
 * {@link OverlaySettings} (identity, xmpp, stun, turn) change it stops the running node and starts one with the new
 * settings; other config changes leave it alone. The node's TAP is attached to the managed OVS bridge
 * ({@code switch/bridge-name}, or the only bridge connected when none is named) and detached when the node stops.
 * Peers, links and counters go to the OPERATIONAL {@code vias:state} every {@value #STATE_INTERVAL_SECONDS} s and
 * when a link goes up or down.
 *
 * <p>Starting a node blocks (TAP, XMPP login), so everything runs on this service's own thread, never on the
 * manager's. A start that fails (XMPP server unreachable, no permission for the TAP) is retried with backoff
 * while the config stays the same; the reason is in the log and in {@code vias:state/overlay-node/status}.
 */
@Component(service = OverlayRuntime.class, immediate = true)
public final class OverlayService implements OverlayRuntime, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OverlayService.class);
    static final long STATE_INTERVAL_SECONDS = 2;
    private static final long RETRY_MIN_SECONDS = 5;
    private static final long RETRY_MAX_SECONDS = 60;

    private final ViasRuntime runtime;
    private final OverlayStateWriter stateWriter;
    private final OvsPort ovs;
    private final Path home;
    private final ScheduledExecutorService executor;
    private final ControlFacade control = new ControlFacade();
    private final FrameObservers observers = new FrameObservers();
    private final List<LinkListener> linkListeners = new CopyOnWriteArrayList<>();
    private final Registration listenerRegistration;

    // only touched on the executor thread
    private Optional<OverlaySettings> wanted = Optional.empty();
    private OverlaySettings runningSettings;
    private String wantedBridge;
    private String attachedBridge;
    private ScheduledFuture<?> retry;
    private int failures;
    private String status = "not configured (set xmpp host, domain, user and password)";
    private String offReason;

    // read from any thread
    private volatile IceOverlayNode node;
    private volatile Uid selfUid;
    private volatile boolean closed;

    @Activate
    public OverlayService(@Reference final ViasRuntime runtime, @Reference final DataBroker broker,
            @Reference final AAAEncryptionService encryption) {
        this(runtime, new OverlayStateWriter(broker), new OvsPort(System.getenv()),
            Path.of(System.getProperty("karaf.home", ".")), SecretSeal.of(encryption));
    }

    OverlayService(final ViasRuntime runtime, final OverlayStateWriter stateWriter, final OvsPort ovs,
            final Path home, final SecretSeal seal) {
        this.runtime = Objects.requireNonNull(runtime);
        this.stateWriter = stateWriter;
        this.ovs = ovs;
        this.home = home;
        executor = Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder().setNameFormat("vias-overlay").setDaemon(true).build());
        executor.scheduleWithFixedDelay(this::publishState, STATE_INTERVAL_SECONDS, STATE_INTERVAL_SECONDS,
            TimeUnit.SECONDS);
        listenerRegistration = runtime.addListener(new ViasRuntime.Listener() {
            @Override
            public void configChanged(final Config config, final ViasSettings settings) {
                post(() -> onConfig(OverlaySettings.of(config, seal), OverlaySettings.whyOff(config, seal),
                    settings.bridgeName().orElse(null)));
            }

            @Override
            public void bridgeUpdated(final ViasRuntime.ConnectedBridge bridge) {
                post(OverlayService.this::attachTap);
            }
        });
        LOG.info("VIAS overlay service started");
    }

    private void post(final Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("overlay service closed, task dropped");
        }
    }

    // ------------------------------------------------------------------------------------------ node life cycle

    private void onConfig(final Optional<OverlaySettings> settings, final String whyOff, final String bridge) {
        final boolean bridgeChanged = !Objects.equals(bridge, wantedBridge);
        wantedBridge = bridge;
        offReason = whyOff;
        if (!settings.equals(wanted)) {
            wanted = settings;
            failures = 0;
            LOG.info("VIAS overlay config changed: {}", settings.map(Object::toString).orElse("overlay off"));
            restart();
        } else if (bridgeChanged) {
            attachTap();
        }
    }

    private void restart() {
        cancelRetry();
        stopNode();
        if (wanted.isEmpty()) {
            status = offReason != null ? offReason : "not configured";
            publishState();
            return;
        }
        startNode(wanted.orElseThrow());
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void startNode(final OverlaySettings settings) {
        final Thread thread = Thread.currentThread();
        final ClassLoader tccl = thread.getContextClassLoader();
        try {
            final Uid uid = settings.uid() != null ? Uid.parse(settings.uid()) : generatedUid(settings);
            final IceNodeConfig config = settings.toNodeConfig(uid, home);
            status = "starting";
            // Smack finds its XML parser with ServiceLoader through the context class loader: make it the overlay
            // bundle's (Smack is embedded there); threads the node starts inherit it.
            thread.setContextClassLoader(IceOverlayNode.class.getClassLoader());
            // Without switch/uplink-port the bridge's LOCAL port belongs to the overlay's L2 segment (it may carry an
            // overlay address): no host candidate there. With an uplink, LOCAL is the host's underlay interface (the
            // underlay address sits on the bridge), the one ICE must use.
            if (runtime.settings().uplinkPort().isEmpty()) {
                targetBridge().ifPresent(IceSession::excludeInterfaces);
            }
            final IceOverlayNode started = IceOverlayNode.start(config);
            started.overlay().setLinkStateListener(this::onLinkState);
            observers.publishTo(started.overlay()::setFrameObserver);
            control.attach(started.overlay());
            node = started;
            selfUid = uid;
            runningSettings = settings;
            failures = 0;
            status = "running";
            LOG.info("VIAS overlay node {} running, TAP {} (fingerprint {})", uid, settings.tapName(),
                started.identity().fingerprint());
            attachTap();
        } catch (Exception e) {
            failures++;
            final long delay = Math.min(RETRY_MAX_SECONDS, RETRY_MIN_SECONDS << Math.min(failures - 1, 4));
            status = "failed: " + e.getMessage() + " (retry in " + delay + " s)";
            LOG.error("VIAS overlay node did not start: {}; retrying in {} s", e.getMessage(), delay, e);
            retry = executor.schedule(() -> {
                if (node == null && wanted.isPresent()) {
                    startNode(wanted.orElseThrow());
                }
            }, delay, TimeUnit.SECONDS);
        } finally {
            thread.setContextClassLoader(tccl);
        }
        publishState();
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void stopNode() {
        final IceOverlayNode running = node;
        if (running == null) {
            return;
        }
        node = null;
        control.detach();
        observers.stopPublishing();
        try {
            running.close();
        } catch (RuntimeException e) {
            LOG.warn("VIAS overlay node did not close cleanly", e);
        }
        if (attachedBridge != null) {
            try {
                ovs.detach(attachedBridge, runningSettings.tapName());
                LOG.info("VIAS overlay: TAP {} removed from bridge {}", runningSettings.tapName(), attachedBridge);
            } catch (IOException e) {
                LOG.warn("VIAS overlay: could not remove TAP {} from bridge {}: {}", runningSettings.tapName(),
                    attachedBridge, e.getMessage());
            }
            attachedBridge = null;
        }
        selfUid = null;
        runningSettings = null;
        status = "stopped";
        LOG.info("VIAS overlay node stopped");
    }

    /** The bridge the TAP belongs on: switch/bridge-name, else the only managed bridge connected. */
    private Optional<String> targetBridge() {
        if (wantedBridge != null) {
            return Optional.of(wantedBridge);
        }
        final List<String> managed = runtime.bridges().values().stream()
            .filter(ViasRuntime.ConnectedBridge::managed).map(ViasRuntime.ConnectedBridge::name)
            .filter(Objects::nonNull).distinct().toList();
        return managed.size() == 1 ? Optional.of(managed.get(0)) : Optional.empty();
    }

    private void attachTap() {
        if (node == null) {
            return;
        }
        final String tap = runningSettings.tapName();
        final Optional<String> bridge = targetBridge();
        if (bridge.equals(Optional.ofNullable(attachedBridge))) {
            return;
        }
        if (attachedBridge != null) {
            try {
                ovs.detach(attachedBridge, tap);
            } catch (IOException e) {
                LOG.warn("VIAS overlay: could not remove TAP {} from bridge {}: {}", tap, attachedBridge,
                    e.getMessage());
            }
            attachedBridge = null;
        }
        if (bridge.isEmpty()) {
            status = "running; TAP " + tap + " not attached: no managed bridge (set switch/bridge-name or connect "
                + "exactly one bridge)";
            LOG.warn("VIAS overlay: {}", status);
            return;
        }
        try {
            // decided before the port exists, so no joined frame reaches a datapath that would drop it
            allowJoinedFrames(node, bridge.orElseThrow());
            ovs.attach(bridge.orElseThrow(), tap);
            attachedBridge = bridge.orElseThrow();
            status = "running";
            LOG.info("VIAS overlay: TAP {} is a port of bridge {} (TAP offloads {}, joined writes {})", tap,
                attachedBridge, node.tapOffloads(), node.tapCoalescing() ? "on" : "off");
        } catch (IOException e) {
            status = "running; TAP " + tap + " not attached to bridge " + bridge.orElseThrow() + ": "
                + e.getMessage();
            LOG.error("VIAS overlay: {}", status);
        }
        publishState();
    }

    /** GRO on the TAP only where the bridge's datapath takes GSO frames; off if that cannot be found out. */
    private void allowJoinedFrames(final IceOverlayNode running, final String bridge) {
        boolean joined;
        try {
            joined = ovs.takesJoinedFrames(bridge);
        } catch (IOException e) {
            joined = false;
            LOG.warn("VIAS overlay: cannot tell whether bridge {} takes GSO frames ({}); TAP writes stay unjoined",
                bridge, e.getMessage());
        }
        running.allowTapCoalescing(joined);
    }

    // ------------------------------------------------------------------------------------------ state

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void onLinkState(final Uid peer, final boolean up) {
        for (LinkListener listener : linkListeners) {
            try {
                if (up) {
                    listener.linkUp(peer);
                } else {
                    listener.linkDown(peer);
                }
            } catch (RuntimeException e) {
                LOG.warn("link listener {} failed on {} {}", listener, peer, up ? "up" : "down", e);
            }
        }
        post(this::publishState);
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void publishState() {
        if (closed) {
            return;
        }
        final IceOverlayNode running = node;
        final Map<String, Long> rejected = new TreeMap<>();
        if (running != null) {
            running.certificateRejections().forEach((reason, n) -> rejected.put(reason.name(), n));
        }
        final OverlayStateWriter.NodeStatus nodeStatus = new OverlayStateWriter.NodeStatus(running != null, status,
            selfUid, running == null ? null : runningSettings.tapName(), attachedBridge, rejected);
        try {
            stateWriter.write(nodeStatus, running == null ? List.of() : running.peers(), links());
        } catch (Exception e) {
            LOG.warn("VIAS overlay: writing vias:state failed: {}", e.toString());
        }
    }

    /** What the node is doing, or why it does not run. */
    public String status() {
        return status;
    }

    /** The bridge the TAP is a port of, when attached. */
    public Optional<String> attachedBridge() {
        return Optional.ofNullable(attachedBridge);
    }

    // ------------------------------------------------------------------------------------------ OverlayRuntime

    @Override
    public boolean running() {
        return node != null;
    }

    @Override
    public Optional<Uid> self() {
        return Optional.ofNullable(selfUid);
    }

    @Override
    public ControlChannel controlChannel() {
        return control;
    }

    @Override
    public Registration addFrameObserver(final FrameObserver observer) {
        return observers.add(Objects.requireNonNull(observer));
    }

    @Override
    public Registration addLinkListener(final LinkListener listener) {
        linkListeners.add(Objects.requireNonNull(listener));
        return () -> linkListeners.remove(listener);
    }

    @Override
    public Optional<String> tapName() {
        final OverlaySettings settings = runningSettings;
        return node == null || settings == null ? Optional.empty() : Optional.of(settings.tapName());
    }

    @Override
    public Optional<SelectedPath> selectedPath(final Uid peer) {
        final IceOverlayNode running = node;
        if (running == null || !running.overlay().reachablePeers().contains(peer)) {
            return Optional.empty();
        }
        return running.selectedPath(peer);
    }

    @Override
    public List<PeerView> peers() {
        final IceOverlayNode running = node;
        return running == null ? List.of() : OverlayViews.peers(running.peers());
    }

    @Override
    public List<LinkView> links() {
        final IceOverlayNode running = node;
        return running == null ? List.of()
            : OverlayViews.links(running.peers(), running.linkCounters());
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The UID kept in {@code identity-dir/uid}, created (random) on first use ({@link OverlayFiles#uid}). */
    private Uid generatedUid(final OverlaySettings settings) throws IOException {
        final OverlayFiles files = new OverlayFiles(settings.identityPath(home), null, null, null);
        final boolean created = files.uidIsNew();
        final Uid uid = files.uid();
        if (created) {
            LOG.info("VIAS overlay: generated UID {} in {}", uid, files.identityDir().resolve("uid"));
        }
        return uid;
    }

    @Deactivate
    @Override
    @SuppressWarnings("checkstyle:IllegalCatch")
    public void close() {
        closed = true;
        listenerRegistration.close();
        try {
            executor.submit(() -> {
                cancelRetry();
                stopNode();
                try {
                    stateWriter.clear();
                } catch (Exception e) {
                    LOG.debug("clearing vias:state failed", e);
                }
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("VIAS overlay: stopping the node failed", e);
        }
        executor.shutdownNow();
        LOG.info("VIAS overlay service stopped");
    }
}
