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
import java.util.concurrent.atomic.AtomicLong;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.opendaylight.vias.overlay.transport.DatagramReceiver;
import org.opendaylight.vias.overlay.transport.PacketTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay's link seam ({@link PacketTransport}) on an ICE-selected candidate pair: sends go out through ice4j's
 * component socket (which uses the selected pair's local socket — a plain UDP socket for host/srflx candidates, the
 * TURN allocation for relayed ones); a reader thread delivers the datagrams that come from the selected remote
 * address (STUN is already taken out by ice4j).
 */
public final class IceTransport implements PacketTransport {
    private static final Logger LOG = LoggerFactory.getLogger(IceTransport.class);
    /** UDP payload on a 1500-byte path: 1500 - 20 (IPv4) - 8 (UDP). */
    static final int DIRECT_MAX = 1472;
    /** Relayed: a TURN Send indication / ChannelData wraps the datagram (up to 36 bytes, rounded up). */
    static final int RELAYED_MAX = DIRECT_MAX - 40;

    private final MultiplexingDatagramSocket socket;
    private final SelectedPath path;
    private final Thread reader;
    private final AtomicLong foreign = new AtomicLong();
    private final AtomicLong noReceiver = new AtomicLong();
    private volatile DatagramReceiver receiver;
    private volatile boolean open = true;

    IceTransport(MultiplexingDatagramSocket socket, SelectedPath path, String name) {
        this.socket = socket;
        this.path = path;
        this.reader = new Thread(this::readLoop, "ice-rx-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    public SelectedPath path() {
        return path;
    }

    private void readLoop() {
        final byte[] buf = new byte[65536];
        final DatagramPacket packet = new DatagramPacket(buf, buf.length);
        try {
            socket.setSoTimeout(500);
        } catch (IOException e) {
            LOG.debug("cannot set SO_TIMEOUT", e);
        }
        while (open) {
            try {
                packet.setData(buf, 0, buf.length);
                socket.receive(packet);
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
            final DatagramReceiver r = receiver;
            if (r == null) {
                noReceiver.incrementAndGet();
                continue;
            }
            try {
                r.onDatagram(java.util.Arrays.copyOfRange(buf, packet.getOffset(),
                    packet.getOffset() + packet.getLength()), 0, packet.getLength());
            } catch (RuntimeException e) {
                LOG.warn("receiver failed on a datagram", e);
            }
        }
        open = false;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (!open) {
            throw new IOException("ICE transport " + path + " is closed");
        }
        socket.send(new DatagramPacket(buf, off, len, path.remote()));
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

    /** Datagrams from addresses other than the selected remote (dropped). */
    public long foreignDatagrams() {
        return foreign.get();
    }

    void markDead() {
        open = false;
    }

    @Override
    public void close() {
        open = false;
        receiver = null;
    }

    @Override
    public String toString() {
        return "ice " + path;
    }
}
