/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.overlay.meter.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agrees bypasses with peers and drives the local switch through them; a transport-agnostic state machine.
 *
 * <p>Inputs: {@link #requestBypass} (a heavy flow), {@link #onMessage} (a control message from an authenticated peer),
 * {@link #tick()} (time: retries, keepalives, timeouts; call it every 50 ms), {@link #peerDown},
 * {@link #ruleRemoved}, {@link #tearDown}, {@link #tearDownAll}, {@link #restore} and {@link #reconcile}. Outputs go
 * through the injected {@link ControlSender}, {@link RuleInstaller}, {@link PortReservation} and
 * {@link BypassListener}. Time comes from the injected clock, so tests are deterministic.
 *
 * <p>Loss-free order: the responder installs its inbound rule before it accepts; the requester installs inbound and
 * outbound (in either order: nothing comes to it on the underlay before its confirm), then confirms; only then does
 * the responder install its outbound rule. Teardown removes outbound before inbound. Anything that fails leaves the
 * flow on the overlay, which always works.
 *
 * <p>Through a filtering NAT on either side the path is opened first (see {@link PathProbe}): both sides install a
 * probe rule and their inbound rule; the responder probes (opening its NAT) and accepts with the opening flag; the
 * requester probes until a probe of the responder saying "ready" (it heard ours) comes back, and only then installs
 * outbound and confirms. While active, both probe every {@link NegotiatorConfig.PathProbing#keepaliveInterval()}
 * (keeping idle NAT mappings open) and tear down when the peer's probes stop (the flow goes back to the overlay).
 *
 * <p>Thread-safe: every input takes the negotiator's lock; outputs are called under it and must not block.
 */
public final class BypassNegotiator {
    private static final Logger LOG = LoggerFactory.getLogger(BypassNegotiator.class);

    private final Uid self;
    private final NegotiatorConfig config;
    private final BypassPolicy policy;
    private final PortReservation ports;
    private final RuleInstaller rules;
    private final ControlSender sender;
    private final NanoClock clock;
    private final BypassListener listener;
    private final long retryNanos;

    private final Map<Long, Bypass> bypasses = new LinkedHashMap<>();
    /** Live (not closed) bypasses by canonical flow: one bypass per conversation. */
    private final Map<FlowKey, Bypass> liveByFlow = new HashMap<>();
    private final Map<Uid, ReplayWindow> replayWindows = new HashMap<>();
    private final Map<Uid, Long> lastHeard = new HashMap<>();
    private final Map<Uid, Long> nextKeepalive = new HashMap<>();
    private final Map<Uid, Long> backoffUntil = new HashMap<>();
    /** Canonical flows whose last bypass failed for a passing reason, until when they are not asked for again. */
    private final Map<FlowKey, Long> flowBackoffUntil = new HashMap<>();
    /**
     * Canonical flows this node detected but leaves to the peer to ask for (the lower UID asks), until when it waits
     * for the peer's request before asking itself.
     */
    private final Map<FlowKey, Long> leftToPeerUntil = new HashMap<>();
    private final BypassCounters counters = new BypassCounters();
    private long nextSequence;
    private long nextId;

    /**
     * @param initialSequence first sequence number sent; must exceed any this node sent before a restart, hence
     *                        wall-clock microseconds in {@link #create}
     * @param firstId         first bypass id tried (ids are 1..2^40-1)
     */
    public BypassNegotiator(Uid self, NegotiatorConfig config, BypassPolicy policy, PortReservation ports,
            RuleInstaller rules, ControlSender sender, NanoClock clock, BypassListener listener, long initialSequence,
            long firstId) {
        this.self = self;
        this.config = config;
        this.policy = policy;
        this.ports = ports;
        this.rules = rules;
        this.sender = sender;
        this.clock = clock;
        this.listener = listener;
        this.retryNanos = config.retryInterval().toNanos();
        this.nextSequence = Math.max(1, initialSequence);
        this.nextId = firstId;
    }

    /** Production wiring: system clock, sequence from wall-clock microseconds, random first id. */
    public static BypassNegotiator create(Uid self, NegotiatorConfig config, BypassPolicy policy,
            PortReservation ports, RuleInstaller rules, ControlSender sender, BypassListener listener) {
        return new BypassNegotiator(self, config, policy, ports, rules, sender, NanoClock.SYSTEM, listener,
            System.currentTimeMillis() * 1000, new SecureRandom().nextLong() & BypassCodec.MAX_ID);
    }

    public Uid self() {
        return self;
    }

    // ---- inputs -------------------------------------------------------------------------------------------------

    public RequestResult requestBypass(byte[] peerUid, FlowKey flow) {
        return requestBypass(Uid.of(peerUid), flow);
    }

    /**
     * Starts a bypass of a flow with the peer that hosts its remote end, now (an operator's request).
     *
     * @param flow oriented local VM to remote VM (the controller orients the meter's report by its route table)
     */
    public synchronized RequestResult requestBypass(Uid peer, FlowKey flow) {
        return ask(peer, flow, false);
    }

    /**
     * This node's meter found {@code flow} heavy. Both ends see a flow's frames on the overlay and usually detect it
     * within a detection window of each other; if both asked, one request would be refused as a collision, and under
     * load every message counts. So the end with the lower UID asks, and the other one returns
     * {@link RequestOutcome#DEFERRED}: it asks itself only when the flow is reported again after
     * {@link NegotiatorConfig#peerAsksWithin()} (see {@link #backoffRemainingNanos}) with no request from the peer
     * meanwhile (the peer's detection may differ: another threshold, its meter full).
     *
     * @param flow oriented local VM to remote VM
     */
    public synchronized RequestResult heavyFlow(Uid peer, FlowKey flow) {
        return ask(peer, flow, true);
    }

    private RequestResult ask(Uid peer, FlowKey flow, boolean detected) {
        final long now = clock.nanoTime();
        if (peer.equals(self) || !config.capabilities().supports(flow.protocol())) {
            return new RequestResult(RequestOutcome.UNSUPPORTED, 0);
        }
        final Bypass existing = liveByFlow.get(flow.canonical());
        if (existing != null) {
            return new RequestResult(RequestOutcome.ALREADY, existing.id);
        }
        if (!policy.allows(peer, flow)) {
            return new RequestResult(RequestOutcome.POLICY_DENIED, 0);
        }
        final Long until = backoffUntil.get(peer);
        if (until != null && now - until < 0) {
            return new RequestResult(RequestOutcome.PEER_BACKOFF, 0);
        }
        final Long flowUntil = flowBackoffUntil.get(flow.canonical());
        if (flowUntil != null && now - flowUntil < 0) {
            return new RequestResult(RequestOutcome.FLOW_BACKOFF, 0);
        }
        if (liveByFlow.size() >= config.maxBypasses()) {
            return new RequestResult(RequestOutcome.LIMIT, 0);
        }
        final long wait = config.peerAsksWithin().toNanos();
        if (detected && self.compareTo(peer) > 0 && wait > 0) {
            Long waitUntil = leftToPeerUntil.get(flow.canonical());
            if (waitUntil == null) {
                counters.leftToPeer++;
                waitUntil = now + wait;
                leftToPeerUntil.put(flow.canonical(), waitUntil);
            }
            if (now - waitUntil < 0) {
                return new RequestResult(RequestOutcome.DEFERRED, 0);
            }
            // The peer did not ask in time: this end asks (a request of the peer crossing ours is a collision).
            leftToPeerUntil.remove(flow.canonical());
        }
        final long id = newId();
        if (!ports.mappingPredictable(flow)) {
            // Not worth asking the peer: it could not be told where to send. Every flow with this peer takes the
            // same path through the same NAT, hence the peer back-off; recorded so the refusal shows with the flow.
            LOG.info("Bypass of {} with {} not asked for: our NAT maps ports unpredictably", flow, peer);
            counters.natUnsupported++;
            backoffUntil.put(peer, now + config.peerBackoff().toNanos());
            final Bypass refused = new Bypass(id, peer, BypassPath.Role.REQUESTER, flow, null, BypassState.PROPOSED);
            bypasses.put(id, refused);
            event(BypassEvent.Kind.REJECTED, refused, RejectReason.NAT_UNSUPPORTED.name());
            close(refused, "refused: " + RejectReason.NAT_UNSUPPORTED);
            return new RequestResult(RequestOutcome.NAT_UNSUPPORTED, id);
        }
        final Optional<PortReservation.Reservation> reservation = ports.reserve(id, flow);
        if (reservation.isEmpty()) {
            return new RequestResult(RequestOutcome.NO_PORT, 0);
        }
        final Bypass b = new Bypass(id, peer, BypassPath.Role.REQUESTER, flow, reservation.get(),
            BypassState.PROPOSED);
        b.localFiltered = ports.needsOpening(flow);
        add(b);
        // State before sending: a channel may deliver, and the answer come back, within send().
        b.attempts = 1;
        b.firstSentAt = now;
        b.retryAt(now + retryNanos);
        event(BypassEvent.Kind.PROPOSED, b, null);
        sendRequest(b);
        return new RequestResult(RequestOutcome.STARTED, id);
    }

    /**
     * A control message from {@code authenticatedPeerUid}, the UID the overlay link authenticated (DTLS). Never
     * throws: anything malformed, forged or replayed is refused and counted.
     */
    public synchronized void onMessage(byte[] authenticatedPeerUid, byte[] bytes) {
        final BypassCodec.Result decoded = BypassCodec.decode(bytes);
        if (!decoded.isOk()) {
            counters.decodeError(decoded.error());
            LOG.debug("Refused undecodable bypass message: {}", decoded.error());
            return;
        }
        final BypassMessage message = decoded.message();
        if (authenticatedPeerUid == null || authenticatedPeerUid.length != Uid.LENGTH) {
            counters.refused(Refusal.WRONG_PEER);
            return;
        }
        final Uid peer = Uid.of(authenticatedPeerUid);
        if (!message.sender().equals(peer) || peer.equals(self)) {
            counters.refused(Refusal.WRONG_PEER);
            LOG.warn("Refused bypass {} claiming to be from {} on the link of {}", message.type(), message.sender(),
                peer);
            return;
        }
        if (!replayWindows.computeIfAbsent(peer, p -> new ReplayWindow()).accept(message.sequence())) {
            counters.refused(Refusal.REPLAYED);
            LOG.warn("Refused replayed bypass {} (sequence {}) from {}", message.type(), message.sequence(), peer);
            return;
        }
        counters.received(message.type());
        lastHeard.put(peer, clock.nanoTime());
        switch (message.type()) {
            case REQUEST -> onRequest(peer, (BypassMessage.Request) message);
            case ACCEPT -> onAccept(peer, (BypassMessage.Accept) message);
            case REJECT -> onReject(peer, (BypassMessage.Reject) message);
            case CONFIRM -> onConfirm(peer, (BypassMessage.Confirm) message);
            case TEARDOWN -> onTeardown(peer, (BypassMessage.Teardown) message);
            case TEARDOWN_ACK -> onTeardownAck(peer, message.id());
            case KEEPALIVE -> onKeepalive(peer, (BypassMessage.Keepalive) message);
            default -> throw new IllegalStateException("unreachable: " + message.type());
        }
    }

    /** Retransmissions, keepalives, keepalive timeouts and forgetting old closed bypasses. */
    public synchronized void tick() {
        final long now = clock.nanoTime();
        final long retention = config.closedRetention().toNanos();
        for (Bypass b : List.copyOf(bypasses.values())) {
            if (b.state == BypassState.CLOSED) {
                if (now - b.closedAt > retention) {
                    bypasses.remove(b.id);
                }
            } else if (b.retrying && now - b.nextAttemptAt >= 0) {
                retry(b, now);
            }
            if (b.opening && b.agreed()) {
                probe(b, now);
            }
        }
        keepalives(now);
        backoffUntil.values().removeIf(until -> now - until >= 0);
        flowBackoffUntil.values().removeIf(until -> now - until >= 0);
        // A flow left to the peer that was not reported again within as long once more has ended (or is no longer
        // heavy): forgotten, so a later detection waits for the peer afresh.
        final long stale = config.peerAsksWithin().toNanos();
        leftToPeerUntil.values().removeIf(until -> now - until >= stale);
    }

    /**
     * How long a request for {@code flow} with {@code peer} is still held back by a back-off (the peer's or the
     * flow's) or by waiting for the peer to ask ({@link #heavyFlow}), in nanoseconds; 0 when it would be asked for
     * now. A caller whose report of a heavy flow met a back-off or {@link RequestOutcome#DEFERRED} must report it
     * again once this has passed: the meter reports a flow only once.
     */
    public synchronized long backoffRemainingNanos(Uid peer, FlowKey flow) {
        final long now = clock.nanoTime();
        long remaining = 0;
        final Long leftUntil = leftToPeerUntil.get(flow.canonical());
        if (leftUntil != null) {
            remaining = Math.max(remaining, leftUntil - now);
        }
        final Long peerUntil = backoffUntil.get(peer);
        if (peerUntil != null) {
            remaining = Math.max(remaining, peerUntil - now);
        }
        final Long flowUntil = flowBackoffUntil.get(flow.canonical());
        if (flowUntil != null) {
            remaining = Math.max(remaining, flowUntil - now);
        }
        return remaining;
    }

    /** The operator asks for this flow by hand: a flow back-off does not apply to that request. */
    public synchronized void clearFlowBackoff(FlowKey flow) {
        flowBackoffUntil.remove(flow.canonical());
    }

    /**
     * A path probe of the peer reached our switch on the 5-tuple of bypass {@code probe.id()} (the probe rule's
     * packet-in): the path works from the peer to us. The responder answers "ready" while it waits for the
     * confirmation; the requester, told "ready", knows the path works both ways and moves the flow.
     */
    public synchronized void probeReceived(PathProbe probe) {
        final Bypass b = bypasses.get(probe.id());
        if (b == null || !b.opening || !b.agreed() || b.path() == null) {
            counters.refused(Refusal.UNKNOWN_BYPASS);
            return;
        }
        counters.probesHeard++;
        b.heardPeer = true;
        b.lastProbeHeard = clock.nanoTime();
        if (b.state != BypassState.ACCEPTED || !b.installed.contains(RuleDirection.INBOUND)) {
            return;
        }
        if (b.role == BypassPath.Role.RESPONDER) {
            sendProbe(b);
        } else if (probe.ready() && !b.installing && !b.installed.contains(RuleDirection.OUTBOUND)) {
            LOG.info("Path of bypass {} with {} open both ways", b.id, b.peer);
            activateRequester(b);
        }
    }

    /** The overlay link to the peer went down: its bypasses end here at once and traffic returns to the overlay. */
    public synchronized void peerDown(byte[] peerUid) {
        final Uid peer = Uid.of(peerUid);
        for (Bypass b : livesOf(peer)) {
            // No teardown message: the link that would carry it is down; the peer sees the same link go down, and
            // keepalives catch the rest when it comes back.
            counters.tornDown++;
            removeRules(b);
            releasePort(b);
            b.teardownReason = TeardownReason.PEER_DOWN;
            event(BypassEvent.Kind.TEARDOWN, b, TeardownReason.PEER_DOWN.name());
            close(b, TeardownReason.PEER_DOWN.name());
        }
        nextKeepalive.remove(peer);
        lastHeard.remove(peer);
    }

    /**
     * The switch reported a bypass rule removed (OpenFlow flow-removed). An idle timeout of one direction only
     * means the flow is quiet that way (e.g. one-way UDP); when both directions are idle the flow has ended and the
     * bypass is torn down on both sides. Any other removal tears down at once.
     */
    public synchronized void ruleRemoved(long id, RuleDirection direction, TeardownReason reason) {
        final Bypass b = bypasses.get(id);
        if (b == null || b.state == BypassState.CLOSED || b.state == BypassState.TEARDOWN) {
            return;
        }
        b.installed.remove(direction);
        if (reason == TeardownReason.IDLE) {
            b.idled.add(direction);
            if (b.idled.size() < 2) {
                return;
            }
        }
        localTeardown(b, reason);
    }

    /** Ends one bypass (operator command). */
    public synchronized boolean tearDown(long id, TeardownReason reason) {
        final Bypass b = bypasses.get(id);
        if (b == null || !b.live()) {
            return false;
        }
        localTeardown(b, reason);
        return true;
    }

    /** Ends every bypass, telling the peers: local switch disconnected, or shutdown. */
    public synchronized void tearDownAll(TeardownReason reason) {
        for (Bypass b : List.copyOf(liveByFlow.values())) {
            localTeardown(b, reason);
        }
    }

    /**
     * After a controller restart: takes back the bypasses the controller persisted (from {@link #agreed()}) as
     * ACTIVE, without touching the switch; call {@link #reconcile} next. Those whose rules are still on the switch
     * stay; missing rules go back once the peer names the bypass in a keepalive. A bypass the peer has meanwhile
     * dropped is torn down by the peer's answer to our keepalive.
     */
    public synchronized void restore(Collection<BypassPath> agreed) {
        final long now = clock.nanoTime();
        for (BypassPath path : agreed) {
            if (bypasses.containsKey(path.id()) || liveByFlow.containsKey(path.flow().canonical())
                    || !ports.reclaim(path.id(), path.flow(), path.local())) {
                continue;
            }
            final Bypass b = new Bypass(path.id(), path.peer(), path.role(), path.flow(), path.local(),
                BypassState.ACTIVE);
            b.remote = path.remote();
            b.restored = true;
            add(b);
            lastHeard.put(path.peer(), now);
        }
    }

    /**
     * After the switch (re)connected or the controller restarted: {@code found} are the bypass rules on the switch
     * (from their cookies). Rules of bypasses this node does not hold are removed; rules missing for bypasses that
     * are still agreed are installed again, inbound first (for bypasses just {@link #restore restored}: once the peer
     * has named them in a keepalive).
     */
    public synchronized void reconcile(Collection<InstalledRule> found) {
        final Map<Long, Set<RuleDirection>> onSwitch = new HashMap<>();
        for (InstalledRule rule : found) {
            onSwitch.computeIfAbsent(rule.id(), id -> EnumSet.noneOf(RuleDirection.class)).add(rule.direction());
        }
        for (Long id : onSwitch.keySet()) {
            final Bypass b = bypasses.get(id);
            if (b == null || !b.agreed() || b.path() == null) {
                counters.orphansRemoved++;
                whenDone(safe(() -> rules.removeOrphan(id)), "remove orphan " + id);
            }
        }
        for (Bypass b : List.copyOf(liveByFlow.values())) {
            if (!b.agreed() || b.installing || b.path() == null) {
                continue;
            }
            final Set<RuleDirection> present = onSwitch.getOrDefault(b.id, Set.of());
            b.installed.retainAll(present);
            final boolean wantInbound = b.state == BypassState.ACTIVE || b.role == BypassPath.Role.RESPONDER;
            final boolean needInbound = wantInbound && !present.contains(RuleDirection.INBOUND)
                && !b.idled.contains(RuleDirection.INBOUND);
            final boolean needOutbound = b.state == BypassState.ACTIVE && !present.contains(RuleDirection.OUTBOUND)
                && !b.idled.contains(RuleDirection.OUTBOUND);
            if (present.contains(RuleDirection.INBOUND)) {
                b.installed.add(RuleDirection.INBOUND);
            }
            if (present.contains(RuleDirection.OUTBOUND)) {
                b.installed.add(RuleDirection.OUTBOUND);
            }
            if (present.contains(RuleDirection.PROBE)) {
                b.installed.add(RuleDirection.PROBE);
                if (!b.opening) {
                    // Restored after our restart: only a path through a filtering NAT has a probe rule.
                    b.opening = true;
                    b.lastProbeHeard = clock.nanoTime();
                }
            }
            final boolean restored = b.restored;
            b.restored = false;
            if ((needInbound || needOutbound) && restored) {
                // Restored after our restart, but rules are gone (they idled out while we were away, or the switch
                // lost them). The peer may have given up on the bypass meanwhile; reinstalling now could send the
                // flow onto the underlay towards a host that holds no rule for it. The rules go back when the peer
                // names the bypass in a keepalive; if it does not hold it, it answers ours with a teardown.
                b.awaitingPeer = true;
                continue;
            }
            reinstall(b, needInbound, needOutbound);
        }
    }

    /** Puts missing rules of an agreed bypass back, inbound first. */
    private void reinstall(Bypass b, boolean needInbound, boolean needOutbound) {
        if (!needInbound && !needOutbound) {
            return;
        }
        counters.reinstalled++;
        final Runnable outbound = needOutbound ? () -> install(b, RuleDirection.OUTBOUND, () -> { }) : () -> { };
        if (needInbound) {
            install(b, RuleDirection.INBOUND, outbound);
        } else {
            outbound.run();
        }
    }

    // ---- outputs for operational state ---------------------------------------------------------------------------

    /** Active bypasses, for the controller to persist (and {@link #restore} after a restart). */
    public synchronized List<BypassPath> agreed() {
        final List<BypassPath> paths = new ArrayList<>();
        for (Bypass b : liveByFlow.values()) {
            if (b.state == BypassState.ACTIVE) {
                paths.add(b.path());
            }
        }
        return paths;
    }

    /** Whether any bypass is held (open, closing, or closed and still remembered): what the tick has to time. */
    public synchronized boolean holdsAny() {
        return !bypasses.isEmpty();
    }

    public synchronized List<BypassStatus> status() {
        final List<BypassStatus> all = new ArrayList<>();
        for (Bypass b : bypasses.values()) {
            all.add(b.status());
        }
        return all;
    }

    /** The bypass (not closed) of this flow, either orientation, if any: without copying every status. */
    public synchronized Optional<BypassStatus> liveStatus(FlowKey flow) {
        final Bypass b = liveByFlow.get(flow.canonical());
        return b == null ? Optional.empty() : Optional.of(b.status());
    }

    public synchronized Optional<BypassStatus> status(long id) {
        final Bypass b = bypasses.get(id);
        return b == null ? Optional.empty() : Optional.of(b.status());
    }

    public synchronized BypassCounters.Snapshot counters() {
        return counters.snapshot();
    }

    // ---- message handlers ----------------------------------------------------------------------------------------

    private void onRequest(Uid peer, BypassMessage.Request request) {
        final FlowKey flow = request.flow().reversed();
        final Bypass existing = bypasses.get(request.id());
        if (existing != null) {
            if (existing.peer.equals(peer) && existing.role == BypassPath.Role.RESPONDER
                    && existing.flow.equals(flow)) {
                answerDuplicateRequest(existing);
            } else {
                refuse(peer, request.id(), RejectReason.ID_IN_USE, Refusal.CANNOT_HONOUR);
            }
            return;
        }
        if (!request.capabilities().supports(flow.protocol()) || !config.capabilities().supports(flow.protocol())) {
            refuse(peer, request.id(), RejectReason.UNSUPPORTED, Refusal.CANNOT_HONOUR);
            return;
        }
        if (!policy.allows(peer, flow)) {
            LOG.info("Refused bypass of {} requested by {}: policy", flow, peer);
            rememberRefusal(peer, request.id(), flow, RejectReason.POLICY, Refusal.POLICY);
            return;
        }
        final Bypass sameFlow = liveByFlow.get(flow.canonical());
        if (sameFlow != null) {
            if (sameFlow.state == BypassState.PROPOSED && sameFlow.peer.equals(peer)) {
                // Both ends detected the flow and asked at once: the lower UID's request wins on both sides.
                if (self.compareTo(peer) < 0) {
                    refuse(peer, request.id(), RejectReason.COLLISION, Refusal.CANNOT_HONOUR);
                    return;
                }
                releasePort(sameFlow);
                close(sameFlow, RejectReason.COLLISION.name());
            } else {
                refuse(peer, request.id(), RejectReason.DUPLICATE_FLOW, Refusal.CANNOT_HONOUR);
                return;
            }
        }
        if (liveByFlow.size() >= config.maxBypasses()) {
            rememberRefusal(peer, request.id(), flow, RejectReason.LIMIT, Refusal.CANNOT_HONOUR);
            return;
        }
        if (!ports.mappingPredictable(flow)) {
            LOG.info("Refused bypass of {} requested by {}: our NAT maps ports unpredictably", flow, peer);
            counters.natUnsupported++;
            rememberRefusal(peer, request.id(), flow, RejectReason.NAT_UNSUPPORTED, Refusal.CANNOT_HONOUR);
            return;
        }
        final boolean opening = request.capabilities().filtered() || ports.needsOpening(flow);
        if (opening && !(request.capabilities().supportsOpening() && config.capabilities().supportsOpening())) {
            // A filtering NAT on the path and one of us cannot open it: the bypass would be a black hole.
            LOG.info("Refused bypass of {} requested by {}: a filtering NAT and no path opening", flow, peer);
            counters.natUnsupported++;
            rememberRefusal(peer, request.id(), flow, RejectReason.NAT_UNSUPPORTED, Refusal.CANNOT_HONOUR);
            return;
        }
        final Optional<PortReservation.Reservation> reservation = ports.reserve(request.id(), flow);
        if (reservation.isEmpty()) {
            rememberRefusal(peer, request.id(), flow, RejectReason.NO_PORT, Refusal.CANNOT_HONOUR);
            return;
        }
        final Bypass b = new Bypass(request.id(), peer, BypassPath.Role.RESPONDER, flow, reservation.get(),
            BypassState.ACCEPTED);
        b.remote = new PortReservation.Reservation(request.endpoint(), request.allocatedPort());
        b.opening = opening;
        // The requester probes for up to the open timeout after our accept: keep answering that long.
        b.openDeadline = clock.nanoTime() + config.probing().openTimeout().toNanos() + retryBudgetNanos();
        add(b);
        event(BypassEvent.Kind.ACCEPTED, b, null);
        final Runnable accept = () -> {
            b.attempts = 1;
            b.retryAt(clock.nanoTime() + retryNanos);
            if (b.opening) {
                // Opens our NAT towards the requester's endpoint; its own probes can pass it from now on.
                b.lastProbeHeard = clock.nanoTime();
                sendProbe(b);
            }
            sendAccept(b);
        };
        // Inbound first: once the requester has our accept it may send on the underlay at any moment. Through a
        // filtering NAT, the probe rule before that, so the requester's first probe reaches us.
        if (opening) {
            install(b, accept, RuleDirection.PROBE, RuleDirection.INBOUND);
        } else {
            install(b, RuleDirection.INBOUND, accept);
        }
    }

    private void answerDuplicateRequest(Bypass b) {
        counters.duplicates++;
        if (b.rejectReason != null) {
            send(b.peer, new BypassMessage.Reject(self, seq(), b.id, b.rejectReason));
        } else if (b.state == BypassState.ACCEPTED && b.installed.contains(RuleDirection.INBOUND)
                || b.state == BypassState.ACTIVE) {
            sendAccept(b);
        } else if (b.state == BypassState.TEARDOWN || b.state == BypassState.CLOSED) {
            send(b.peer, new BypassMessage.Reject(self, seq(), b.id, RejectReason.STALE));
        }
        // else still installing inbound: the accept goes out when that completes.
    }

    private void onAccept(Uid peer, BypassMessage.Accept accept) {
        final Bypass b = bypasses.get(accept.id());
        if (b == null || !b.peer.equals(peer) || b.role != BypassPath.Role.REQUESTER) {
            counters.refused(Refusal.UNKNOWN_BYPASS);
            send(peer, new BypassMessage.Teardown(self, seq(), accept.id(), TeardownReason.UNKNOWN_BYPASS));
            return;
        }
        switch (b.state) {
            case PROPOSED -> {
                b.remote = new PortReservation.Reservation(accept.endpoint(), accept.allocatedPort());
                b.state = BypassState.ACCEPTED;
                b.retrying = false;
                event(BypassEvent.Kind.ACCEPTED, b, null);
                if (b.localFiltered && !accept.opening()) {
                    // A responder that does not open paths: our NAT would drop its packets.
                    counters.natUnsupported++;
                    localTeardown(b, TeardownReason.PATH_NOT_OPENED);
                    return;
                }
                if (accept.opening()) {
                    b.opening = true;
                    b.openDeadline = clock.nanoTime() + config.probing().openTimeout().toNanos();
                    install(b, () -> {
                        // Opens our NAT towards the responder (whose NAT the responder opened): this probe reaches
                        // it, and its "ready" answer reaches us. tick() repeats it until then.
                        b.lastProbeHeard = clock.nanoTime();
                        sendProbe(b);
                    }, RuleDirection.PROBE, RuleDirection.INBOUND);
                } else {
                    // Inbound and outbound together: the responder's inbound rule is in place (it accepted) and it
                    // sends on the underlay only after our confirm, so neither order loses a packet.
                    install(b, () -> activeRequester(b), RuleDirection.INBOUND, RuleDirection.OUTBOUND);
                }
            }
            case ACCEPTED -> counters.duplicates++;
            case ACTIVE -> {
                // Our confirm was lost and the responder repeats its accept: confirm again, install nothing.
                counters.duplicates++;
                send(b.peer, new BypassMessage.Confirm(self, seq(), b.id));
            }
            case TEARDOWN -> sendTeardown(b);
            case CLOSED -> {
                // We gave up (no answer in time, or collision); the responder holds an inbound rule for nothing.
                counters.refused(Refusal.OUT_OF_STATE);
                send(peer, new BypassMessage.Teardown(self, seq(), b.id, TeardownReason.ABANDONED));
            }
            default -> throw new IllegalStateException("unreachable: " + b.state);
        }
    }

    private void onReject(Uid peer, BypassMessage.Reject reject) {
        final Bypass b = bypasses.get(reject.id());
        if (b == null || !b.peer.equals(peer) || b.role != BypassPath.Role.REQUESTER) {
            counters.refused(Refusal.UNKNOWN_BYPASS);
            return;
        }
        if (b.state != BypassState.PROPOSED) {
            counters.refused(Refusal.OUT_OF_STATE);
            return;
        }
        counters.rejectedByPeer++;
        LOG.info("Peer {} rejected bypass of {}: {}", peer, b.flow, reject.reason());
        if (reject.reason() == RejectReason.NAT_UNSUPPORTED) {
            counters.natUnsupported++;
        }
        switch (reject.reason()) {
            // NAT_UNSUPPORTED: the peer's NAT, the same for every flow on this path.
            case POLICY, UNSUPPORTED, NAT_UNSUPPORTED ->
                backoffUntil.put(peer, clock.nanoTime() + config.peerBackoff().toNanos());
            // The peer's own request for this flow goes on instead.
            case COLLISION -> { }
            // Passing: the peer's switch, its ports or its limit; ask again later, not at the next detection window.
            default -> backOffFlow(b.flow);
        }
        releasePort(b);
        event(BypassEvent.Kind.REJECTED, b, reject.reason().name());
        close(b, "rejected: " + reject.reason());
    }

    private void onConfirm(Uid peer, BypassMessage.Confirm confirm) {
        final Bypass b = bypasses.get(confirm.id());
        if (b == null || !b.peer.equals(peer) || b.role != BypassPath.Role.RESPONDER) {
            counters.refused(Refusal.UNKNOWN_BYPASS);
            send(peer, new BypassMessage.Teardown(self, seq(), confirm.id(), TeardownReason.UNKNOWN_BYPASS));
            return;
        }
        switch (b.state) {
            case ACCEPTED -> {
                if (!b.installed.contains(RuleDirection.INBOUND) || !b.retrying) {
                    counters.duplicates++;
                    return;
                }
                b.retrying = false;
                install(b, RuleDirection.OUTBOUND, () -> {
                    b.state = BypassState.ACTIVE;
                    probingActive(b);
                    counters.activated++;
                    event(BypassEvent.Kind.ACTIVE, b, null);
                });
            }
            case ACTIVE -> counters.duplicates++;
            case TEARDOWN -> sendTeardown(b);
            case CLOSED -> send(peer, new BypassMessage.Teardown(self, seq(), b.id, TeardownReason.ABANDONED));
            default -> counters.refused(Refusal.OUT_OF_STATE);
        }
    }

    /** Requester, the path agreed (and proven where it had to be opened): outbound rule, active, confirm. */
    private void activateRequester(Bypass b) {
        install(b, RuleDirection.OUTBOUND, () -> activeRequester(b));
    }

    /** Requester, every rule in place: active, confirm. */
    private void activeRequester(Bypass b) {
        b.state = BypassState.ACTIVE;
        probingActive(b);
        counters.activated++;
        event(BypassEvent.Kind.ACTIVE, b, null);
        send(b.peer, new BypassMessage.Confirm(self, seq(), b.id));
    }

    private void onTeardown(Uid peer, BypassMessage.Teardown teardown) {
        final Bypass b = bypasses.get(teardown.id());
        if (b != null && b.peer.equals(peer)) {
            if (b.state == BypassState.TEARDOWN) {
                close(b, b.reason);
            } else if (b.live()) {
                LOG.info("Peer {} tore down bypass {} of {}: {}", peer, b.id, b.flow, teardown.reason());
                counters.tornDown++;
                removeRules(b);
                releasePort(b);
                b.teardownReason = teardown.reason();
                event(BypassEvent.Kind.TEARDOWN, b, "peer: " + teardown.reason());
                close(b, "peer: " + teardown.reason());
            } else {
                counters.duplicates++;
            }
        } else {
            counters.refused(Refusal.UNKNOWN_BYPASS);
        }
        // Acknowledged whatever we knew, so the peer stops retransmitting.
        send(peer, new BypassMessage.TeardownAck(self, seq(), teardown.id()));
    }

    private void onTeardownAck(Uid peer, long id) {
        final Bypass b = bypasses.get(id);
        if (b != null && b.peer.equals(peer) && b.state == BypassState.TEARDOWN) {
            close(b, b.reason);
        }
    }

    private void onKeepalive(Uid peer, BypassMessage.Keepalive keepalive) {
        for (long id : keepalive.ids()) {
            final Bypass b = bypasses.get(id);
            if (b == null || !b.peer.equals(peer) || !b.live()) {
                // The peer believes in a bypass we do not hold (we restarted, or its teardown got lost): end it there.
                counters.refused(Refusal.UNKNOWN_BYPASS);
                send(peer, new BypassMessage.Teardown(self, seq(), id, TeardownReason.UNKNOWN_BYPASS));
            } else if (b.awaitingPeer && b.state == BypassState.ACTIVE && !b.installing) {
                // Restored after our restart and still agreed by the peer: its missing rules go back now.
                b.awaitingPeer = false;
                reinstall(b, !b.installed.contains(RuleDirection.INBOUND) && !b.idled.contains(RuleDirection.INBOUND),
                    !b.installed.contains(RuleDirection.OUTBOUND) && !b.idled.contains(RuleDirection.OUTBOUND));
            }
        }
    }

    // ---- transitions -------------------------------------------------------------------------------------------

    private void retry(Bypass b, long now) {
        final boolean opening = b.opening && b.state == BypassState.ACCEPTED && now - b.openDeadline < 0;
        if (b.attempts >= config.maxAttempts() && !opening) {
            switch (b.state) {
                case PROPOSED -> {
                    counters.unanswered++;
                    final Long heard = lastHeard.get(b.peer);
                    if (heard != null && heard - b.firstSentAt > 0) {
                        // The peer spoke since we asked: it runs VIAS and the link carries control messages, it is
                        // only slow (busy with many other bypasses). Not asking it about anything for the peer
                        // back-off would leave every other flow on the overlay; this flow waits instead.
                        backOffFlow(b.flow);
                    } else {
                        // No answer: the peer runs no bypass-capable VIAS, or the link drops control messages.
                        backoffUntil.put(b.peer, now + config.peerBackoff().toNanos());
                    }
                    releasePort(b);
                    event(BypassEvent.Kind.REJECTED, b, "no answer");
                    close(b, "no answer");
                }
                case ACCEPTED -> localTeardown(b, TeardownReason.ABANDONED);
                default -> close(b, b.reason);
            }
            return;
        }
        b.attempts++;
        counters.retransmissions++;
        b.nextAttemptAt = now + retryDelay(b.attempts);
        switch (b.state) {
            case PROPOSED -> sendRequest(b);
            case ACCEPTED -> {
                if (b.opening && !b.heardPeer) {
                    // Our opening probe may have been lost before our own NAT: the requester's probes need it.
                    sendProbe(b);
                }
                sendAccept(b);
            }
            case TEARDOWN -> sendTeardown(b);
            default -> b.retrying = false;
        }
    }

    /**
     * Path probes of a bypass through a filtering NAT: while opening, the requester probes every interval until the
     * responder's "ready" or the open timeout; once active, both probe every keepalive interval and end the bypass
     * when the peer's probes have stopped for the loss timeout.
     */
    private void probe(Bypass b, long now) {
        final NegotiatorConfig.PathProbing probing = config.probing();
        if (b.state == BypassState.ACCEPTED) {
            if (b.role != BypassPath.Role.REQUESTER || !b.installed.contains(RuleDirection.INBOUND)
                    || b.installing) {
                return;
            }
            if (now - b.openDeadline >= 0) {
                LOG.warn("Path of bypass {} of {} with {} not open both ways within {}: staying on the overlay",
                    b.id, b.flow, b.peer, probing.openTimeout());
                counters.pathsNotOpened++;
                // The same NATs for every flow on this path: do not try again at every detection window.
                backoffUntil.put(b.peer, now + config.peerBackoff().toNanos());
                localTeardown(b, TeardownReason.PATH_NOT_OPENED);
            } else if (now - b.nextProbeAt >= 0) {
                sendProbe(b);
            }
            return;
        }
        if (now - b.lastProbeHeard > probing.lossTimeout().toNanos()) {
            LOG.warn("No path probe from {} for bypass {} of {} for {}: path lost, back to the overlay", b.peer,
                b.id, b.flow, probing.lossTimeout());
            counters.pathsLost++;
            localTeardown(b, TeardownReason.PATH_LOST);
        } else if (now - b.nextProbeAt >= 0) {
            sendProbe(b);
        }
    }

    /** Active: the peer's probes are watched from now on, ours go out every keepalive interval. */
    private void probingActive(Bypass b) {
        final long now = clock.nanoTime();
        b.lastProbeHeard = now;
        b.nextProbeAt = now + config.probing().keepaliveInterval().toNanos();
    }

    private void sendProbe(Bypass b) {
        final BypassPath path = b.path();
        if (path == null) {
            return;
        }
        final long now = clock.nanoTime();
        final NegotiatorConfig.PathProbing probing = config.probing();
        b.nextProbeAt = now + (b.state == BypassState.ACTIVE ? probing.keepaliveInterval() : probing.interval())
            .toNanos();
        final boolean ready = b.heardPeer && b.installed.contains(RuleDirection.INBOUND);
        counters.probesSent++;
        try {
            rules.sendProbe(path, new PathProbe(b.id, ready));
        } catch (RuntimeException e) {
            LOG.warn("Sending a path probe of bypass {} failed", b.id, e);
        }
    }

    private void keepalives(long now) {
        final Map<Uid, List<Long>> agreedByPeer = new HashMap<>();
        for (Bypass b : liveByFlow.values()) {
            if (b.agreed()) {
                agreedByPeer.computeIfAbsent(b.peer, p -> new ArrayList<>()).add(b.id);
            }
        }
        final long timeout = config.keepaliveTimeout().toNanos();
        for (Map.Entry<Uid, List<Long>> entry : agreedByPeer.entrySet()) {
            final Uid peer = entry.getKey();
            final long heard = lastHeard.computeIfAbsent(peer, p -> now);
            if (now - heard > timeout) {
                LOG.warn("No bypass keepalive from {} for {}: tearing down its bypasses", peer,
                    config.keepaliveTimeout());
                for (Bypass b : livesOf(peer)) {
                    localTeardown(b, TeardownReason.PEER_TIMEOUT);
                }
                continue;
            }
            final Long next = nextKeepalive.get(peer);
            if (next == null) {
                nextKeepalive.put(peer, now + config.keepaliveInterval().toNanos());
            } else if (now - next >= 0) {
                nextKeepalive.put(peer, now + config.keepaliveInterval().toNanos());
                final List<Long> ids = entry.getValue();
                for (int i = 0; i < ids.size(); i += BypassCodec.MAX_KEEPALIVE_IDS) {
                    send(peer, new BypassMessage.Keepalive(self, seq(),
                        ids.subList(i, Math.min(ids.size(), i + BypassCodec.MAX_KEEPALIVE_IDS))));
                }
            }
        }
        nextKeepalive.keySet().retainAll(agreedByPeer.keySet());
    }

    /** Removes our rules (outbound first), frees the port and tells the peer, retrying until acknowledged. */
    private void localTeardown(Bypass b, TeardownReason reason) {
        if (b.state == BypassState.TEARDOWN || b.state == BypassState.CLOSED) {
            return;
        }
        LOG.info("Tearing down bypass {} of {} with {}: {}", b.id, b.flow, b.peer, reason);
        counters.tornDown++;
        removeRules(b);
        releasePort(b);
        b.state = BypassState.TEARDOWN;
        b.teardownReason = reason;
        b.reason = reason.name();
        event(BypassEvent.Kind.TEARDOWN, b, reason.name());
        b.attempts = 1;
        b.retryAt(clock.nanoTime() + retryNanos);
        sendTeardown(b);
    }

    private void close(Bypass b, String reason) {
        b.state = BypassState.CLOSED;
        b.retrying = false;
        b.reason = reason;
        b.closedAt = clock.nanoTime();
        liveByFlow.remove(b.flow.canonical(), b);
        event(BypassEvent.Kind.CLOSED, b, reason);
    }

    /** A request we refuse, remembered so its retransmissions get the same answer. */
    private void rememberRefusal(Uid peer, long id, FlowKey flow, RejectReason reason, Refusal refusal) {
        final Bypass b = new Bypass(id, peer, BypassPath.Role.RESPONDER, flow, null, BypassState.CLOSED);
        b.rejectReason = reason;
        b.reason = "refused: " + reason;
        b.closedAt = clock.nanoTime();
        bypasses.put(id, b);
        refuse(peer, id, reason, refusal);
    }

    private void refuse(Uid peer, long id, RejectReason reason, Refusal refusal) {
        counters.refused(refusal);
        send(peer, new BypassMessage.Reject(self, seq(), id, reason));
    }

    // ---- switch --------------------------------------------------------------------------------------------------

    /** Installs one rule; {@code then} runs (under the lock) once the switch has it, unless the bypass ended. */
    private void install(Bypass b, RuleDirection direction, Runnable then) {
        install(b, then, direction);
    }

    /**
     * Installs the rules of {@code directions} together and runs {@code then} once the switch has all of them. They
     * go to the switch at once, so its rule writer can put them in one batch behind one barrier: in a burst of
     * hundreds of set-ups, each round trip a bypass waits for is a batch of every other bypass's rules. Only rules
     * whose relative order loses nothing are installed together (see the class comment); the first failure counts.
     */
    private void install(Bypass b, Runnable then, RuleDirection... directions) {
        final BypassPath path = b.path();
        b.installing = true;
        final int[] pending = {directions.length};
        final boolean[] failed = {false};
        for (RuleDirection direction : directions) {
            safe(() -> rules.install(path, direction)).whenComplete((ok, error) -> {
                synchronized (this) {
                    pending[0]--;
                    b.installing = pending[0] > 0;
                    if (error != null) {
                        counters.installFailures++;
                        LOG.warn("Installing {} rule of bypass {} failed", direction, b.id, error);
                        if (!failed[0]) {
                            failed[0] = true;
                            installFailed(b);
                        }
                        return;
                    }
                    if (failed[0] || !b.live() || b.state == BypassState.TEARDOWN) {
                        // Torn down while the switch was busy (or a rule installed with this one failed): take back
                        // what just landed.
                        whenDone(safe(() -> rules.remove(path, direction)), "remove late " + direction);
                        return;
                    }
                    b.installed.add(direction);
                    if (pending[0] == 0) {
                        then.run();
                    }
                }
            });
        }
    }

    /**
     * The wait after transmission {@code attempt} (1-based) before the next: the retry interval, doubled with each
     * retransmission up to 8 times it. A peer that answers late because it is busy (hundreds of bypasses being
     * agreed and installed at once) gets seconds instead of one, and a lost message is still repeated after one
     * interval.
     */
    private long retryDelay(int attempt) {
        return retryNanos << Math.min(Math.max(attempt - 1, 0), 3);
    }

    /** From the first transmission until the last one gives up: the sum of every wait. */
    private long retryBudgetNanos() {
        long sum = 0;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            sum += retryDelay(attempt);
        }
        return sum;
    }

    private void backOffFlow(FlowKey flow) {
        flowBackoffUntil.put(flow.canonical(), clock.nanoTime() + config.flowBackoff().toNanos());
    }

    private void installFailed(Bypass b) {
        // This switch refused the rules: asking again at the next detection window would fail the same way.
        backOffFlow(b.flow);
        if (b.role == BypassPath.Role.RESPONDER && b.state == BypassState.ACCEPTED
                && !b.installed.contains(RuleDirection.INBOUND)) {
            // Nothing agreed yet: refuse, and answer duplicates the same way.
            releasePort(b);
            b.rejectReason = RejectReason.INSTALL_FAILED;
            send(b.peer, new BypassMessage.Reject(self, seq(), b.id, RejectReason.INSTALL_FAILED));
            close(b, "refused: " + RejectReason.INSTALL_FAILED);
        } else {
            localTeardown(b, TeardownReason.INSTALL_FAILED);
        }
    }

    /** Outbound first, so the VM's packets go back to the overlay while the inbound rule still takes stragglers. */
    private void removeRules(Bypass b) {
        final BypassPath path = b.path();
        if (path == null) {
            return;
        }
        final boolean inbound = b.installed.remove(RuleDirection.INBOUND);
        final boolean outbound = b.installed.remove(RuleDirection.OUTBOUND);
        if (b.installed.remove(RuleDirection.PROBE)) {
            whenDone(safe(() -> rules.remove(path, RuleDirection.PROBE)), "remove probe " + b.id);
        }
        final CompletionStage<Void> first = outbound ? safe(() -> rules.remove(path, RuleDirection.OUTBOUND))
            : CompletableFuture.completedFuture(null);
        whenDone(first, "remove outbound " + b.id);
        if (inbound) {
            first.handle((ok, error) -> null).thenRun(() ->
                whenDone(safe(() -> rules.remove(path, RuleDirection.INBOUND)), "remove inbound " + b.id));
        }
    }

    private void whenDone(CompletionStage<Void> stage, String what) {
        stage.whenComplete((ok, error) -> {
            if (error != null) {
                synchronized (this) {
                    counters.removeFailures++;
                }
                LOG.warn("Switch operation failed: {}", what, error);
            }
        });
    }

    private static CompletionStage<Void> safe(java.util.function.Supplier<CompletionStage<Void>> call) {
        try {
            final CompletionStage<Void> stage = call.get();
            return stage != null ? stage : CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private void add(Bypass b) {
        bypasses.put(b.id, b);
        liveByFlow.put(b.flow.canonical(), b);
        leftToPeerUntil.remove(b.flow.canonical());
    }

    private List<Bypass> livesOf(Uid peer) {
        final List<Bypass> lives = new ArrayList<>();
        for (Bypass b : liveByFlow.values()) {
            if (b.peer.equals(peer)) {
                lives.add(b);
            }
        }
        return lives;
    }

    private void releasePort(Bypass b) {
        if (b.portHeld) {
            b.portHeld = false;
            ports.release(b.id);
        }
    }

    private long newId() {
        do {
            nextId = nextId >= BypassCodec.MAX_ID || nextId < 1 ? 1 : nextId + 1;
        } while (bypasses.containsKey(nextId));
        return nextId;
    }

    private long seq() {
        return nextSequence++;
    }

    private void sendRequest(Bypass b) {
        send(b.peer, new BypassMessage.Request(self, seq(), b.id, b.flow, b.local.endpoint(), b.local.allocatedPort(),
            config.capabilities().withFiltered(b.localFiltered)));
    }

    private void sendAccept(Bypass b) {
        send(b.peer, new BypassMessage.Accept(self, seq(), b.id, b.local.endpoint(), b.local.allocatedPort(),
            b.opening));
    }

    private void sendTeardown(Bypass b) {
        send(b.peer, new BypassMessage.Teardown(self, seq(), b.id,
            b.teardownReason != null ? b.teardownReason : TeardownReason.OTHER));
    }

    private void send(Uid peer, BypassMessage message) {
        counters.sent(message.type());
        try {
            sender.send(peer.toBytes(), BypassCodec.encode(message));
        } catch (RuntimeException e) {
            // Best effort like the network under it: the retry timer covers a refused send.
            LOG.warn("Sending bypass {} to {} failed", message.type(), peer, e);
        }
    }

    private void event(BypassEvent.Kind kind, Bypass b, String detail) {
        try {
            listener.onEvent(new BypassEvent(kind, b.id, b.peer, b.flow, detail));
        } catch (RuntimeException e) {
            LOG.warn("Bypass listener failed on {}", kind, e);
        }
    }
}
