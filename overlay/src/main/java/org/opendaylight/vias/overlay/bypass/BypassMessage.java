/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import java.util.List;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.meter.FlowKey;

/**
 * A bypass control message. Every message carries the sender's UID (which must be the authenticated peer it came
 * from), a sequence number that only grows (replay protection) and the id of the bypass it is about (0 for
 * keepalives). See overlay/BYPASS.md for the wire format.
 */
public sealed interface BypassMessage {
    Uid sender();

    long sequence();

    long id();

    MessageType type();

    /**
     * Asks the peer to bypass a flow.
     *
     * @param flow          in overlay addresses, oriented requester's VM to responder's VM
     * @param endpoint      where the responder must send the flow's packets on the underlay
     * @param allocatedPort the port the requester's switch rewrites the flow's local port to (equal to
     *                      {@code endpoint.port()} unless a NAT upstream of the requester maps it)
     */
    record Request(Uid sender, long sequence, long id, FlowKey flow, UnderlayEndpoint endpoint,
            int allocatedPort, Capabilities capabilities) implements BypassMessage {
        @Override
        public MessageType type() {
            return MessageType.REQUEST;
        }
    }

    /**
     * The responder agrees and has installed its inbound rule: the requester may send on the underlay (with
     * {@code opening}: once the path is proven by path probes both ways, see {@link PathProbe}).
     */
    record Accept(Uid sender, long sequence, long id, UnderlayEndpoint endpoint, int allocatedPort, boolean opening)
            implements BypassMessage {
        /** An accept for a path that needs no opening. */
        public Accept(Uid sender, long sequence, long id, UnderlayEndpoint endpoint, int allocatedPort) {
            this(sender, sequence, id, endpoint, allocatedPort, false);
        }

        @Override
        public MessageType type() {
            return MessageType.ACCEPT;
        }
    }

    record Reject(Uid sender, long sequence, long id, RejectReason reason) implements BypassMessage {
        @Override
        public MessageType type() {
            return MessageType.REJECT;
        }
    }

    /** The requester has installed both its rules: the responder may install its outbound rule. */
    record Confirm(Uid sender, long sequence, long id) implements BypassMessage {
        @Override
        public MessageType type() {
            return MessageType.CONFIRM;
        }
    }

    record Teardown(Uid sender, long sequence, long id, TeardownReason reason) implements BypassMessage {
        @Override
        public MessageType type() {
            return MessageType.TEARDOWN;
        }
    }

    record TeardownAck(Uid sender, long sequence, long id) implements BypassMessage {
        @Override
        public MessageType type() {
            return MessageType.TEARDOWN_ACK;
        }
    }

    /** Liveness, and the ids the sender believes are agreed with the receiver (the receiver tears down strangers). */
    record Keepalive(Uid sender, long sequence, List<Long> ids) implements BypassMessage {
        public Keepalive {
            ids = List.copyOf(ids);
        }

        @Override
        public long id() {
            return 0;
        }

        @Override
        public MessageType type() {
            return MessageType.KEEPALIVE;
        }
    }
}
