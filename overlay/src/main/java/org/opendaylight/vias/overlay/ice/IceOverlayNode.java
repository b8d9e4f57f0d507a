/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.CertificateRejection;
import org.opendaylight.vias.overlay.counters.DropReason;
import org.opendaylight.vias.overlay.counters.LinkCounters;
import org.opendaylight.vias.overlay.counters.RejectionTotals;
import org.opendaylight.vias.overlay.dtls.DtlsLayer;
import org.opendaylight.vias.overlay.dtls.NodeIdentity;
import org.opendaylight.vias.overlay.dtls.OverlayTlsCrypto;
import org.opendaylight.vias.overlay.dtls.PeerAuthenticator;
import org.opendaylight.vias.overlay.dtls.PinnedFingerprint;
import org.opendaylight.vias.overlay.forwarding.SwitchTable;
import org.opendaylight.vias.overlay.link.PeerLink;
import org.opendaylight.vias.overlay.meter.NanoClock;
import org.opendaylight.vias.overlay.node.OverlayNode;
import org.opendaylight.vias.overlay.pki.CaTrust;
import org.opendaylight.vias.overlay.signal.SignalKind;
import org.opendaylight.vias.overlay.signal.SignalingClient;
import org.opendaylight.vias.overlay.signal.SignalingException;
import org.opendaylight.vias.overlay.signal.ViasSignal;
import org.opendaylight.vias.overlay.tap.FramePort;
import org.opendaylight.vias.overlay.tap.OffloadCounters;
import org.opendaylight.vias.overlay.tap.TapDevice;
import org.opendaylight.vias.overlay.tap.TapOffloads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A discovery-mode overlay node: the data plane of {@link OverlayNode} (TAP, switch table, DTLS links) with links
 * made by XMPP signaling + ICE instead of static peers. This class is the I/O shell: it feeds signaling messages, ICE
 * outcomes and link observations to the pure {@link LinkMachine} (which decides who offers, when a link is lost and
 * when to retry) and carries out the {@link LinkAction}s it returns. Topology is {@link LinkTopology}, the status
 * file {@link StatusFile}.
 *
 * <p>Links never depend on the XMPP connection: when the server goes away, links that are up stay up, and signaling
 * reconnects in the background.
 *
 * <p>All state changes run on one thread ("ice-node"); Smack and ice4j callbacks only post to it.
 */
public final class IceOverlayNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IceOverlayNode.class);
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /**
     * DTLS: no authentic record (keepalives every 5 s) for this long makes the layer re-handshake. A lost path is
     * noticed sooner, by {@link LinkMachine} from consent freshness.
     */
    private static final long DEAD_AFTER_MILLIS = 12_000;
    private static final long TICK_MILLIS = 200;

    /** The I/O side of one peer's current attempt. Only touched on the node thread. */
    private static final class Attempt {
        final long number;
        final IceSession session;
        /** Set once ICE selected a pair. */
        IceTransport transport;

        Attempt(long number, IceSession session) {
            this.number = number;
            this.session = session;
        }
    }

    private final IceNodeConfig config;
    private final NodeIdentity identity;
    /** The overlay CA, or null: then a peer is trusted by the fingerprint it announces (CA-less pinning). */
    private final CaTrust trust;
    private final TapDevice tap;
    private final OverlayNode node;
    private final RejectionTotals rejectionTotals = new RejectionTotals();
    private final SignalingClient signaling;
    private final JcaTlsCrypto crypto = OverlayTlsCrypto.create(new SecureRandom());
    private final LinkMachine machine;
    private final Map<Uid, Attempt> attempts = new HashMap<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "ice-node");
        t.setDaemon(true);
        return t;
    });
    /**
     * What the status text is made of, taken at each tick. The text itself is rendered when read: inside the
     * controller nothing reads it, and rendering it at every tick (five times a second) was work at rest for nobody.
     */
    private record StatusView(StatusFile.Header header, List<LinkMachine.PeerView> peers, Map<Uid, Boolean> linkUp) {
    }

    private volatile StatusView statusView;
    private volatile List<PeerStatus> peerStatus = List.of();
    /** The ICE transport of each peer's current attempt, refreshed with the status (for other threads). */
    private volatile Map<Uid, IceTransport> transports = Map.of();
    private DemandWatcher watcher;

    private IceOverlayNode(IceNodeConfig config, NodeIdentity identity, CaTrust trust, TapDevice tap,
            OverlayNode node) {
        this.config = config;
        this.identity = identity;
        this.trust = trust;
        this.tap = tap;
        this.node = node;
        this.machine = new LinkMachine(config.uid(), LinkTiming.DEFAULT, config.maxLinks(),
            config.idleSeconds() * 1000L, trust != null, NanoClock.SYSTEM, new SecureRandom());
        final Map<String, String> caps = new java.util.LinkedHashMap<>(config.capabilities());
        if (config.tapPrefix() >= 0) {
            caps.put("ip", Ipv4.format(config.tapAddress()));
        }
        this.signaling = new SignalingClient(config.signaling(),
            ViasSignal.presence(config.uid().toString(), advertisedFingerprint(), caps), new Listener());
    }

    /**
     * Opens the TAP, starts the data plane, logs in to XMPP and joins the overlay. A signaling error (wrong password,
     * unreachable server) is thrown as {@link SignalingException} after everything opened so far is closed again.
     */
    public static IceOverlayNode start(IceNodeConfig config) throws IOException, SignalingException {
        IceSession.excludeInterfaces(config.tapName());
        final CaTrust trust = config.trustCa() == null ? null
            : CaTrust.load(config.trustCa(), config.trustRevocations(), Clock.systemUTC());
        final NodeIdentity identity = trust != null ? trust.loadIdentity(config.identityDir(), config.uid())
            : NodeIdentity.loadOrCreate(config.identityDir(), config.uid());
        // the same TAP as a standalone node's (StandaloneNode): one queue here, the configured offloads
        final TapDevice tap = TapDevice.open(config.tapName(), 1, config.tapOffloads());
        OverlayNode node = null;
        try {
            tap.configure(macOf(config.uid()), config.tapMtu(), config.tapPrefix() < 0 ? null
                : Ipv4.toBytes(config.tapAddress()), Math.max(config.tapPrefix(), 0));
            final IceOverlayNode[] self = new IceOverlayNode[1];
            final DemandWatcher watcher = new DemandWatcher(tap.queue(0), peer -> {
                if (self[0] != null) {
                    self[0].post(() -> self[0].apply(self[0].machine.demand(peer)));
                }
            });
            final List<FramePort> ports = List.of(watcher);
            node = new OverlayNode(config.uid(), new SwitchTable(300_000, System::currentTimeMillis), ports,
                config.tapMtu() + 14);
            final IceOverlayNode n = new IceOverlayNode(config, identity, trust, tap, node);
            n.watcher = watcher;
            self[0] = n;
            node.start();
            warmUpIce();
            n.loop.execute(n.machine::loginStarted);
            n.signaling.connect();
            n.loop.scheduleWithFixedDelay(n::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
            if (trust != null) {
                // links re-check their peer every second, so a revocation ends a live link within ~2 s
                n.loop.scheduleWithFixedDelay(trust::refresh, 1, 1, TimeUnit.SECONDS);
            }
            n.loop.scheduleWithFixedDelay(n::writeStatus, config.statusIntervalSeconds(),
                config.statusIntervalSeconds(), TimeUnit.SECONDS);
            LOG.info("discovery node {} up: tap {} mtu {} (offloads {}), overlay {}, fingerprint {}", config.uid(),
                tap.name(), config.tapMtu(), tap.offloads(), config.signaling().roomJid(), identity.fingerprint());
            return n;
        } catch (IOException | SignalingException | RuntimeException e) {
            if (node != null) {
                node.close();
            }
            tap.close();
            throw e;
        }
    }

    /**
     * Loads and initialises ice4j (its config, harvesters, Kotlin runtime) in the background while XMPP logs in, so
     * the first real session does not pay ~1 s of class loading on the link-setup path.
     */
    private static void warmUpIce() {
        final Thread t = new Thread(() -> {
            try (IceSession s = IceSession.gather(new IceConfig(null, null, null, null), true, "warmup")) {
                s.localCandidates();
            } catch (IOException | RuntimeException e) {
                LOG.debug("ICE warm-up failed", e);
            }
        }, "ice-warmup");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Locally administered unicast MAC from a hash of the whole UID. The peers' data planes are learning switches
     * keyed by MAC: two nodes with one MAC would steal each other's traffic. (Taken from the UID's first bytes, it
     * was the same for all UIDs that differ only further on, such as the testbed's 00..01, 00..02, ...)
     */
    static byte[] macOf(Uid uid) {
        final byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(uid.toBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        return new byte[] {0x02, hash[0], hash[1], hash[2], hash[3], hash[4]};
    }

    public OverlayNode overlay() {
        return node;
    }

    /** The offloads the TAP was opened with. */
    public TapOffloads tapOffloads() {
        return tap.offloads();
    }

    /** What the TAP offloads did so far (GSO frames cut, segments joined, drops). */
    public OffloadCounters tapOffloadCounters() {
        return tap.offloadCounters();
    }

    /** See {@link TapDevice#allowCoalescing}: whoever attaches the TAP knows whether its reader takes GSO frames. */
    public void allowTapCoalescing(boolean allowed) {
        tap.allowCoalescing(allowed);
    }

    /** True if frames written to the TAP may currently be joined (GRO). */
    public boolean tapCoalescing() {
        return tap.coalescing();
    }

    public NodeIdentity identity() {
        return identity;
    }

    /** Time from XMPP connect to authenticated, ms. */
    public long loginMillis() {
        return signaling.loginMillis();
    }

    /** Asks for a link to {@code peer} beyond the all-to-all limit (an on-demand link). */
    public void requestLink(Uid peer) {
        post(() -> apply(machine.requestLink(peer)));
    }

    // ------------------------------------------------------------------------------------------- inputs

    private void post(Runnable task) {
        try {
            loop.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("node closed, event dropped");
        }
    }

    private final class Listener implements SignalingClient.Listener {
        @Override
        public void peerPresent(ViasSignal presence) {
            post(() -> onPresent(presence));
        }

        @Override
        public void peerGone(String uid) {
            post(() -> {
                try {
                    apply(machine.gone(Uid.parse(uid)));
                } catch (IllegalArgumentException e) {
                    LOG.warn("peer gone with a malformed uid {}: {}", uid, e.getMessage());
                }
            });
        }

        @Override
        public void signal(ViasSignal signal) {
            post(() -> apply(machine.signal(signal)));
        }

        @Override
        public void connected(boolean up) {
            LOG.info("signaling {}", up ? "connected" : "disconnected");
        }
    }

    private void onPresent(ViasSignal presence) {
        final Uid uid;
        try {
            uid = Uid.parse(presence.uid());
        } catch (IllegalArgumentException e) {
            LOG.warn("presence with a malformed uid {}: {}", presence.uid(), e.getMessage());
            return;
        }
        final String ip = presence.capabilities().get("ip");
        if (ip != null && watcher != null) {
            try {
                watcher.peerAddress(uid, Ipv4.parse(ip));
            } catch (IllegalArgumentException e) {
                LOG.warn("peer {}: {}", uid, e.getMessage());
            }
        }
        machine.signalingJoined(signaling.isJoined());
        apply(machine.present(uid, presence.capabilities()));
    }

    private void tick() {
        try {
            machine.signalingJoined(signaling.isJoined());
            apply(machine.tick(observe()));
            refreshStatus();
        } catch (RuntimeException e) {
            LOG.warn("node tick failed", e);
        }
    }

    /** What the data plane and ICE show of each peer's current attempt. */
    private Map<Uid, LinkObservation> observe() {
        final Map<Uid, PeerLink> links = node.links();
        final Map<Uid, LinkObservation> out = new HashMap<>();
        for (Map.Entry<Uid, Attempt> e : attempts.entrySet()) {
            final Attempt a = e.getValue();
            final IceTransport transport = a.transport;
            final PeerLink link = links.get(e.getKey());
            if (transport == null || link == null) {
                continue;
            }
            final LinkCounters.Snapshot c = link.counters().snapshot();
            out.put(e.getKey(), new LinkObservation(transport.isOpen(), link.isUp(), c.framesIn() + c.controlIn(),
                c.framesIn() + c.framesOut(), a.session.consentStamp()));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------- actions

    private void apply(List<LinkAction> actions) {
        for (LinkAction action : actions) {
            try {
                if (action instanceof LinkAction.Offer o) {
                    offer(o);
                } else if (action instanceof LinkAction.Answer a) {
                    answer(a);
                } else if (action instanceof LinkAction.Connect c) {
                    connect(c.peer(), c.attempt(), c.answer());
                } else if (action instanceof LinkAction.StartLink l) {
                    startLink(l);
                } else if (action instanceof LinkAction.TearDown t) {
                    tearDown(t.peer());
                } else if (action instanceof LinkAction.SendRequest r) {
                    send(new ViasSignal(SignalKind.REQUEST, config.uid().toString(), r.peer().toString(),
                        r.session(), null, null, null, List.of(), Map.of()));
                } else if (action instanceof LinkAction.SendBye b) {
                    send(new ViasSignal(SignalKind.BYE, config.uid().toString(), b.peer().toString(), b.session(),
                        null, null, null, List.of(), Map.of()));
                }
            } catch (RuntimeException e) {
                LOG.warn("{} failed", action, e);
            }
        }
    }

    private void send(ViasSignal s) {
        try {
            signaling.send(s);
        } catch (IOException e) {
            LOG.debug("{} not sent", s.kind(), e);
        }
    }

    private void offer(LinkAction.Offer o) {
        final IceSession session;
        try {
            session = IceSession.gather(config.ice(), true, shortName(o.peer()));
        } catch (IOException | RuntimeException e) {
            apply(machine.setupFailed(o.peer(), o.attempt(), "offer failed: " + e.getMessage()));
            return;
        }
        replaceAttempt(o.peer(), new Attempt(o.attempt(), session));
        try {
            signaling.send(new ViasSignal(SignalKind.OFFER, config.uid().toString(), o.peer().toString(), o.session(),
                session.ufrag(), session.password(), advertisedFingerprint(), session.localCandidates(),
                config.capabilities()));
            LOG.info("offer {} to {}: {} candidates", o.session(), o.peer(), session.localCandidates().size());
        } catch (IOException | RuntimeException e) {
            apply(machine.setupFailed(o.peer(), o.attempt(), "offer failed: " + e.getMessage()));
        }
    }

    private void answer(LinkAction.Answer a) {
        final ViasSignal offer = a.offer();
        try {
            final IceSession session = IceSession.gather(config.ice(), false, shortName(a.peer()));
            replaceAttempt(a.peer(), new Attempt(a.attempt(), session));
            signaling.send(new ViasSignal(SignalKind.ANSWER, config.uid().toString(), a.peer().toString(),
                offer.session(), session.ufrag(), session.password(), advertisedFingerprint(),
                session.localCandidates(), config.capabilities()));
            connect(a.peer(), a.attempt(), offer);
        } catch (IOException | RuntimeException e) {
            apply(machine.setupFailed(a.peer(), a.attempt(), "answer failed: " + e.getMessage()));
        }
    }

    private void connect(Uid peer, long attempt, ViasSignal remote) {
        final Attempt a = attempts.get(peer);
        if (a == null || a.number != attempt) {
            apply(machine.setupFailed(peer, attempt, "no ICE session for attempt " + attempt));
            return;
        }
        a.session.connect(remote.ufrag(), remote.pwd(), remote.candidates());
        a.session.established().whenComplete((transport, error) -> post(() -> {
            if (attempts.get(peer) != a) {
                return; // superseded: the session is closed already
            }
            if (error != null) {
                apply(machine.setupFailed(peer, attempt, error.getMessage()));
            } else {
                a.transport = transport;
                apply(machine.iceEstablished(peer, attempt, transport.path()));
            }
        }));
    }

    private void startLink(LinkAction.StartLink l) {
        final Attempt a = attempts.get(l.peer());
        if (a == null || a.number != l.attempt() || a.transport == null) {
            apply(machine.setupFailed(l.peer(), l.attempt(), "no ICE transport for attempt " + l.attempt()));
            return;
        }
        // with a CA the announced fingerprint is only a hint: the CA, the UID binding and the revocation list decide
        final PeerAuthenticator authenticator = trust != null ? trust.forPeer(l.peer())
            : new PinnedFingerprint(l.fingerprint());
        final LinkCounters counters = new LinkCounters(rejectionTotals);
        final DtlsLayer layer = new DtlsLayer(a.transport, crypto, identity, authenticator, l.dtlsClient(),
            counters, HANDSHAKE_TIMEOUT_MILLIS, DEAD_AFTER_MILLIS);
        node.removeLink(l.peer());
        node.addLink(l.peer(), layer, counters);
    }

    private void replaceAttempt(Uid peer, Attempt next) {
        final Attempt old = attempts.put(peer, next);
        if (old != null && old != next) {
            old.session.close();
        }
    }

    private void tearDown(Uid peer) {
        node.removeLink(peer);
        final Attempt a = attempts.remove(peer);
        if (a != null) {
            a.session.close();
        }
    }

    private String advertisedFingerprint() {
        return config.advertisedFingerprint() != null ? config.advertisedFingerprint()
            : identity.fingerprint().toString();
    }

    private static String shortName(Uid uid) {
        return uid.toString().substring(0, 8);
    }

    // ------------------------------------------------------------------------------------------- status

    /**
     * One peer as the node sees it, for the controller's operational state.
     *
     * @param overlayAddress the IPv4 address the peer announces ({@code cap.ip}), or null
     * @param state IDLE, OFFERED, CONNECTING or LINKED
     * @param linked the peer's secure link is up
     * @param path the ICE pair selected for the link, or null
     */
    public record PeerStatus(Uid uid, String overlayAddress, boolean present, String state, boolean linked,
            SelectedPath path, Map<String, String> capabilities, String lastError) {
    }

    /** Certificates refused in DTLS handshakes by reason, over all links and attempts since the node started. */
    public Map<CertificateRejection, Long> certificateRejections() {
        return rejectionTotals.snapshot();
    }

    /**
     * The counters of the node's links, with what each link's ICE transport dropped (datagrams before the link took
     * it over, datagrams for ice4j that found its queue full) added to the link's drops.
     */
    public Map<Uid, LinkCounters.Snapshot> linkCounters() {
        return withTransportDrops(node.linkCounters(), dropsOf(transports));
    }

    private static Map<Uid, Map<DropReason, Long>> dropsOf(Map<Uid, IceTransport> transports) {
        final Map<Uid, Map<DropReason, Long>> out = new HashMap<>();
        transports.forEach((peer, transport) -> out.put(peer, transport.drops()));
        return out;
    }

    /** {@code links}' counters, each with its peer's transport drops added (a peer without a link has none). */
    static Map<Uid, LinkCounters.Snapshot> withTransportDrops(Map<Uid, LinkCounters.Snapshot> links,
            Map<Uid, Map<DropReason, Long>> transportDrops) {
        final Map<Uid, LinkCounters.Snapshot> out = new HashMap<>();
        links.forEach((peer, counters) -> out.put(peer,
            counters.plusDrops(transportDrops.getOrDefault(peer, Map.of()))));
        return out;
    }

    /** The peers known to this node (seen in the room or signaling to it), refreshed every 200 ms. */
    public List<PeerStatus> peers() {
        return peerStatus;
    }

    /** The ICE pair selected for the link to {@code peer}, if a link is up or being set up over one. */
    public java.util.Optional<SelectedPath> selectedPath(Uid peer) {
        return peerStatus.stream().filter(p -> p.uid().equals(peer) && p.path() != null).findFirst()
            .map(PeerStatus::path);
    }

    private void refreshStatus() {
        final Map<Uid, IceTransport> current = new HashMap<>();
        attempts.forEach((peer, attempt) -> {
            if (attempt.transport != null) {
                current.put(peer, attempt.transport);
            }
        });
        transports = Map.copyOf(current);
        final Map<Uid, PeerLink> links = node.links();
        final List<LinkMachine.PeerView> views = machine.peers();
        final List<PeerStatus> out = new ArrayList<>(views.size());
        final Map<Uid, Boolean> up = new HashMap<>();
        for (LinkMachine.PeerView p : views) {
            final PeerLink link = links.get(p.uid());
            final boolean linked = link != null && link.isUp();
            up.put(p.uid(), linked);
            out.add(new PeerStatus(p.uid(), p.capabilities().get("ip"), p.present(), p.state().name(), linked,
                p.path(), p.capabilities(), p.lastError()));
        }
        peerStatus = List.copyOf(out);
        statusView = new StatusView(new StatusFile.Header(config.uid(), tap.name(), signaling.isJoined(),
            signaling.reconnectCount(), signaling.malformedCount() + machine.malformedSignals(), machine.pathsLost()),
            views, up);
    }

    /** The TAP offloads' line of the status text (as a standalone node's), empty without offloads. */
    private String tapOffloadLine() {
        return !tap.offloads().vnetHeader() ? "" : "tap-offloads " + tap.offloads() + (tap.coalescing() ? ""
            : " (joining off)") + ' ' + tap.offloadCounters() + '\n';
    }

    /** Human- and test-readable status: one line per peer with state, selected candidate types and counters. */
    public String statusText() {
        final StatusView view = statusView;
        return view == null ? "" : StatusFile.render(view.header(), view.peers(), linkCounters(), view.linkUp())
            + tapOffloadLine();
    }

    private void writeStatus() {
        final java.nio.file.Path file = config.statusFile();
        if (file == null) {
            return;
        }
        try {
            StatusFile.write(file, statusText());
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", file, e.toString());
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        signaling.close();
        for (Attempt a : attempts.values()) {
            a.session.close();
        }
        node.close();
        tap.close();
    }
}
