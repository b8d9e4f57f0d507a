/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.transport;

/** Receives the datagrams a {@link PacketTransport} got from its peer. */
@FunctionalInterface
public interface DatagramReceiver {

    /**
     * One datagram from the peer. Ownership of {@code buf} passes to the receiver: the transport allocates a fresh
     * array per datagram (or hands over one it will not touch again), so the receiver may queue it without copying.
     * Must not throw; malformed content is the receiver's to count and drop.
     */
    void onDatagram(byte[] buf, int off, int len);

    /**
     * The transport read a batch of datagrams (one {@code recvmmsg}) and delivered all of them; called only by
     * transports whose {@link PacketTransport#endsReadBatches()} is true. Lets a receiver handle a lone datagram at
     * once on this thread and hand a burst to another thread.
     */
    default void onReadBatchEnd() {
        // nothing batched by default
    }
}
