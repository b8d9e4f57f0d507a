/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import java.io.IOException;
import org.opendaylight.vias.overlay.ControlChannel;
import org.opendaylight.vias.overlay.Uid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the bypass protocol on the overlay's authenticated {@link ControlChannel}: the negotiator's
 * {@link ControlSender}, and the handler that passes bypass messages (those starting with the "VB" magic) to
 * {@link BypassNegotiator#onMessage}. Other control messages on the channel are left to their own handlers.
 */
public final class BypassControlLink implements ControlSender, ControlChannel.ControlHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BypassControlLink.class);

    private final ControlChannel channel;
    private volatile BypassNegotiator negotiator;

    public BypassControlLink(ControlChannel channel) {
        this.channel = channel;
    }

    /** Connects the receiving side; the negotiator is built with this link as its sender, hence not a constructor
     * argument. Returns the registration: close it to stop receiving. */
    public AutoCloseable attach(BypassNegotiator receiver) {
        this.negotiator = receiver;
        return channel.register(this);
    }

    @Override
    public void send(byte[] peerUid, byte[] message) {
        try {
            channel.send(Uid.of(peerUid), message);
        } catch (IOException e) {
            // No link (or too large): like a lost datagram; the negotiator's retries and timeouts handle it.
            LOG.debug("Bypass message to {} not sent: {}", Uid.of(peerUid), e.getMessage());
        }
    }

    @Override
    public void onControlMessage(Uid peer, byte[] message) {
        final BypassNegotiator receiver = negotiator;
        if (receiver != null && isBypassMessage(message)) {
            receiver.onMessage(peer.toBytes(), message);
        }
    }

    /** True if the control message belongs to the bypass protocol (magic "VB"). */
    public static boolean isBypassMessage(byte[] message) {
        return message != null && message.length >= 2
            && ((message[0] & 0xff) << 8 | message[1] & 0xff) == BypassCodec.MAGIC;
    }
}
