/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link PacketTransport} to one statically configured peer over a shared {@link UdpSocket}.
 *
 * <p>On epoll every datagram leaves on the caller's thread with one {@code sendto} on the socket's file descriptor:
 * a lone frame goes out at once, without waking the event loop (that hand-off cost a thread wake-up per packet and
 * most of the overlay's ping time). Only when the socket buffer is full ({@code EAGAIN}) is a datagram queued for
 * the event loop, which writes it when the socket is writable again; later datagrams follow it through the queue so
 * the order stays. On NIO (no file descriptor) everything goes through the event loop.
 */
final class UdpPeerTransport implements PacketTransport {
    private final UdpSocket socket;
    private final InetSocketAddress remote;
    private final Queue<ByteBuf> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Runnable drain = this::drainOnEventLoop;
    /** Per sending thread: the datagram in native memory for {@code sendto}. */
    private static final ThreadLocal<ByteBuffer> SEND_BUFFER =
        ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(UdpSocket.MAX_DATAGRAM));
    private final InetAddress remoteIp;
    private final int remotePort;
    private volatile DatagramReceiver receiver;
    private volatile boolean open = true;

    UdpPeerTransport(UdpSocket socket, InetSocketAddress remote) {
        this.socket = socket;
        this.remote = remote;
        this.remoteIp = remote.getAddress();
        this.remotePort = remote.getPort();
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        final Channel ch = checkOpen();
        final Socket fd = socket.nativeSocket();
        if (fd == null || !pending.isEmpty() || len > UdpSocket.MAX_DATAGRAM) {
            enqueue(ch, buf, off, len);
            flush();
            return;
        }
        final ByteBuffer out = SEND_BUFFER.get();
        out.clear();
        out.put(buf, off, len);
        final int sent;
        try {
            sent = fd.sendTo(out, 0, len, remoteIp, remotePort);
        } catch (IOException e) {
            // e.g. ECONNREFUSED from an earlier ICMP port unreachable: this datagram is lost, the socket lives on
            socket.counters().sendFailed.increment();
            throw e;
        }
        socket.counters().sendCalls.increment();
        if (sent == 0) {
            // EAGAIN: the socket buffer is full; the event loop writes it once the socket drains
            socket.counters().deferred.increment();
            enqueue(ch, buf, off, len);
            flush();
        }
    }

    /** Same as {@link #send}: datagrams leave at once, so there is nothing to batch up to a flush. */
    @Override
    public void sendBatched(byte[] buf, int off, int len) throws IOException {
        send(buf, off, len);
    }

    private void enqueue(Channel ch, byte[] buf, int off, int len) {
        pending.add(ch.alloc().directBuffer(len).writeBytes(buf, off, len));
    }

    @Override
    public void flush() {
        if (!pending.isEmpty() && flushScheduled.compareAndSet(false, true)) {
            socket.channel().eventLoop().execute(drain);
        }
    }

    private void drainOnEventLoop() {
        flushScheduled.set(false);
        final Channel ch = socket.channel();
        ByteBuf content;
        int written = 0;
        while ((content = pending.poll()) != null) {
            ch.write(new DatagramPacket(content, remote), ch.voidPromise());
            written++;
        }
        if (written > 0) {
            ch.flush();
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
        // hook for receivers that batch on read completion; nothing to do for now
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
        ByteBuf content;
        while ((content = pending.poll()) != null) {
            content.release();
        }
    }

    @Override
    public String toString() {
        return "udp " + localAddress() + " <-> " + remote;
    }
}
