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

/**
 * The link seam: an unreliable, message-oriented path to exactly one remote peer.
 *
 * <p>Everything above this interface (DTLS, the IPOP codec, switching) only needs "send a datagram to the peer" and
 * "tell me about datagrams from the peer". Below it sits either the statically configured Netty-epoll UDP socket
 * ({@link UdpSocket#transportTo}) or, later, an ICE-selected candidate pair. An implementation must:
 * <ul>
 *   <li>deliver only datagrams that came from {@link #remoteAddress()} (demultiplexing is the transport's job, so a
 *       stranger's datagrams never reach the DTLS state of a link);</li>
 *   <li>never block the caller of {@link #send} for long (queue or drop; the overlay is a best-effort L2 link);</li>
 *   <li>call the {@link DatagramReceiver} from one thread at a time (its own I/O thread is fine).</li>
 * </ul>
 * The DTLS layer ({@code org.opendaylight.vias.overlay.dtls.DtlsLink}) works on top of any implementation.
 */
public interface PacketTransport extends AutoCloseable {

    /**
     * Sends one datagram to the peer now. The bytes are copied or consumed before this returns, so the caller may
     * reuse {@code buf}.
     *
     * @throws IOException if the transport is closed or the datagram cannot be queued
     */
    void send(byte[] buf, int off, int len) throws IOException;

    /**
     * Queues one datagram to be sent at the next {@link #flush()}; lets a busy sender hand several datagrams to the
     * kernel in one system call (sendmmsg). Implementations without batching just send.
     */
    default void sendBatched(byte[] buf, int off, int len) throws IOException {
        send(buf, off, len);
    }

    /** True if this transport calls {@link DatagramReceiver#onReadBatchEnd()} after each batch of datagrams. */
    default boolean endsReadBatches() {
        return false;
    }

    /** Pushes out whatever {@link #sendBatched} queued. */
    default void flush() {
        // nothing queued by the default sendBatched
    }

    /**
     * Sets who receives the peer's datagrams (replacing any earlier receiver). Datagrams arriving while no receiver
     * is set are dropped and counted by the implementation.
     */
    void setReceiver(DatagramReceiver receiver);

    /** Our side of the path (the bound socket address). */
    InetSocketAddress localAddress();

    /** The peer's side of the path; only datagrams from here are delivered. */
    InetSocketAddress remoteAddress();

    /**
     * The largest UDP payload that crosses the path without IP fragmentation: path MTU minus IP and UDP headers.
     * The overlay derives its TAP MTU from this.
     */
    int maxDatagramSize();

    boolean isOpen();

    /** Stops delivery and releases what this transport owns (a shared socket stays open for other peers). */
    @Override
    void close();
}
