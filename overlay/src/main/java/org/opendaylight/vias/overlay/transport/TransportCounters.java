/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.transport;

import java.util.concurrent.atomic.LongAdder;

/** Datagram-level counters of one socket: what the kernel handed us that never reached a link. */
public final class TransportCounters {
    /** Datagrams from an address that is no configured/selected peer. */
    public final LongAdder unknownSource = new LongAdder();
    /** Datagrams for a known peer whose link had no receiver yet (still starting). */
    public final LongAdder noReceiver = new LongAdder();
    /** Datagrams we could not send (socket closed, write failed). */
    public final LongAdder sendFailed = new LongAdder();
    /** Datagrams read from the socket (from any source). */
    public final LongAdder datagramsIn = new LongAdder();
    /** Wake-ups of the socket's reader that read at least one datagram: datagramsIn / readBatches per recvmmsg. */
    public final LongAdder readBatches = new LongAdder();
    /** sendto calls made on the senders' own threads. */
    public final LongAdder sendCalls = new LongAdder();
    /** Datagrams the socket buffer had no room for (EAGAIN), written later by the event loop. */
    public final LongAdder deferred = new LongAdder();
    /** UDP GSO sends (one system call each) and the datagrams they carried. */
    public final LongAdder gsoSends = new LongAdder();
    public final LongAdder gsoDatagrams = new LongAdder();

    @Override
    public String toString() {
        return "unknownSource=" + unknownSource.sum() + " noReceiver=" + noReceiver.sum()
            + " sendFailed=" + sendFailed.sum() + " datagramsIn=" + datagramsIn.sum() + " readBatches="
            + readBatches.sum() + " sendCalls=" + sendCalls.sum() + " deferred=" + deferred.sum() + " gsoSends=" + gsoSends.sum() + " gsoDatagrams=" + gsoDatagrams.sum();
    }
}
