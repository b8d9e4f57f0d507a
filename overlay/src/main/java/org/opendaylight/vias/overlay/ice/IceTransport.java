/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.ice4j.socket.StunDatagramPacketFilter;
import org.opendaylight.vias.overlay.counters.DropReason;
import org.opendaylight.vias.overlay.transport.DatagramReceiver;
import org.opendaylight.vias.overlay.transport.PacketTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay's link seam ({@link PacketTransport}) on an ICE-selected candidate pair.
 *
 * <p>When our end of the pair is one of our own host sockets (host, server- or peer-reflexive candidates: the pair
 * runs from a UDP socket of this host, whatever the remote end is), the transport claims that {@link HostSocket}:
 * its reader thread reads the socket itself, in batches, delivers the pair's datagrams on that thread and ends each
 * batch ({@link #endsReadBatches()}), and hands STUN (consent freshness, binding requests and responses) and
 * datagrams from other addresses to ice4j, which keeps the pair's checks and consent going; sends go straight out of
 * the socket. Otherwise (our end is a TURN relay, or the socket is not a {@code HostSocket}) it reads and sends
 * through ice4j's component socket, which delivers what came from the selected remote address after ice4j's own
 * reader threads (STUN is taken out by ice4j).
 */
public final class IceTransport implements PacketTransport {
    private static final Logger LOG = LoggerFactory.getLogger(IceTransport.class);
    /** UDP payload on a 1500-byte path: 1500 - 20 (IPv4) - 8 (UDP). */
    static final int DIRECT_MAX = 1472;
    /** Relayed: a TURN Send indication / ChannelData wraps the datagram (up to 36 bytes, rounded up). */
    static final int RELAYED_MAX = DIRECT_MAX - 40;
    /** Datagrams per read batch at most (as a {@code recvmmsg} vector): bounds how long GRO holds frames back. */
    static final int MAX_BATCH = 64;
    /** How long the reader waits for a datagram before it looks whether the transport is still open. */
    private static final int POLL_MILLIS = 500;

    /** Where a datagram read from a claimed host socket goes. */
    enum Route {
        /** Data of the selected pair: to the receiver, on the reading thread. */
        PAIR,
        /** STUN (any source): to ice4j (connectivity checks, consent freshness, TURN). */
        ICE,
        /** Not STUN and not from the pair's remote: to ice4j as well (it drops what it does not know), counted. */
        FOREIGN
    }

    private final MultiplexingDatagramSocket componentSocket;
    private final HostSocket.Claim claim;
    private final SelectedPath path;
    private final Thread reader;
    private final AtomicLong foreign = new AtomicLong();
    private final AtomicLong noReceiver = new AtomicLong();
    private volatile DatagramReceiver receiver;
    private volatile boolean open = true;
    /** Reader thread only: datagrams delivered since the last end of batch. */
    private int deliveredInBatch;

    /**
     * Starts the reader thread on the selected pair.
     *
     * @param hostSocket our socket under the selected pair's local candidate, or null to read through ice4j
     */
    IceTransport(MultiplexingDatagramSocket componentSocket, HostSocket hostSocket, SelectedPath path, String name) {
        this.componentSocket = componentSocket;
        this.path = path;
        this.claim = hostSocket == null ? null : hostSocket.claim(path.remote());
        this.reader = new Thread(claim != null ? this::readClaimed : this::readComponent, "ice-rx-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    public SelectedPath path() {
        return path;
    }

    /** True if this transport reads the pair's host socket itself (false: through ice4j's component socket). */
    public boolean readsHostSocket() {
        return claim != null;
    }

    /** Where a datagram from a claimed host socket goes; {@code datagram} carries its bytes and source. */
    static Route route(DatagramPacket datagram, InetSocketAddress remote) {
        if (StunDatagramPacketFilter.isStunPacket(datagram)) {
            return Route.ICE;
        }
        return remote.equals(datagram.getSocketAddress()) ? Route.PAIR : Route.FOREIGN;
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void readClaimed() {
        final ByteBuffer in = ByteBuffer.allocateDirect(HostSocket.MAX_DATAGRAM);
        final DatagramPacket probe = new DatagramPacket(new byte[0], 0);
        final HostSocket.DatagramSink sink = (datagram, from) -> onClaimedDatagram(datagram, from, probe);
        try {
            while (open) {
                try {
                    if (claim.readBatch(in, MAX_BATCH, POLL_MILLIS, sink) > 0) {
                        endBatch();
                    }
                } catch (IOException e) {
                    if (open) {
                        LOG.info("ICE host socket closed: {}", e.toString());
                    }
                    break;
                } catch (RuntimeException e) {
                    // a bug must not end the link's only reader; the next batch starts afresh
                    deliveredInBatch = 0;
                    LOG.warn("reading the ICE host socket failed", e);
                }
            }
        } finally {
            open = false;
            claim.release();
        }
    }

    private void onClaimedDatagram(ByteBuffer datagram, InetSocketAddress from, DatagramPacket probe) {
        final int len = datagram.remaining();
        final byte[] bytes = new byte[len];
        datagram.get(bytes);
        probe.setData(bytes, 0, len);
        probe.setSocketAddress(from);
        switch (route(probe, claim.remote())) {
            case PAIR -> deliver(bytes);
            case ICE -> claim.forwardToIce(bytes, from);
            default -> {
                foreign.incrementAndGet();
                claim.forwardToIce(bytes, from);
            }
        }
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void deliver(byte[] datagram) {
        final DatagramReceiver r = receiver;
        if (r == null) {
            noReceiver.incrementAndGet();
            return;
        }
        deliveredInBatch++;
        try {
            r.onDatagram(datagram, 0, datagram.length);
        } catch (RuntimeException e) {
            LOG.warn("receiver failed on a datagram", e);
        }
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void endBatch() {
        if (deliveredInBatch == 0) {
            return;
        }
        deliveredInBatch = 0;
        final DatagramReceiver r = receiver;
        if (r == null) {
            return;
        }
        try {
            r.onReadBatchEnd();
        } catch (RuntimeException e) {
            LOG.warn("receiver failed at the end of a read batch", e);
        }
    }

    private void readComponent() {
        final byte[] buf = new byte[65536];
        final DatagramPacket packet = new DatagramPacket(buf, buf.length);
        try {
            componentSocket.setSoTimeout(POLL_MILLIS);
        } catch (IOException e) {
            LOG.debug("cannot set SO_TIMEOUT", e);
        }
        while (open) {
            try {
                packet.setData(buf, 0, buf.length);
                componentSocket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                if (open) {
                    LOG.info("ICE socket closed: {}", e.toString());
                }
                break;
            }
            if (!path.remote().equals(packet.getSocketAddress())) {
                foreign.incrementAndGet();
                continue;
            }
            deliver(Arrays.copyOfRange(buf, packet.getOffset(), packet.getOffset() + packet.getLength()));
        }
        open = false;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (!open) {
            throw new IOException("ICE transport " + path + " is closed");
        }
        if (claim != null) {
            claim.send(buf, off, len);
        } else {
            componentSocket.send(new DatagramPacket(buf, off, len, path.remote()));
        }
    }

    @Override
    public boolean endsReadBatches() {
        return claim != null;
    }

    @Override
    public void setReceiver(DatagramReceiver newReceiver) {
        receiver = newReceiver;
    }

    @Override
    public InetSocketAddress localAddress() {
        return path.local();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return path.remote();
    }

    @Override
    public int maxDatagramSize() {
        return path.relayed() ? RELAYED_MAX : DIRECT_MAX;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Datagrams from addresses other than the selected remote (not STUN; not delivered). */
    public long foreignDatagrams() {
        return foreign.get();
    }

    /** Datagrams of the pair that came while no receiver was set (dropped). */
    long noReceiverDatagrams() {
        return noReceiver.get();
    }

    /**
     * What this transport dropped, by reason, with non-zero counts only: the pair's datagrams that came before a
     * receiver was set ({@link DropReason#NO_RECEIVER}) and, when it reads its host socket itself, datagrams for
     * ice4j that found its queue full ({@link DropReason#ICE_QUEUE_FULL}). The link's own counters cannot count
     * them: the first come before the link exists, the others never reach it.
     */
    public Map<DropReason, Long> drops() {
        final Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        final long unreceived = noReceiver.get();
        if (unreceived != 0) {
            out.put(DropReason.NO_RECEIVER, unreceived);
        }
        final long notForwarded = claim == null ? 0 : claim.forwardDropped();
        if (notForwarded != 0) {
            out.put(DropReason.ICE_QUEUE_FULL, notForwarded);
        }
        return out;
    }

    void markDead() {
        stop();
    }

    @Override
    public void close() {
        receiver = null;
        stop();
    }

    private void stop() {
        open = false;
        if (claim != null) {
            // the reader returns from its wait, sees the transport closed and gives the socket back to ice4j
            claim.wake();
        }
    }

    @Override
    public String toString() {
        return "ice " + path;
    }
}
