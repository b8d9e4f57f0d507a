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
import java.util.List;
import java.util.Map;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.DropReason;
import org.opendaylight.vias.overlay.counters.LinkCounters;
import org.opendaylight.vias.overlay.forwarding.ForwardingTable;
import org.opendaylight.vias.overlay.link.PeerLink;
import org.opendaylight.vias.overlay.tap.FramePort;
import org.opendaylight.vias.overlay.wire.IpopCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Send stage, one thread per TAP queue: reads frames, asks the forwarding table where they go, and hands them to the
 * links. Frames are read straight behind a reserved IPOP header so framing needs no copy. The queue is drained
 * without blocking and the links are flushed only when it runs dry, so a burst leaves in few sendmmsg calls.
 */
public final class TapReader implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(TapReader.class);
    private static final long OVERSIZE_LOG_INTERVAL_NANOS = 10_000_000_000L;
    /** Flush at least this often during a long burst so latency stays bounded. */
    private static final int MAX_BURST = 64;

    private final FramePort port;
    private final ForwardingTable table;
    private final Map<Uid, PeerLink> links;
    private final LinkCounters nodeCounters;
    private final int maxFrame;
    private final OversizeReply oversize;
    private final ObserverSlot observer;
    private final List<PeerLink> dirty = new ArrayList<>();
    private volatile boolean running = true;
    /** Frames forwarded since the last flush. */
    private int burst;
    private long lastOversizeLog;

    TapReader(FramePort port, ForwardingTable table, Map<Uid, PeerLink> links, LinkCounters nodeCounters,
            int maxFrame, OversizeReply oversize, ObserverSlot observer) {
        this.port = port;
        this.observer = observer;
        this.table = table;
        this.links = links;
        this.nodeCounters = nodeCounters;
        this.maxFrame = maxFrame;
        this.oversize = oversize;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        final byte[] buf = new byte[IpopCodec.HEADER_LENGTH + 65536];
        while (running && step(buf)) {
            // one frame per step
        }
    }

    /**
     * Reads and forwards one frame, or flushes and waits when the queue is empty; false once the TAP failed.
     *
     * <p>A method of its own, not the body of {@link #run}'s loop: a loop that never returns is compiled only on
     * stack replacement, and once a change of traffic (a bulk transfer, then lone packets) deoptimises that
     * compilation, the loop stays interpreted until it has turned some thousand more times, which at a few packets
     * a second takes minutes. A method called per frame is recompiled like any other.
     */
    private boolean step(byte[] buf) {
        final int n;
        try {
            n = port.read(buf, IpopCodec.HEADER_LENGTH, buf.length - IpopCodec.HEADER_LENGTH);
        } catch (IOException e) {
            if (running) {
                LOG.error("TAP read failed, reader stops", e);
            }
            return false;
        }
        if (n == 0 || burst >= MAX_BURST) {
            flushDirty();
            burst = 0;
            if (n == 0) {
                port.awaitReadable(200);
                return true;
            }
        }
        burst++;
        try {
            forward(buf, n);
        } catch (RuntimeException e) {
            // a bug in forwarding must not kill the reader; the frame is lost and counted
            nodeCounters.drop(DropReason.SEND_FAILED);
            LOG.warn("forwarding a frame failed", e);
        }
        return true;
    }

    private void forward(byte[] buf, int n) {
        if (n < 0 || n > maxFrame) {
            nodeCounters.drop(DropReason.OVERSIZE);
            if (n > 0) {
                oversize.reply(buf, IpopCodec.HEADER_LENGTH, n);
            }
            logOversize(Math.abs(n));
            return;
        }
        if (n < IpopCodec.ETHERNET_HEADER_LENGTH) {
            nodeCounters.drop(DropReason.SHORT_FRAME);
            return;
        }
        final Uid destination = table.destinationOf(buf, IpopCodec.HEADER_LENGTH, n);
        // one volatile read per frame; the observer sees the frame before the link frames (and encrypts) it
        final FrameObserver seen = observer.get();
        if (destination == ForwardingTable.FLOOD) {
            for (PeerLink link : links.values()) {
                if (link.isUp()) {
                    seen.toPeer(link.peer(), buf, IpopCodec.HEADER_LENGTH, n);
                    send(link, buf, n);
                }
            }
        } else if (destination == null) {
            nodeCounters.drop(DropReason.NO_ROUTE);
        } else {
            final PeerLink link = links.get(destination);
            if (link == null) {
                nodeCounters.drop(DropReason.NO_ROUTE);
            } else {
                seen.toPeer(destination, buf, IpopCodec.HEADER_LENGTH, n);
                send(link, buf, n);
            }
        }
    }

    private void send(PeerLink link, byte[] buf, int n) {
        link.sendFrame(buf, n);
        if (!dirty.contains(link)) {
            dirty.add(link);
        }
    }

    private void flushDirty() {
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }

    private void logOversize(int length) {
        final long now = System.nanoTime();
        if (now - lastOversizeLog > OVERSIZE_LOG_INTERVAL_NANOS) {
            lastOversizeLog = now;
            LOG.warn("dropped a {}-byte frame from the TAP: larger than the overlay carries ({} bytes incl. Ethernet "
                + "header); lower the sender's MTU", length, maxFrame);
        }
    }

    /** Tells the sender of an oversize frame (ICMP "fragmentation needed" / "packet too big"). */
    @FunctionalInterface
    public interface OversizeReply {
        void reply(byte[] frame, int off, int len);
    }
}
