/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link PacketTransport} to one statically configured peer over a shared {@link UdpSocket}.
 *
 * <p>On epoll every datagram leaves on the caller's thread with one {@code sendto} on the socket's file descriptor:
 * a lone frame goes out at once, without waking the event loop (that hand-off cost a thread wake-up per packet and
 * most of the overlay's ping time). Only when the socket buffer is full ({@code EAGAIN}) is a datagram handed to the
 * event loop, which writes it when the socket is writable again; while anything handed off is unwritten, later
 * datagrams follow it through the event loop, so a flow's packets never overtake each other (TCP inside would take
 * reordering for loss). On NIO (no file descriptor) everything goes through the event loop.
 *
 * <p>{@link #sendBatched} collects a burst per sending thread for UDP GSO ({@link GsoBatch}: datagrams of one size
 * in one buffer); {@link #flush} sends a lone datagram at once with {@code sendto} and hands a batch of several to
 * the event loop as one {@code UDP_SEGMENT} send, which the kernel (or the NIC) cuts into the same datagrams, so the
 * peer needs nothing new. A burst then costs one system call and one wake-up instead of one per datagram.
 */
final class UdpPeerTransport implements PacketTransport {
    private final UdpSocket socket;
    private final InetSocketAddress remote;
    /** Datagrams handed to the event loop and not yet written: later ones must follow them there, in order. */
    private final AtomicInteger handedOff = new AtomicInteger();
    private final ChannelFutureListener written = future -> handedOff.decrementAndGet();
    /** Per sending thread: the datagram in native memory for {@code sendto}. */
    private static final ThreadLocal<ByteBuffer> SEND_BUFFER =
        ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(UdpSocket.MAX_DATAGRAM));
    private final InetAddress remoteIp;
    private final int remotePort;
    /** Per sending thread: the burst collected for one GSO send, or null where GSO is off or unsupported. */
    private final ThreadLocal<Burst> bursts;
    private volatile DatagramReceiver receiver;
    private volatile boolean open = true;

    UdpPeerTransport(UdpSocket socket, InetSocketAddress remote) {
        this.socket = socket;
        this.remote = remote;
        this.remoteIp = remote.getAddress();
        this.remotePort = remote.getPort();
        this.bursts = socket.udpGso() ? ThreadLocal.withInitial(Burst::new) : null;
    }

    /** One thread's burst: the sizes in {@link GsoBatch}, the bytes in a direct buffer. */
    private static final class Burst {
        final GsoBatch batch = new GsoBatch();
        ByteBuf bytes;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        final Channel ch = checkOpen();
        if (len > UdpSocket.MAX_DATAGRAM) {
            handOff(ch, new DatagramPacket(Unpooled.copiedBuffer(buf, off, len), remote));
            return;
        }
        final ByteBuffer out = SEND_BUFFER.get();
        out.clear();
        out.put(buf, off, len);
        sendNow(ch, out, len);
    }

    /** Sends {@code direct[0, len)} with sendto on this thread, or queues it behind what is queued already. */
    private void sendNow(Channel ch, ByteBuffer direct, int len) throws IOException {
        final Socket fd = socket.nativeSocket();
        if (fd == null || handedOff.get() > 0) {
            handOff(ch, direct, len);
            return;
        }
        final int sent;
        try {
            sent = fd.sendTo(direct, 0, len, remoteIp, remotePort);
        } catch (IOException e) {
            // e.g. ECONNREFUSED from an earlier ICMP port unreachable: this datagram is lost, the socket lives on
            socket.counters().sendFailed.increment();
            throw e;
        }
        socket.counters().sendCalls.increment();
        if (sent == 0) {
            // EAGAIN: the socket buffer is full; the event loop writes it once the socket drains
            socket.counters().deferred.increment();
            handOff(ch, direct, len);
        }
    }

    @Override
    public void sendBatched(byte[] buf, int off, int len) throws IOException {
        if (bursts == null || len > UdpSocket.MAX_DATAGRAM) {
            send(buf, off, len);
            return;
        }
        final Channel ch = checkOpen();
        final Burst burst = bursts.get();
        if (!burst.batch.accepts(len)) {
            sendBurst(ch, burst);
        }
        if (burst.bytes == null) {
            burst.bytes = ch.alloc().directBuffer(GsoBatch.MAX_BYTES);
        }
        burst.bytes.writeBytes(buf, off, len);
        burst.batch.add(len);
        if (burst.batch.full()) {
            sendBurst(ch, burst);
        }
    }

    /** Sends this thread's burst: one datagram with sendto here, several as one GSO send by the event loop. */
    private void sendBurst(Channel ch, Burst burst) throws IOException {
        final GsoBatch batch = burst.batch;
        final ByteBuf bytes = burst.bytes;
        final int count = batch.count();
        final int segment = batch.segment();
        batch.clear();
        if (count == 1) {
            final int len = bytes.readableBytes();
            final ByteBuffer direct = bytes.nioBuffer(bytes.readerIndex(), len);
            bytes.clear();
            sendNow(ch, direct, len);
        } else if (count > 1) {
            burst.bytes = null; // Netty releases it once written
            socket.counters().gsoSends.increment();
            socket.counters().gsoDatagrams.add(count);
            handOff(ch, new SegmentedDatagramPacket(bytes, segment, remote));
        }
    }

    private void handOff(Channel ch, ByteBuffer direct, int len) {
        final ByteBuffer view = direct.duplicate();
        view.clear().limit(len);
        handOff(ch, new DatagramPacket(ch.alloc().directBuffer(len).writeBytes(view), remote));
    }

    /** The event loop writes {@code packet} (waiting for room in the socket buffer if need be); order is kept. */
    private void handOff(Channel ch, DatagramPacket packet) {
        handedOff.incrementAndGet();
        ch.eventLoop().execute(() -> ch.writeAndFlush(packet).addListener(written));
    }

    @Override
    public void flush() {
        if (bursts == null) {
            return;
        }
        final Burst burst = bursts.get();
        if (burst.batch.count() > 0) {
            try {
                sendBurst(socket.channel(), burst);
            } catch (IOException e) {
                // counted by sendNow; a datagram lost like any other, nobody to tell
            }
        }
    }

    private Channel checkOpen() throws IOException {
        final Channel ch = socket.channel();
        if (!open || !ch.isActive()) {
            socket.counters().sendFailed.increment();
            throw new IOException("transport to " + remote + " is closed");
        }
        return ch;
    }

    void deliver(byte[] bytes, int len) {
        final DatagramReceiver r = receiver;
        if (r == null || !open) {
            socket.counters().noReceiver.increment();
            return;
        }
        r.onDatagram(bytes, 0, len);
    }

    void readComplete() {
        final DatagramReceiver r = receiver;
        if (r != null && open) {
            r.onReadBatchEnd();
        }
    }

    @Override
    public boolean endsReadBatches() {
        return true;
    }

    @Override
    public void setReceiver(DatagramReceiver newReceiver) {
        this.receiver = newReceiver;
    }

    @Override
    public InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public int maxDatagramSize() {
        final int ipHeader = remote.getAddress() instanceof Inet6Address ? 40 : 20;
        return socket.pathMtu() - ipHeader - 8;
    }

    @Override
    public boolean isOpen() {
        return open && socket.channel().isActive();
    }

    @Override
    public void close() {
        open = false;
        receiver = null;
        socket.remove(this);
        if (bursts != null) {
            final Burst burst = bursts.get();
            if (burst.bytes != null) {
                burst.bytes.release();
                burst.bytes = null;
            }
            burst.batch.clear();
        }
    }

    @Override
    public String toString() {
        return "udp " + localAddress() + " <-> " + remote;
    }
}
