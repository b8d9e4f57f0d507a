/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.dtls.Fingerprint;
import org.opendaylight.vias.overlay.meter.NanoClock;
import org.opendaylight.vias.overlay.signal.ViasSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-peer link state machine of a discovery node, without I/O: inputs are signaling messages, ICE outcomes,
 * link observations and timer ticks (all values, time from an injected clock); outputs are {@link LinkAction}s the
 * shell ({@link IceOverlayNode}) carries out. Not thread-safe: the shell calls it from one thread.
 *
 * <p>Per peer, the side with the smaller UID is ICE-controlling, DTLS client and the one that offers; the other
 * answers, or asks for an offer with a REQUEST. A set-up that does not finish within {@link LinkTiming#setupTimeout}
 * fails and is retried with exponential backoff.
 *
 * <p>A link that was up is watched for signs of life: each ICE consent-freshness response and each authenticated
 * record from the peer. Silence for {@link LinkTiming#silence} (about four consent intervals) means the path is
 * gone — typically a NAT rebinding or conntrack flush, which changes our public mapping so that the peer's packets
 * no longer reach us and ours no longer pass the peer's NAT. The link is then made again at once, without backoff:
 * a fresh ICE session gathers the new server-reflexive mapping and the peer learns it in the OFFER/ANSWER. (The
 * known candidates cannot be reused: behind a port-restricted NAT the peer must learn the new mapping through
 * signaling before either side's packets can pass; see docs/link-recovery.md.) A REQUEST from the controlled peer
 * while our link is up also means the peer has lost it, and is answered with a new offer at once.
 *
 * <p>Links never depend on signaling: a peer that leaves the room keeps its link.
 */
public final class LinkMachine {
    private static final Logger LOG = LoggerFactory.getLogger(LinkMachine.class);
    private static final long NEVER = Long.MIN_VALUE / 4;

    /** Where a peer's link is. */
    public enum State { IDLE, OFFERED, CONNECTING, LINKED }

    /**
     * One peer as the machine sees it.
     *
     * @param capabilities the peer's presence capabilities (empty before presence)
     * @param setupMillis  time from offer/answer to the secure link up, or -1 while not up
     */
    public record PeerView(Uid uid, boolean present, State state, SelectedPath path, long setupMillis,
            Map<String, String> capabilities, String lastError) {
    }

    /** What the machine knows about one peer. */
    private static final class Peer {
        final Uid uid;
        Map<String, String> capabilities = Map.of();
        boolean hasPresence;
        boolean present;
        State state = State.IDLE;
        long attempt;
        String sessionId;
        Fingerprint fingerprint;
        long stateSince;
        long downSince;
        long nextAttempt = NEVER;
        int failures;
        boolean onDemand;
        boolean requested;
        boolean iRequested;
        long lastRequestSent = NEVER;
        long lastFrames;
        long lastActivity;
        long setupStart;
        long setupMillis = -1;
        SelectedPath path;
        String lastError;
        long lastInbound;
        long lastConsent;
        long lastHeard;

        Peer(Uid uid) {
            this.uid = uid;
        }
    }

    private final Uid self;
    private final LinkTiming timing;
    private final LinkTopology topology;
    private final long idleMillis;
    private final boolean caTrust;
    private final NanoClock clock;
    private final RandomGenerator random;
    private final Map<Uid, Peer> peers = new TreeMap<>();
    private long nextAttemptNumber = 1;
    private boolean joined;
    private long loginStart;
    private long malformedSignals;
    private long pathsLost;

    /**
     * A machine for node {@code self}.
     *
     * @param maxLinks   peers linked without being asked (topology.max-links)
     * @param caTrust    peers are authenticated by the overlay CA; else by the fingerprint each announces
     * @param idleMillis an on-demand link beyond the topology idle this long is removed
     */
    public LinkMachine(Uid self, LinkTiming timing, int maxLinks, long idleMillis, boolean caTrust, NanoClock clock,
            RandomGenerator random) {
        this.self = self;
        this.timing = timing;
        this.topology = new LinkTopology(self, maxLinks);
        this.idleMillis = idleMillis;
        this.caTrust = caTrust;
        this.clock = clock;
        this.random = random;
        this.loginStart = now();
    }

    private long now() {
        return clock.nanoTime() / 1_000_000;
    }

    // ------------------------------------------------------------------------------------------- inputs

    /** The signaling client joined or left the overlay room: offers and requests only go out while joined. */
    public List<LinkAction> signalingJoined(boolean isJoined) {
        joined = isJoined;
        return List.of();
    }

    /** The XMPP login starts now (the link-up log line reports time since). */
    public void loginStarted() {
        loginStart = now();
    }

    /** A peer's presence in the overlay room (first or updated). */
    public List<LinkAction> present(Uid uid, Map<String, String> capabilities) {
        final Peer p = peer(uid);
        if (!p.hasPresence) {
            LOG.info("peer {} joined: capabilities {}", uid, capabilities);
        }
        p.hasPresence = true;
        p.capabilities = Map.copyOf(capabilities);
        p.present = true;
        final List<LinkAction> out = new ArrayList<>();
        maybeOffer(p, out);
        return out;
    }

    /** A peer left the room; its link, if up, stays up. */
    public List<LinkAction> gone(Uid uid) {
        final Peer p = peers.get(uid);
        if (p != null) {
            p.present = false;
            LOG.info("peer {} left the overlay room (its link, if up, stays up)", uid);
        }
        return List.of();
    }

    /** Traffic towards {@code uid} appeared on the TAP. */
    public List<LinkAction> demand(Uid uid) {
        final Peer p = peers.get(uid);
        if (p == null) {
            return List.of();
        }
        p.lastActivity = now();
        if (p.state == State.LINKED) {
            return List.of();
        }
        if (!p.onDemand) {
            LOG.info("traffic towards {}: asking for an on-demand link", uid);
        }
        p.onDemand = true;
        final List<LinkAction> out = new ArrayList<>();
        maybeOffer(p, out);
        return out;
    }

    /** The application asks for a link to {@code uid} beyond the topology (an on-demand link). */
    public List<LinkAction> requestLink(Uid uid) {
        final Peer p = peer(uid);
        p.onDemand = true;
        p.lastActivity = now();
        final List<LinkAction> out = new ArrayList<>();
        maybeOffer(p, out);
        return out;
    }

    /** An offer, answer, request or bye addressed to us. Malformed ones are dropped, logged and counted. */
    public List<LinkAction> signal(ViasSignal s) {
        final Uid from;
        final Fingerprint fp;
        try {
            from = Uid.parse(s.uid());
            fp = s.fingerprint() == null ? null : Fingerprint.parse(s.fingerprint());
        } catch (IllegalArgumentException e) {
            malformedSignals++;
            LOG.warn("dropped {} from {}: {}", s.kind(), s.uid(), e.getMessage());
            return List.of();
        }
        final Peer p = peer(from);
        final List<LinkAction> out = new ArrayList<>();
        switch (s.kind()) {
            case OFFER -> {
                if (controlling(from)) {
                    malformedSignals++;
                    LOG.warn("dropped offer from {}: it should answer, not offer (UID order)", from);
                    break;
                }
                teardown(p, out);
                p.setupStart = now();
                p.attempt = nextAttemptNumber++;
                p.sessionId = s.session();
                p.fingerprint = fp;
                setState(p, State.CONNECTING);
                out.add(new LinkAction.Answer(from, p.attempt, s));
            }
            case ANSWER -> {
                if (p.state != State.OFFERED || !s.session().equals(p.sessionId)) {
                    LOG.info("ignored stale answer {} from {}", s.session(), from);
                    break;
                }
                p.fingerprint = fp;
                setState(p, State.CONNECTING);
                out.add(new LinkAction.Connect(from, p.attempt, s));
            }
            case REQUEST -> {
                if (!controlling(from)) {
                    break;
                }
                p.requested = true;
                if (p.state == State.LINKED && p.setupMillis >= 0) {
                    // the controlled side only asks while it has no link: ours is dead at its end
                    fail(p, "peer asked for a new link while ours was up (it lost the path)", out);
                } else {
                    maybeOffer(p, out);
                }
            }
            case BYE -> {
                if (s.session().equals(p.sessionId)) {
                    p.requested = false;
                    LOG.info("link to {} torn down: peer said bye", from);
                    teardown(p, out);
                }
            }
            default -> { }
        }
        return out;
    }

    /** ICE selected a pair for {@code attempt}. */
    public List<LinkAction> iceEstablished(Uid uid, long attempt, SelectedPath path) {
        final Peer p = peers.get(uid);
        if (p == null || p.attempt != attempt || p.state != State.CONNECTING) {
            return List.of(); // superseded
        }
        final List<LinkAction> out = new ArrayList<>();
        if (!caTrust && p.fingerprint == null) {
            fail(p, "peer announced no fingerprint and no trust.ca is configured", out);
            return out;
        }
        p.path = path;
        setState(p, State.LINKED);
        p.downSince = now();
        p.lastActivity = now();
        LOG.info("ICE path to {}: {}", uid, path);
        out.add(new LinkAction.StartLink(uid, attempt, p.fingerprint, controlling(uid)));
        return out;
    }

    /** The set-up of {@code attempt} failed: gathering, sending, ICE or starting the link. */
    public List<LinkAction> setupFailed(Uid uid, long attempt, String reason) {
        final Peer p = peers.get(uid);
        if (p == null || p.attempt != attempt || p.state == State.IDLE) {
            return List.of(); // superseded
        }
        final List<LinkAction> out = new ArrayList<>();
        fail(p, reason, out);
        return out;
    }

    /** The periodic check: set-up timeouts, link health, idle on-demand links, retries. */
    public List<LinkAction> tick(Map<Uid, LinkObservation> observed) {
        final long now = now();
        final List<LinkAction> out = new ArrayList<>();
        for (Peer p : peers.values()) {
            switch (p.state) {
                case IDLE -> maybeOffer(p, out);
                case OFFERED, CONNECTING -> {
                    if (now - p.stateSince > timing.setupTimeout()) {
                        fail(p, "no link within " + timing.setupTimeout() / 1000 + " s (" + p.state + ")", out);
                    }
                }
                case LINKED -> checkLink(p, observed.getOrDefault(p.uid, LinkObservation.NONE), now, out);
                default -> { }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------- state

    private Peer peer(Uid uid) {
        return peers.computeIfAbsent(uid, Peer::new);
    }

    private boolean controlling(Uid peer) {
        return self.compareTo(peer) < 0;
    }

    private boolean nearest(Peer p) {
        final List<Uid> present = new ArrayList<>();
        for (Peer q : peers.values()) {
            if (q.present) {
                present.add(q.uid);
            }
        }
        return topology.nearest(p.uid, present);
    }

    private boolean wanted(Peer p) {
        return p.onDemand || p.requested || nearest(p);
    }

    private String newSession(int bytes) {
        final byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void maybeOffer(Peer p, List<LinkAction> out) {
        final long now = now();
        if (p.state != State.IDLE || !p.present || now < p.nextAttempt || !joined || !wanted(p)) {
            return;
        }
        if (!controlling(p.uid)) {
            // the controlled side cannot offer: it asks the controlling peer to
            if (now - p.lastRequestSent >= timing.requestEvery()) {
                p.lastRequestSent = now;
                p.iRequested = true;
                p.sessionId = newSession(4);
                out.add(new LinkAction.SendRequest(p.uid, p.sessionId));
            }
            return;
        }
        p.setupStart = now;
        p.attempt = nextAttemptNumber++;
        p.sessionId = newSession(8);
        setState(p, State.OFFERED);
        out.add(new LinkAction.Offer(p.uid, p.attempt, p.sessionId));
    }

    private void checkLink(Peer p, LinkObservation o, long now, List<LinkAction> out) {
        if (!o.transportOpen()) {
            fail(p, "ICE path " + p.path + " lost (socket closed or ICE gave up)", out);
            return;
        }
        if (o.secureUp() && p.setupMillis < 0) {
            p.setupMillis = now - p.setupStart;
            p.failures = 0;
            p.lastHeard = now;
            p.lastInbound = o.inbound();
            p.lastConsent = o.consentStamp();
            // the line the setup-time benchmark and the tests read
            LOG.info("link-up peer={} path=\"{}\" setup_ms={} since_login_ms={}", p.uid, p.path, p.setupMillis,
                now - loginStart);
        }
        if (p.setupMillis >= 0) {
            if (o.inbound() != p.lastInbound || o.consentStamp() != p.lastConsent) {
                p.lastInbound = o.inbound();
                p.lastConsent = o.consentStamp();
                p.lastHeard = now;
            } else if (now - p.lastHeard > timing.silence()) {
                pathsLost++;
                fail(p, "nothing from the peer for " + (now - p.lastHeard) + " ms over " + p.path
                    + " (no consent response, no record): path lost, NAT rebinding?", out);
                return;
            }
        }
        if (o.secureUp()) {
            p.downSince = now;
            if (o.frames() != p.lastFrames) {
                p.lastFrames = o.frames();
                p.lastActivity = now;
            }
            // Beyond the all-to-all limit, a link that is not to one of our nearest peers is removed when idle, by
            // the side that wanted it: the controlling side for its own links (made while the overlay was small, or on
            // demand), the controlled side for links it requested. A link the peer requested is the peer's call.
            final boolean mine = controlling(p.uid) ? !p.requested : p.onDemand || p.iRequested;
            if (mine && !nearest(p) && now - p.lastActivity > idleMillis) {
                LOG.info("on-demand link to {} idle for {} s: removing", p.uid, idleMillis / 1000);
                if (p.sessionId != null) {
                    out.add(new LinkAction.SendBye(p.uid, p.sessionId));
                }
                p.onDemand = false;
                p.requested = false;
                p.iRequested = false;
                teardown(p, out);
            }
            return;
        }
        if (now - p.downSince > (p.setupMillis < 0 ? timing.setupTimeout() : timing.downGrace())) {
            fail(p, p.setupMillis < 0 ? "DTLS did not come up over " + p.path
                + " (wrong fingerprint or peer unreachable)" : "link down", out);
        }
    }

    /**
     * Tears the attempt down. A link that had been up is made again at once (its path was lost, the peer is most
     * likely fine); a failed set-up is retried after a backoff that doubles with each consecutive failure.
     */
    private void fail(Peer p, String reason, List<LinkAction> out) {
        final boolean wasUp = p.setupMillis >= 0;
        final long delay;
        if (wasUp) {
            p.failures = 0;
            delay = 0;
        } else {
            p.failures++;
            delay = timing.backoff(p.failures);
        }
        LOG.warn("link to {} failed: {}; retry in {} ms", p.uid, reason, delay);
        p.lastError = reason;
        teardown(p, out);
        p.nextAttempt = now() + delay;
        if (wasUp) {
            p.lastRequestSent = NEVER;
            maybeOffer(p, out);
        }
    }

    private void teardown(Peer p, List<LinkAction> out) {
        if (p.state != State.IDLE) {
            out.add(new LinkAction.TearDown(p.uid));
        }
        p.path = null;
        p.setupMillis = -1;
        setState(p, State.IDLE);
    }

    private void setState(Peer p, State state) {
        p.state = state;
        p.stateSince = now();
    }

    // ------------------------------------------------------------------------------------------- views

    /** Every known peer, in UID order. */
    public List<PeerView> peers() {
        final List<PeerView> out = new ArrayList<>(peers.size());
        for (Peer p : peers.values()) {
            out.add(new PeerView(p.uid, p.present, p.state, p.path, p.setupMillis, p.capabilities, p.lastError));
        }
        return out;
    }

    /** Signals dropped as malformed or against the protocol (e.g. an offer from the side that should answer). */
    public long malformedSignals() {
        return malformedSignals;
    }

    /** Links that were up and lost their path to silence (the rebinding case). */
    public long pathsLost() {
        return pathsLost;
    }
}
