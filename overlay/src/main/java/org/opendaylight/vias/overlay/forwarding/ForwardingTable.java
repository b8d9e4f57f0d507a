/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.forwarding;

import org.opendaylight.vias.overlay.Uid;

/** Decides which peer a frame read from the TAP device goes to. Implementations are thread-safe. */
public interface ForwardingTable {
    /** Returned by {@link #destinationOf} for frames every peer gets (compare by identity). */
    Uid FLOOD = Uid.parse("ffffffffffffffffffffffffffffffffffffffff");

    /**
     * The peer for an outgoing Ethernet frame (at least 14 bytes), {@link #FLOOD}, or null to drop it (no route).
     */
    Uid destinationOf(byte[] frame, int off, int len);

    /** Learns from a frame that arrived from {@code peer} over an authenticated link. */
    void learn(byte[] frame, int off, int len, Uid peer);

    /** Forgets everything learned from a peer whose link went down. */
    void forget(Uid peer);
}
