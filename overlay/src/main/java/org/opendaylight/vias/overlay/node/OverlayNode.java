/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.node;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.opendaylight.vias.overlay.ControlChannel;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.LinkCounters;
import org.opendaylight.vias.overlay.forwarding.ForwardingTable;
import org.opendaylight.vias.overlay.link.PeerLink;
import org.opendaylight.vias.overlay.link.SecureLayer;
import org.opendaylight.vias.overlay.tap.FramePort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One overlay node's data plane, independent of where its parts come from: frame ports (TAP queues), a forwarding
 * table and links to peers. {@link StandaloneNode} builds one from an {@code OverlayConfig}; tests build one from
 * in-memory ports and transports.
 */
public final class OverlayNode implements ControlChannel, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OverlayNode.class);
    static final long KEEPALIVE_SECONDS = 5;

    private final Uid self;
    private final ForwardingTable table;
    private final List<FramePort> ports;
    private final int maxFrame;
    private final TapReader.OversizeReply oversizeReply;
    private final Map<Uid, PeerLink> links = new ConcurrentHashMap<>();
    private final LinkCounters nodeCounters = new LinkCounters();
    private final ObserverSlot observer = new ObserverSlot();
    private final FrameDelivery delivery;
    private volatile LinkStateListener linkStateListener = LinkStateListener.NONE;
    private final Set<Uid> upPeers = ConcurrentHashMap.newKeySet();
    private final List<TapReader> readers = new ArrayList<>();
    private final List<Thread> readerThreads = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "overlay-timer");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param ports frame ports; the first one also receives the frames links deliver
     * @param maxFrame largest Ethernet frame (TAP MTU + 14) the overlay carries
     * @param oversizeReply answers frames larger than {@code maxFrame} (ICMP towards the sender)
     */
    public OverlayNode(Uid self, ForwardingTable table, List<FramePort> ports, int maxFrame,
            TapReader.OversizeReply oversizeReply) {
        this.self = self;
        this.table = table;
        this.ports = List.copyOf(ports);
        this.maxFrame = maxFrame;
        this.oversizeReply = oversizeReply;
        this.delivery = new FrameDelivery(table, this.ports.get(0), observer);
    }

    public OverlayNode(Uid self, ForwardingTable table, List<FramePort> ports, int maxFrame) {
        this(self, table, ports, maxFrame, (frame, off, len) -> { });
    }

    public Uid self() {
        return self;
    }

    public int maxFrame() {
        return maxFrame;
    }

    /**
     * Sets the observer of every frame this node carries ({@link FrameObserver#toPeer} on the TAP readers,
     * {@link FrameObserver#fromPeer} on the link receive threads); {@code null} removes it. Takes effect from the
     * next frame; may be called at any time, from any thread.
     */
    public void setFrameObserver(FrameObserver frameObserver) {
        observer.set(frameObserver);
    }

    public FrameObserver frameObserver() {
        return observer.get();
    }

    /** Told when a link's secure session comes up or goes down (also when an up link is removed). */
    public interface LinkStateListener {
        LinkStateListener NONE = (peer, up) -> { };

        /** Called on the link's thread or the caller of {@link #removeLink}; must be quick and must not throw. */
        void linkState(Uid peer, boolean up);
    }

    public void setLinkStateListener(LinkStateListener listener) {
        linkStateListener = listener == null ? LinkStateListener.NONE : listener;
    }

    private void tellLinkState(Uid peer, boolean up) {
        // each up is followed by exactly one down, whichever of the session end and removeLink comes first
        if (up ? !upPeers.add(peer) : !upPeers.remove(peer)) {
            return;
        }
        try {
            linkStateListener.linkState(peer, up);
        } catch (RuntimeException e) {
            LOG.warn("link state listener failed for {}", peer, e);
        }
    }

    /** Adds a link to {@code peer} protected by {@code layer} and starts it (a DTLS layer starts handshaking). */
    public PeerLink addLink(Uid peer, SecureLayer layer) {
        return addLink(peer, layer, new LinkCounters());
    }

    /** Same, with the counters the layer already counts into (DTLS handshakes and drops show on the link). */
    public PeerLink addLink(Uid peer, SecureLayer layer, LinkCounters counters) {
        final PeerLink link = new PeerLink(self, peer, layer, counters, maxFrame);
        if (links.putIfAbsent(peer, link) != null) {
            throw new IllegalStateException("already a link to " + peer);
        }
        link.start(delivery, new SecureLayer.StateListener() {
            @Override
            public void up() {
                LOG.info("link to {} is up", peer);
                link.sendKeepalive();
                if (links.get(peer) == link) {
                    tellLinkState(peer, true);
                }
            }

            @Override
            public void down() {
                LOG.info("link to {} is down", peer);
                table.forget(peer);
                if (links.get(peer) == link) {
                    tellLinkState(peer, false);
                }
            }
        });
        return link;
    }

    /** Removes and closes the link to {@code peer}, if any. */
    public void removeLink(Uid peer) {
        final PeerLink link = links.remove(peer);
        if (link != null) {
            link.close();
            table.forget(peer);
            tellLinkState(peer, false);
        }
    }

    /** Starts one reader thread per frame port and the keepalive timer. */
    public void start() {
        for (int i = 0; i < ports.size(); i++) {
            final TapReader reader = new TapReader(ports.get(i), table, links, nodeCounters, maxFrame, oversizeReply,
                observer);
            final Thread thread = new Thread(reader, "overlay-tap-" + i);
            thread.setDaemon(true);
            readers.add(reader);
            readerThreads.add(thread);
            thread.start();
        }
        timer.scheduleWithFixedDelay(() -> links.values().forEach(PeerLink::sendKeepalive), KEEPALIVE_SECONDS,
            KEEPALIVE_SECONDS, TimeUnit.SECONDS);
    }

    /** Links by peer, for status. */
    public Map<Uid, PeerLink> links() {
        return Map.copyOf(links);
    }

    /** Counters of drops that belong to no link (no route, oversize or short frames from the TAP). */
    public LinkCounters.Snapshot nodeCounters() {
        return nodeCounters.snapshot();
    }

    /** Per-link counters, by peer. */
    public Map<Uid, LinkCounters.Snapshot> linkCounters() {
        final Map<Uid, LinkCounters.Snapshot> result = new LinkedHashMap<>();
        links.forEach((uid, link) -> result.put(uid, link.counters().snapshot()));
        return result;
    }

    @Override
    public void send(Uid peer, byte[] message) throws IOException {
        final PeerLink link = links.get(peer);
        if (link == null || !link.isUp()) {
            throw new IOException("no established link to " + peer);
        }
        link.sendControl(message);
    }

    @Override
    public AutoCloseable register(ControlHandler handler) {
        return delivery.register(handler);
    }

    @Override
    public Set<Uid> reachablePeers() {
        return links.values().stream().filter(PeerLink::isUp).map(PeerLink::peer).collect(Collectors.toSet());
    }

    @Override
    public int maxMessageSize() {
        return links.values().stream().mapToInt(PeerLink::maxControlMessage).min().orElse(0);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        readers.forEach(TapReader::stop);
        // through removeLink so that every link reported up is reported down
        new ArrayList<>(links.keySet()).forEach(this::removeLink);
        for (Thread t : readerThreads) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
