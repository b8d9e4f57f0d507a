/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.LinkCounters;
import org.opendaylight.vias.overlay.dtls.DtlsLayer;
import org.opendaylight.vias.overlay.dtls.Fingerprint;
import org.opendaylight.vias.overlay.dtls.NodeIdentity;
import org.opendaylight.vias.overlay.dtls.PeerAuthenticator;
import org.opendaylight.vias.overlay.dtls.PinnedFingerprint;
import org.opendaylight.vias.overlay.forwarding.SwitchTable;
import org.opendaylight.vias.overlay.link.PeerLink;
import org.opendaylight.vias.overlay.node.OverlayNode;
import org.opendaylight.vias.overlay.pki.CaTrust;
import org.opendaylight.vias.overlay.signal.SignalKind;
import org.opendaylight.vias.overlay.signal.SignalingClient;
import org.opendaylight.vias.overlay.signal.SignalingException;
import org.opendaylight.vias.overlay.signal.ViasSignal;
import org.opendaylight.vias.overlay.tap.FramePort;
import org.opendaylight.vias.overlay.tap.TapDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A discovery-mode overlay node: the data plane of {@link OverlayNode} (TAP, switch table, DTLS links) with links
 * made by XMPP signaling + ICE instead of static peers.
 *
 * <p>Per peer, the side with the smaller UID is ICE-controlling, DTLS client and the one that offers; the other
 * answers. A session that does not come up within {@link #SETUP_TIMEOUT_MILLIS}, or a link that goes down (DTLS
 * dead-peer detection after 12 s without an authentic record, ICE consent lost) for {@link #DOWN_GRACE_MILLIS}, is
 * torn down and offered again with exponential backoff (1 s doubling to 30 s). This is also how a NAT rebinding
 * (the selected pair's mapping changes) is survived: the old path dies, a fresh ICE session finds the new one. Links never depend on the XMPP connection: when the server goes away,
 * links that are up stay up, and signaling reconnects in the background.
 *
 * <p>Topology: all-to-all while the overlay has at most {@code topology.max-links} peers. Beyond that, a node keeps
 * links to the {@code max-links} peers nearest to it in UID order (a ring-like mesh) and makes others on demand
 * ({@link #requestLink}), removing on-demand links idle for {@code topology.idle-seconds}.
 *
 * <p>All state changes run on one thread ("ice-node"); Smack and ice4j callbacks only post to it.
 */
public final class IceOverlayNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IceOverlayNode.class);
    static final long SETUP_TIMEOUT_MILLIS = 20_000;
    static final long DOWN_GRACE_MILLIS = 3_000;
    static final long BACKOFF_MIN_MILLIS = 1_000;
    static final long BACKOFF_MAX_MILLIS = 30_000;
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /** DTLS: no authentic record (keepalives every 5 s) for this long means the path is dead. */
    private static final long DEAD_AFTER_MILLIS = 12_000;

    private enum State { IDLE, OFFERED, CONNECTING, LINKED }

    /** What the node knows about one peer. Only touched on the node thread. */
    private static final class Peer {
        final Uid uid;
        ViasSignal presence;
        boolean present;
        State state = State.IDLE;
        IceSession session;
        String sessionId;
        Fingerprint fingerprint;
        long stateSince;
        long downSince;
        long nextAttempt;
        int failures;
        boolean onDemand;
        boolean requested;
        boolean iRequested;
        long lastRequestSent;
        long lastFrames;
        long lastActivity;
        long setupStart;
        long setupMillis = -1;
        SelectedPath path;
        IceTransport transport;
        String lastError;

        Peer(Uid uid) {
            this.uid = uid;
        }
    }

    private final IceNodeConfig config;
    private final NodeIdentity identity;
    /** The overlay CA, or null: then a peer is trusted by the fingerprint it announces (CA-less pinning). */
    private final CaTrust trust;
    private final TapDevice tap;
    private final OverlayNode node;
    private final SignalingClient signaling;
    private final JcaTlsCrypto crypto = new JcaTlsCryptoProvider().create(new SecureRandom());
    private final Map<Uid, Peer> peers = new TreeMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile long loginStartMillis = now();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "ice-node");
        t.setDaemon(true);
        return t;
    });
    private volatile String statusText = "";
    private volatile List<PeerStatus> peerStatus = List.of();
    private DemandWatcher watcher;

    private IceOverlayNode(IceNodeConfig config, NodeIdentity identity, CaTrust trust, TapDevice tap,
            OverlayNode node) {
        this.config = config;
        this.identity = identity;
        this.trust = trust;
        this.tap = tap;
        this.node = node;
        final String advertised = config.advertisedFingerprint() != null ? config.advertisedFingerprint()
            : identity.fingerprint().toString();
        final Map<String, String> caps = new java.util.LinkedHashMap<>(config.capabilities());
        if (config.tapPrefix() >= 0) {
            caps.put("ip", Ipv4.format(config.tapAddress()));
        }
        this.signaling = new SignalingClient(config.signaling(),
            ViasSignal.presence(config.uid().toString(), advertised, caps), new Listener());
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
        final TapDevice tap = TapDevice.open(config.tapName(), 1);
        OverlayNode node = null;
        try {
            tap.configure(macOf(config.uid()), config.tapMtu(), config.tapPrefix() < 0 ? null
                : Ipv4.toBytes(config.tapAddress()), Math.max(config.tapPrefix(), 0));
            final IceOverlayNode[] self = new IceOverlayNode[1];
            final DemandWatcher watcher = new DemandWatcher(tap.queue(0), peer -> {
                if (self[0] != null) {
                    self[0].demand(peer);
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
            n.loginStartMillis = now();
            n.signaling.connect();
            n.loop.scheduleWithFixedDelay(n::tick, 200, 200, TimeUnit.MILLISECONDS);
            if (trust != null) {
                // links re-check their peer every second, so a revocation ends a live link within ~2 s
                n.loop.scheduleWithFixedDelay(trust::refresh, 1, 1, TimeUnit.SECONDS);
            }
            n.loop.scheduleWithFixedDelay(n::writeStatus, config.statusIntervalSeconds(),
                config.statusIntervalSeconds(), TimeUnit.SECONDS);
            LOG.info("discovery node {} up: tap {} mtu {}, overlay {}, fingerprint {}", config.uid(), tap.name(),
                config.tapMtu(), config.signaling().roomJid(), identity.fingerprint());
            return n;
        } catch (IOException | SignalingException | RuntimeException e) {
            if (node != null) {
                node.close();
            }
            tap.close();
            throw e;
        }
    }

    /** Traffic towards {@code peer} appeared on the TAP (called from the TAP reader: only posts). */
    private void demand(Uid peer) {
        post(() -> {
            final Peer p = peers.get(peer);
            if (p == null || p.state == State.LINKED && node.links().containsKey(peer)) {
                if (p != null) {
                    p.lastActivity = now();
                }
                return;
            }
            if (!p.onDemand) {
                LOG.info("traffic towards {}: asking for an on-demand link", peer);
            }
            p.onDemand = true;
            p.lastActivity = now();
            maybeOffer(p);
        });
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

    /** Locally administered unicast MAC from the UID's first five bytes. */
    static byte[] macOf(Uid uid) {
        final byte[] raw = uid.toBytes();
        return new byte[] {0x02, raw[0], raw[1], raw[2], raw[3], raw[4]};
    }

    public OverlayNode overlay() {
        return node;
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
        loop.execute(() -> {
            final Peer p = peers.computeIfAbsent(peer, Peer::new);
            p.onDemand = true;
            p.lastActivity = now();
            maybeOffer(p);
        });
    }

    // ------------------------------------------------------------------------------------------- signaling input

    private void post(Runnable task) {
        try {
            loop.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("node closed, signaling event dropped");
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
                final Peer p = peers.get(Uid.parse(uid));
                if (p != null) {
                    p.present = false;
                    LOG.info("peer {} left the overlay room (its link, if up, stays up)", uid);
                }
            });
        }

        @Override
        public void signal(ViasSignal signal) {
            post(() -> onSignal(signal));
        }

        @Override
        public void connected(boolean up) {
            LOG.info("signaling {}", up ? "connected" : "disconnected");
        }
    }

    private void onPresent(ViasSignal presence) {
        final Uid uid = Uid.parse(presence.uid());
        final Peer p = peers.computeIfAbsent(uid, Peer::new);
        final boolean first = p.presence == null;
        p.presence = presence;
        p.present = true;
        if (first) {
            LOG.info("peer {} joined: capabilities {}", uid, presence.capabilities());
        }
        final String ip = presence.capabilities().get("ip");
        if (ip != null && watcher != null) {
            try {
                watcher.peerAddress(uid, Ipv4.parse(ip));
            } catch (IllegalArgumentException e) {
                LOG.warn("peer {}: {}", uid, e.getMessage());
            }
        }
        maybeOffer(p);
    }

    private boolean controlling(Uid peer) {
        return config.uid().compareTo(peer) < 0;
    }

    /** Peers we keep links to: all, or the max-links nearest by UID XOR distance, plus on-demand/requested ones. */
    private boolean wanted(Peer p) {
        if (p.onDemand || p.requested) {
            return true;
        }
        return nearest(p);
    }

    private boolean nearest(Peer p) {
        final List<Uid> present = new ArrayList<>();
        peers.values().stream().filter(q -> q.present).forEach(q -> present.add(q.uid));
        if (present.size() <= config.maxLinks()) {
            return true;
        }
        final ByteBuffer self = ByteBuffer.wrap(config.uid().toBytes());
        present.sort(Comparator.comparing(u -> distance(self, ByteBuffer.wrap(u.toBytes()))));
        return present.subList(0, config.maxLinks()).contains(p.uid);
    }

    private static java.math.BigInteger distance(ByteBuffer a, ByteBuffer b) {
        final byte[] x = new byte[a.remaining()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (byte) (a.get(i) ^ b.get(i));
        }
        return new java.math.BigInteger(1, x);
    }

    private void maybeOffer(Peer p) {
        if (!controlling(p.uid)) {
            // the controlled side cannot offer: it asks the controlling peer to
            if (p.state == State.IDLE && p.present && wanted(p) && signaling.isJoined()
                    && now() - p.lastRequestSent > 5_000 && now() >= p.nextAttempt) {
                p.lastRequestSent = now();
                p.iRequested = true;
                p.sessionId = HexFormat.of().formatHex(random.generateSeed(4));
                try {
                    signaling.send(new ViasSignal(SignalKind.REQUEST, config.uid().toString(), p.uid.toString(),
                        p.sessionId, null, null, null, List.of(), Map.of()));
                } catch (IOException e) {
                    LOG.debug("request not sent", e);
                }
            }
            return;
        }
        if (p.state != State.IDLE || !p.present || now() < p.nextAttempt || !wanted(p)
                || !signaling.isJoined()) {
            return;
        }
        p.setupStart = now();
        try {
            final IceSession session = IceSession.gather(config.ice(), true, shortName(p.uid));
            p.session = session;
            p.sessionId = HexFormat.of().formatHex(random.generateSeed(8));
            setState(p, State.OFFERED);
            signaling.send(new ViasSignal(SignalKind.OFFER, config.uid().toString(), p.uid.toString(), p.sessionId,
                session.ufrag(), session.password(), advertisedFingerprint(), session.localCandidates(),
                config.capabilities()));
            LOG.info("offer {} to {}: {} candidates", p.sessionId, p.uid, session.localCandidates().size());
        } catch (IOException | RuntimeException e) {
            fail(p, "offer failed: " + e.getMessage());
        }
    }

    private String advertisedFingerprint() {
        return config.advertisedFingerprint() != null ? config.advertisedFingerprint()
            : identity.fingerprint().toString();
    }

    private void onSignal(ViasSignal s) {
        final Uid from;
        final Fingerprint fp;
        try {
            from = Uid.parse(s.uid());
            fp = s.fingerprint() == null ? null : Fingerprint.parse(s.fingerprint());
        } catch (IllegalArgumentException e) {
            LOG.warn("dropped {} from {}: {}", s.kind(), s.uid(), e.getMessage());
            return;
        }
        final Peer p = peers.computeIfAbsent(from, Peer::new);
        switch (s.kind()) {
            case OFFER -> {
                if (controlling(from)) {
                    LOG.warn("dropped offer from {}: it should answer, not offer (UID order)", from);
                    return;
                }
                teardown(p, null);
                p.setupStart = now();
                try {
                    final IceSession session = IceSession.gather(config.ice(), false, shortName(from));
                    p.session = session;
                    p.sessionId = s.session();
                    p.fingerprint = fp;
                    signaling.send(new ViasSignal(SignalKind.ANSWER, config.uid().toString(), from.toString(),
                        s.session(), session.ufrag(), session.password(), advertisedFingerprint(),
                        session.localCandidates(), config.capabilities()));
                    connect(p, s);
                } catch (IOException | RuntimeException e) {
                    fail(p, "answer failed: " + e.getMessage());
                }
            }
            case ANSWER -> {
                if (p.state != State.OFFERED || !s.session().equals(p.sessionId)) {
                    LOG.info("ignored stale answer {} from {}", s.session(), from);
                    return;
                }
                p.fingerprint = fp;
                connect(p, s);
            }
            case REQUEST -> {
                if (controlling(from)) {
                    p.requested = true;
                    maybeOffer(p);
                }
            }
            case BYE -> {
                if (s.session().equals(p.sessionId)) {
                    p.requested = false;
                    teardown(p, "peer said bye");
                }
            }
            default -> { }
        }
    }

    private void connect(Peer p, ViasSignal remote) {
        final IceSession session = p.session;
        setState(p, State.CONNECTING);
        session.connect(remote.ufrag(), remote.pwd(), remote.candidates());
        session.established().whenComplete((transport, error) -> post(() -> {
            if (p.session != session) {
                return; // superseded
            }
            if (error != null) {
                fail(p, error.getMessage());
            } else {
                linkUp(p, transport);
            }
        }));
    }

    private void linkUp(Peer p, IceTransport transport) {
        p.path = transport.path();
        p.transport = transport;
        final PeerAuthenticator authenticator;
        if (trust != null) {
            // the announced fingerprint is only a hint here: the CA, the UID binding and the revocation list decide
            authenticator = trust.forPeer(p.uid);
        } else if (p.fingerprint != null) {
            authenticator = new PinnedFingerprint(p.fingerprint);
        } else {
            fail(p, "peer announced no fingerprint and no trust.ca is configured");
            return;
        }
        final LinkCounters counters = new LinkCounters();
        final DtlsLayer layer = new DtlsLayer(transport, crypto, identity, authenticator, controlling(p.uid),
            counters, HANDSHAKE_TIMEOUT_MILLIS, DEAD_AFTER_MILLIS);
        node.removeLink(p.uid);
        node.addLink(p.uid, layer, counters);
        setState(p, State.LINKED);
        p.downSince = now();
        p.lastActivity = now();
        LOG.info("ICE path to {}: {}", p.uid, p.path);
    }

    // ------------------------------------------------------------------------------------------- monitoring

    private void tick() {
        try {
            final long now = now();
            for (Peer p : peers.values()) {
                switch (p.state) {
                    case IDLE -> maybeOffer(p);
                    case OFFERED, CONNECTING -> {
                        if (now - p.stateSince > SETUP_TIMEOUT_MILLIS) {
                            fail(p, "no link within " + SETUP_TIMEOUT_MILLIS / 1000 + " s (" + p.state + ")");
                        }
                    }
                    case LINKED -> checkLink(p, now);
                    default -> { }
                }
            }
            statusText = buildStatus();
            peerStatus = buildPeerStatus();
        } catch (RuntimeException e) {
            LOG.warn("node tick failed", e);
        }
    }

    private void checkLink(Peer p, long now) {
        final IceTransport transport = p.transport;
        if (transport != null && !transport.isOpen()) {
            // ICE consent lost (RFC 7675) or the socket died: the path is gone, start over now
            fail(p, "ICE path " + p.path + " lost (consent freshness)");
            return;
        }
        final PeerLink link = node.links().get(p.uid);
        if (link != null && link.isUp()) {
            if (p.setupMillis < 0) {
                p.setupMillis = now - p.setupStart;
                p.failures = 0;
                // the line the setup-time benchmark and the tests read
                LOG.info("link-up peer={} path=\"{}\" setup_ms={} since_login_ms={}", p.uid, p.path, p.setupMillis,
                    now - loginStartMillis);
            }
            p.downSince = now;
            final LinkCounters.Snapshot c = link.counters().snapshot();
            final long frames = c.framesIn() + c.framesOut();
            if (frames != p.lastFrames) {
                p.lastFrames = frames;
                p.lastActivity = now;
            }
            // Beyond the all-to-all limit, a link that is not to one of our nearest peers is removed when idle, by
            // the side that wanted it: the controlling side for its own links (made while the overlay was small, or on
            // demand), the controlled side for links it requested. A link the peer requested is the peer's call.
            final boolean mine = controlling(p.uid) ? !p.requested : p.onDemand || p.iRequested;
            if (mine && !nearest(p) && now - p.lastActivity > config.idleSeconds() * 1000L) {
                LOG.info("on-demand link to {} idle for {} s: removing", p.uid, config.idleSeconds());
                sendBye(p);
                p.onDemand = false;
                p.requested = false;
                p.iRequested = false;
                teardown(p, null);
            }
            return;
        }
        if (now - p.downSince > (p.setupMillis < 0 ? SETUP_TIMEOUT_MILLIS : DOWN_GRACE_MILLIS)) {
            fail(p, p.setupMillis < 0 ? "DTLS did not come up over " + p.path
                + " (wrong fingerprint or peer unreachable)" : "link down");
        }
    }

    private void sendBye(Peer p) {
        if (p.sessionId == null) {
            return;
        }
        try {
            signaling.send(new ViasSignal(SignalKind.BYE, config.uid().toString(), p.uid.toString(), p.sessionId,
                null, null, null, List.of(), Map.of()));
        } catch (IOException e) {
            LOG.debug("bye not sent", e);
        }
    }

    private void fail(Peer p, String reason) {
        p.failures++;
        final long backoff = Math.min(BACKOFF_MAX_MILLIS, BACKOFF_MIN_MILLIS << Math.min(p.failures - 1, 8));
        LOG.warn("link to {} failed: {}; retry in {} ms", p.uid, reason, backoff);
        p.lastError = reason;
        teardown(p, null);
        p.nextAttempt = now() + backoff;
    }

    private void teardown(Peer p, String reason) {
        if (reason != null) {
            LOG.info("link to {} torn down: {}", p.uid, reason);
        }
        node.removeLink(p.uid);
        final IceSession s = p.session;
        p.session = null;
        p.path = null;
        p.transport = null;
        p.setupMillis = -1;
        if (s != null) {
            s.close();
        }
        setState(p, State.IDLE);
    }

    private void setState(Peer p, State state) {
        p.state = state;
        p.stateSince = now();
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
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

    /** The peers known to this node (seen in the room or signaling to it), refreshed every 200 ms. */
    public List<PeerStatus> peers() {
        return peerStatus;
    }

    /** The ICE pair selected for the link to {@code peer}, if a link is up or being set up over one. */
    public java.util.Optional<SelectedPath> selectedPath(Uid peer) {
        return peerStatus.stream().filter(p -> p.uid().equals(peer) && p.path() != null).findFirst()
            .map(PeerStatus::path);
    }

    private List<PeerStatus> buildPeerStatus() {
        final Map<Uid, PeerLink> links = node.links();
        final List<PeerStatus> out = new ArrayList<>(peers.size());
        for (Peer p : peers.values()) {
            final PeerLink link = links.get(p.uid);
            final Map<String, String> caps = p.presence == null ? Map.of() : p.presence.capabilities();
            out.add(new PeerStatus(p.uid, caps.get("ip"), p.present, p.state.name(), link != null && link.isUp(),
                p.path, caps, p.lastError));
        }
        return List.copyOf(out);
    }

    /** Human- and test-readable status: one line per peer with state, selected candidate types and counters. */
    public String statusText() {
        return statusText;
    }

    private String buildStatus() {
        final StringBuilder b = new StringBuilder();
        b.append("node ").append(config.uid()).append(" tap=").append(tap.name()).append(" xmpp=")
            .append(signaling.isJoined() ? "joined" : "disconnected").append(" reconnects=")
            .append(signaling.reconnectCount()).append(" malformed=").append(signaling.malformedCount()).append('\n');
        final Map<Uid, PeerLink> links = node.links();
        for (Peer p : peers.values()) {
            final PeerLink link = links.get(p.uid);
            b.append("peer ").append(p.uid).append(" state=").append(p.state)
                .append(" link=").append(link != null && link.isUp() ? "up" : "down")
                .append(" present=").append(p.present);
            if (p.path != null) {
                b.append(" local=").append(p.path.localType()).append(" remote=").append(p.path.remoteType())
                    .append(p.path.relayed() ? " relayed" : " direct").append(" path=\"").append(p.path)
                    .append('"');
            }
            if (p.setupMillis >= 0) {
                b.append(" setup_ms=").append(p.setupMillis);
            }
            if (p.lastError != null) {
                b.append(" last_error=\"").append(p.lastError).append('"');
            }
            if (link != null) {
                b.append(' ').append(link.counters().snapshot());
            }
            b.append('\n');
        }
        return b.toString();
    }

    private void writeStatus() {
        final java.nio.file.Path file = config.statusFile();
        if (file == null) {
            return;
        }
        try {
            final java.nio.file.Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                out.write(statusText);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
        for (Peer p : peers.values()) {
            if (p.session != null) {
                p.session.close();
            }
        }
        node.close();
        tap.close();
    }
}
