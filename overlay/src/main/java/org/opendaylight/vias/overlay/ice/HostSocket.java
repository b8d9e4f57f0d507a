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
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.ice4j.socket.DelegatingDatagramSocket;
import org.opendaylight.vias.overlay.transport.UdpSocket;

/**
 * The UDP socket under an ice4j host candidate, which an {@link IceTransport} can take over for its pair's data.
 *
 * <p>ice4j reads a host candidate's socket with several threads that take turns at the kernel
 * ({@code MultiplexingDatagramSocket}: its STUN connector and the component's {@code MergingDatagramSocket} reader),
 * and the application reads yet another queue behind them, so every data datagram crosses at least one thread
 * hand-off, and which thread reads the kernel is left to chance. ice4j lets an application supply the sockets under
 * its {@code DelegatingDatagramSocket}s ({@link DelegatingDatagramSocket#setDefaultDelegateFactory}); its host
 * harvester builds every host candidate's {@code MultiplexingDatagramSocket} on one of these, so ice4j keeps its
 * whole demultiplexing and only the bottom layer is ours: a non-blocking {@link DatagramChannel}.
 *
 * <p>Until claimed it behaves as a plain socket: whichever ice4j thread receives reads the channel. Once an
 * {@link IceTransport} {@link #claim claims} it for a selected pair, the claiming thread is the channel's only
 * reader ({@link Claim#readBatch}): it keeps the pair's data and passes everything else (STUN: consent freshness,
 * binding requests and responses, TURN; datagrams from other addresses) to ice4j's threads through a small queue
 * ({@link Claim#forwardToIce}), which their {@link #receive} then returns. {@link Claim#release} gives the channel
 * back to ice4j.
 *
 * <p>While claimed, ice4j's readers sleep until a datagram is forwarded, the claim ends or the socket closes: an idle
 * link costs their threads no wake-ups (they used to look every 100 ms whether the claim had ended).
 */
final class HostSocket extends DelegatingDatagramSocket {
    /** Largest UDP payload. */
    static final int MAX_DATAGRAM = 65_535;
    /** Datagrams waiting for ice4j while claimed (STUN and strays; a few per second). */
    private static final int FORWARD_CAPACITY = 256;
    /** How long a send waits for room in a full socket buffer before it fails (a blocking socket waits as well). */
    private static final long SEND_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long SEND_RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /** Bound sockets by local address: how a transport finds the socket under a candidate ice4j selected. */
    private static final Map<InetSocketAddress, HostSocket> BOUND = new ConcurrentHashMap<>();

    private final DatagramChannel channel;
    private final Selector readable;
    /** Held by whoever reads the channel: an ice4j thread in {@link #receive} or the claiming thread. */
    private final ReentrantLock readerLock = new ReentrantLock();
    /** ice4j's read buffer (guarded by readerLock). */
    private final ByteBuffer iceReadBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    /** Guards {@link #toIce}; ice4j's readers wait on {@link #forwardedOrEnded} while the socket is claimed. */
    private final ReentrantLock forwardLock = new ReentrantLock();
    /** Signalled when a datagram is forwarded, the claim ends or the socket closes. */
    private final Condition forwardedOrEnded = forwardLock.newCondition();
    /** Datagrams forwarded to ice4j and not taken yet (guarded by forwardLock). */
    private final ArrayDeque<Forwarded> toIce = new ArrayDeque<>();
    private final AtomicReference<Claim> claim = new AtomicReference<>();
    private final LongAdder forwardDropped = new LongAdder();
    private volatile int soTimeout;
    private volatile boolean closed;
    private volatile InetSocketAddress local;

    private record Forwarded(byte[] data, InetSocketAddress from) {
    }

    private HostSocket(DatagramChannel channel, Selector readable) throws SocketException {
        super(channel.socket());
        this.channel = channel;
        this.readable = readable;
    }

    /** Makes every host candidate socket ice4j creates from now on in this JVM a {@code HostSocket}. */
    static void install() {
        DelegatingDatagramSocket.setDefaultDelegateFactory(HostSocket::open);
    }

    /** ice4j's factory method: an unbound socket (ice4j binds it). */
    static HostSocket open() throws SocketException {
        DatagramChannel ch = null;
        Selector sel = null;
        try {
            ch = DatagramChannel.open();
            ch.configureBlocking(false);
            // as large as the standalone node's: with the system default (208 KiB, about 90 full datagrams) the
            // controller's overlay socket overflows whenever its reader is off the CPU for a few milliseconds
            ch.setOption(StandardSocketOptions.SO_RCVBUF, UdpSocket.SOCKET_BUFFER);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, UdpSocket.SOCKET_BUFFER);
            sel = Selector.open();
            ch.register(sel, SelectionKey.OP_READ);
            return new HostSocket(ch, sel);
        } catch (IOException e) {
            closeQuietly(sel);
            closeQuietly(ch);
            throw e instanceof SocketException se ? se : socketException("cannot open a UDP channel", e);
        }
    }

    /** The bound socket at {@code localAddress}, or null if none is a {@code HostSocket} (e.g. a TURN relay's). */
    static HostSocket boundTo(SocketAddress localAddress) {
        return localAddress instanceof InetSocketAddress isa ? BOUND.get(isa) : null;
    }

    @Override
    public void bind(SocketAddress addr) throws SocketException {
        try {
            super.bind(addr);
            local = (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            // ice4j drops a socket whose bind failed without closing it
            close();
            throw e instanceof SocketException se ? se : socketException("cannot bind to " + addr, e);
        }
        BOUND.put(local, this);
    }

    /**
     * Takes the channel over for the datagrams of the pair with {@code remote}; null if it is closed or claimed
     * already. Only the thread that then calls {@link Claim#readBatch} reads the channel until it releases it.
     */
    Claim claim(InetSocketAddress remote) {
        final Claim c = new Claim(remote);
        if (closed || !claim.compareAndSet(null, c)) {
            return null;
        }
        // an ice4j thread waiting for the channel to become readable looks again and finds the claim
        readable.wakeup();
        return c;
    }

    /** Datagrams for ice4j that did not fit its queue while claimed. */
    long forwardDropped() {
        return forwardDropped.sum();
    }

    /** ice4j's receive: reads the channel, or (while claimed) takes what the claiming thread forwarded. */
    @Override
    public void receive(DatagramPacket packet) throws IOException {
        final int timeout = soTimeout;
        final long deadline = timeout > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout) : Long.MAX_VALUE;
        while (true) {
            if (closed) {
                throw new SocketException("Socket is closed");
            }
            if (Thread.currentThread().isInterrupted()) {
                // a selector returns at once for an interrupted thread; ice4j interrupts its readers to stop them
                throw new SocketTimeoutException("interrupted");
            }
            if (claim.get() != null) {
                if (takeForwarded(packet, deadline)) {
                    return;
                }
                continue;
            }
            readerLock.lock();
            try {
                if (claim.get() == null && readInto(packet, deadline)) {
                    return;
                }
            } finally {
                readerLock.unlock();
            }
        }
    }

    /** One read of the channel into {@code packet}, else one wait for it to become readable. Holds readerLock. */
    private boolean readInto(DatagramPacket packet, long deadline) throws IOException {
        final ByteBuffer buf = iceReadBuffer;
        buf.clear();
        final SocketAddress from = channel.receive(buf);
        if (from == null) {
            awaitReadable(remainingMillis(deadline));
            return false;
        }
        buf.flip();
        final int len = Math.min(buf.remaining(), packet.getLength());
        buf.get(packet.getData(), packet.getOffset(), len);
        packet.setLength(len);
        packet.setSocketAddress(from);
        return true;
    }

    /**
     * Waits for a datagram the claiming thread forwarded and returns it in {@code packet}; false (nothing taken) when
     * the claim ended or the socket closed first, so the caller looks again what to read.
     */
    private boolean takeForwarded(DatagramPacket packet, long deadline) throws IOException {
        final Forwarded f;
        forwardLock.lock();
        try {
            f = awaitForwarded(deadline);
        } finally {
            forwardLock.unlock();
        }
        if (f == null) {
            return false;
        }
        final int len = Math.min(f.data.length, packet.getLength());
        System.arraycopy(f.data, 0, packet.getData(), packet.getOffset(), len);
        packet.setLength(len);
        packet.setSocketAddress(f.from);
        return true;
    }

    /**
     * The next forwarded datagram, waiting (without a limit when {@code deadline} is {@code Long.MAX_VALUE}) until
     * one comes; null as soon as the claim ends or the socket closes. Holds forwardLock.
     */
    private Forwarded awaitForwarded(long deadline) throws SocketTimeoutException {
        try {
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            while (toIce.isEmpty()) {
                if (closed || claim.get() == null) {
                    return null;
                }
                if (deadline == Long.MAX_VALUE) {
                    forwardedOrEnded.await();
                } else if (left <= 0) {
                    throw new SocketTimeoutException("no datagram within " + soTimeout + " ms");
                } else {
                    left = forwardedOrEnded.awaitNanos(left);
                }
            }
            return toIce.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        }
    }

    /** Wakes every ice4j reader waiting for a forwarded datagram: the claim ended or the socket closed. */
    private void wakeForwardWaiters() {
        forwardLock.lock();
        try {
            forwardedOrEnded.signalAll();
        } finally {
            forwardLock.unlock();
        }
    }

    private static SocketTimeoutException interrupted(InterruptedException cause) {
        final SocketTimeoutException e = new SocketTimeoutException("interrupted");
        e.initCause(cause);
        return e;
    }

    private static long remainingMillis(long deadline) throws SocketTimeoutException {
        if (deadline == Long.MAX_VALUE) {
            return 0;
        }
        final long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("receive timed out");
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
    }

    /** Waits until the channel is readable, woken, or {@code millis} passed (0: no limit). Holds readerLock. */
    private void awaitReadable(long millis) throws SocketException {
        try {
            readable.select(millis);
            readable.selectedKeys().clear();
        } catch (ClosedSelectorException e) {
            throw new SocketException("Socket is closed");
        } catch (IOException e) {
            throw socketException("select failed", e);
        }
    }

    /** ice4j's send (STUN, TURN, and the data of pairs that are not claimed). */
    @Override
    public void send(DatagramPacket packet) throws IOException {
        final SocketAddress to = packet.getSocketAddress();
        if (to == null) {
            throw new SocketException("datagram without a destination");
        }
        sendTo(packet.getData(), packet.getOffset(), packet.getLength(), to);
    }

    /** Sends at once; waits (briefly) for room only when the socket buffer is full, as a blocking socket would. */
    void sendTo(byte[] buf, int off, int len, SocketAddress to) throws IOException {
        final ByteBuffer out = ByteBuffer.wrap(buf, off, len);
        long deadline = 0;
        while (channel.send(out, to) == 0) {
            final long now = System.nanoTime();
            if (deadline == 0) {
                deadline = now + SEND_WAIT_NANOS;
            } else if (now - deadline > 0) {
                throw new IOException("UDP send buffer full for " + TimeUnit.NANOSECONDS.toMillis(SEND_WAIT_NANOS)
                    + " ms");
            }
            LockSupport.parkNanos(SEND_RETRY_NANOS);
        }
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        soTimeout = timeout;
    }

    @Override
    public int getSoTimeout() {
        return soTimeout;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        final InetSocketAddress at = local;
        if (at != null) {
            BOUND.remove(at, this);
        }
        // wakes a thread waiting in select or for forwarded datagrams (it then finds the socket closed)
        closeQuietly(readable);
        wakeForwardWaiters();
        super.close();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException e) {
                // closing anyway: nothing is left to release
            }
        }
    }

    private static SocketException socketException(String what, Exception cause) {
        final SocketException e = new SocketException(what + ": " + cause);
        e.initCause(cause);
        return e;
    }

    /** Receives one datagram the claiming thread read; {@code datagram} is valid only during the call. */
    @FunctionalInterface
    interface DatagramSink {
        void accept(ByteBuffer datagram, InetSocketAddress from);
    }

    /** A transport's hold on the channel. Its methods are for the one reading thread, except {@link #wake}. */
    final class Claim {
        private final InetSocketAddress remote;

        private Claim(InetSocketAddress remote) {
            this.remote = remote;
        }

        InetSocketAddress remote() {
            return remote;
        }

        /**
         * Waits up to {@code waitMillis} (at least 1) for a datagram, then reads whatever else the socket holds
         * without waiting, up to {@code max} datagrams in all, handing each to {@code sink}: one read batch.
         *
         * @return how many datagrams were read (0 if none came in time or {@link #wake} was called)
         * @throws IOException when the socket is closed
         */
        int readBatch(ByteBuffer buf, int max, long waitMillis, DatagramSink sink) throws IOException {
            readerLock.lock();
            try {
                int count = 0;
                boolean waited = false;
                while (count < max) {
                    if (closed) {
                        throw new SocketException("Socket is closed");
                    }
                    buf.clear();
                    final SocketAddress from = channel.receive(buf);
                    if (from == null) {
                        if (count > 0 || waited) {
                            break;
                        }
                        awaitReadable(Math.max(1, waitMillis));
                        waited = true;
                        continue;
                    }
                    buf.flip();
                    sink.accept(buf, (InetSocketAddress) from);
                    count++;
                }
                return count;
            } finally {
                readerLock.unlock();
            }
        }

        /** Hands a datagram to ice4j's threads (their {@link HostSocket#receive}); dropped and counted if full. */
        void forwardToIce(byte[] data, InetSocketAddress from) {
            forwardLock.lock();
            try {
                if (toIce.size() >= FORWARD_CAPACITY) {
                    forwardDropped.increment();
                    return;
                }
                toIce.add(new Forwarded(data, from));
                forwardedOrEnded.signal();
            } finally {
                forwardLock.unlock();
            }
        }

        /** Datagrams for ice4j that did not fit its queue (on this socket, since it opened). */
        long forwardDropped() {
            return forwardDropped.sum();
        }

        /** Sends a datagram of the pair. */
        void send(byte[] buf, int off, int len) throws IOException {
            sendTo(buf, off, len, remote);
        }

        /** Makes a {@link #readBatch} in progress return soon (from any thread). */
        void wake() {
            readable.wakeup();
        }

        /** Gives the channel back to ice4j's readers (those waiting for forwarded datagrams go back to the channel). */
        void release() {
            if (claim.compareAndSet(this, null)) {
                wakeForwardWaiters();
            }
        }
    }
}
