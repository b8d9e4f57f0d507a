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
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link PacketTransport} to one statically configured peer over a shared {@link UdpSocket}.
 *
 * <p>{@link #sendBatched} collects datagrams in a lock-free queue; {@link #flush} hands them to the event loop in one
 * task, which writes them all and flushes once, so Netty's epoll transport can emit them with one sendmmsg.
 */
final class UdpPeerTransport implements PacketTransport {
    private final UdpSocket socket;
    private final InetSocketAddress remote;
    private final Queue<ByteBuf> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Runnable drain = this::drainOnEventLoop;
    private volatile DatagramReceiver receiver;
    private volatile boolean open = true;

    UdpPeerTransport(UdpSocket socket, InetSocketAddress remote) {
        this.socket = socket;
        this.remote = remote;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        final Channel ch = checkOpen();
        final ByteBuf content = ch.alloc().directBuffer(len).writeBytes(buf, off, len);
        ch.writeAndFlush(new DatagramPacket(content, remote), ch.voidPromise());
    }

    @Override
    public void sendBatched(byte[] buf, int off, int len) throws IOException {
        final Channel ch = checkOpen();
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
