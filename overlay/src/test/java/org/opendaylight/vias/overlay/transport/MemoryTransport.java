/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** A {@link PacketTransport} pair in memory: what one end sends, the other receives, on the sender's thread. */
public final class MemoryTransport implements PacketTransport {
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final int maxDatagram;
    private MemoryTransport other;
    private volatile DatagramReceiver receiver;
    private volatile boolean open = true;
    /** Datagrams this end sent; tests can capture them. */
    public volatile Predicate<byte[]> tap = d -> true;
    public final AtomicLong sent = new AtomicLong();
    /** If true, this end says where read batches end ({@link #injectBatch}), like a recvmmsg socket. */
    private volatile boolean batchesReads;

    private MemoryTransport(InetSocketAddress local, InetSocketAddress remote, int maxDatagram) {
        this.local = local;
        this.remote = remote;
        this.maxDatagram = maxDatagram;
    }

    public static MemoryTransport[] pair(int maxDatagram) {
        final InetSocketAddress a = new InetSocketAddress("127.0.0.1", 10001);
        final InetSocketAddress b = new InetSocketAddress("127.0.0.1", 10002);
        final MemoryTransport ta = new MemoryTransport(a, b, maxDatagram);
        final MemoryTransport tb = new MemoryTransport(b, a, maxDatagram);
        ta.other = tb;
        tb.other = ta;
        return new MemoryTransport[] {ta, tb};
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (!open) {
            throw new IOException("closed");
        }
        final byte[] copy = Arrays.copyOfRange(buf, off, off + len);
        sent.incrementAndGet();
        if (tap.test(copy)) {
            other.inject(copy);
        }
    }

    /** Makes both ends report read batches (set before the receivers start). */
    public static MemoryTransport[] batchingPair(int maxDatagram) {
        final MemoryTransport[] pair = pair(maxDatagram);
        pair[0].batchesReads = true;
        pair[1].batchesReads = true;
        return pair;
    }

    @Override
    public boolean endsReadBatches() {
        return batchesReads;
    }

    /** Delivers datagrams to this end as one read batch: each, then the batch's end (if this end reports them). */
    public void injectBatch(java.util.List<byte[]> datagrams) {
        final DatagramReceiver r = receiver;
        if (r != null && open) {
            synchronized (this) {
                for (byte[] d : datagrams) {
                    r.onDatagram(d, 0, d.length);
                }
                if (batchesReads) {
                    r.onReadBatchEnd();
                }
            }
        }
    }

    /** Delivers a datagram to this end as if the peer had sent it. */
    public void inject(byte[] datagram) {
        if (batchesReads) {
            injectBatch(java.util.List.of(datagram));
            return;
        }
        final DatagramReceiver r = receiver;
        if (r != null && open) {
            r.onDatagram(datagram, 0, datagram.length);
        }
    }

    @Override
    public void setReceiver(DatagramReceiver newReceiver) {
        receiver = newReceiver;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public int maxDatagramSize() {
        return maxDatagram;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
