/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay;

import java.io.IOException;
import java.util.Set;

/**
 * Control messages to and from peers over the same authenticated (DTLS) links that carry the overlay's frames: IPOP
 * messages of type CONTROL. VIAS uses it to negotiate bypass flows with the remote VIAS. Delivery is best effort,
 * unordered and without retransmission (it is UDP underneath); the protocol on top must retry and match replies.
 * A message is opaque bytes of at most {@link #maxMessageSize()}.
 */
public interface ControlChannel {

    /**
     * Sends one message to a peer.
     *
     * @throws IOException if there is no established link to {@code peer} or the message is too large
     */
    void send(Uid peer, byte[] message) throws IOException;

    /**
     * Registers a handler for messages from any peer. Handlers run on the link's receive thread: they must return
     * quickly (hand work off) and must not throw.
     *
     * @return closing it unregisters the handler
     */
    AutoCloseable register(ControlHandler handler);

    /** Peers whose link is up right now. */
    Set<Uid> reachablePeers();

    /** Largest message {@link #send} accepts. */
    int maxMessageSize();

    /** Receives control messages. */
    @FunctionalInterface
    interface ControlHandler {
        /** {@code peer} is authenticated: the link checked its certificate fingerprint and the UID in the header. */
        void onControlMessage(Uid peer, byte[] message);
    }
}
