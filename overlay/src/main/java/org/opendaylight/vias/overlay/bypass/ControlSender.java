/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

/**
 * Sends a bypass control message to a peer over the authenticated (DTLS) overlay link, never over an unauthenticated
 * socket: the receiver trusts the link for the sender's identity. Implemented by the overlay's control channel.
 * Must not block (queue and return); delivery is best effort, the negotiator retries.
 */
@FunctionalInterface
public interface ControlSender {
    void send(byte[] peerUid, byte[] message);
}
