/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import java.util.Optional;
import org.opendaylight.vias.overlay.meter.FlowKey;

/**
 * Underlay ports for bypassed flows. The controller implements it with the SDN NAT module's port allocator, so a
 * bypass port never collides with a NAT mapping; the bypass core does not depend on that module.
 */
public interface PortReservation {
    /**
     * What a node tells its peer about its side of one bypass.
     *
     * @param endpoint      address the peer must send to (the underlay address and the allocated port, or their
     *                      mapping on a NAT upstream of this node when one is known)
     * @param allocatedPort the port this node's outbound rule rewrites the flow's local port to and its inbound rule
     *                      matches
     * @param underlayIp    the address this node's outbound rule rewrites the flow's local address to and its
     *                      inbound rule matches: the host's own underlay address, behind any NAT. Only meaningful
     *                      for our own side; for the peer's side (which announces only its endpoint) it is the
     *                      endpoint's address.
     */
    record Reservation(UnderlayEndpoint endpoint, int allocatedPort, int underlayIp) {
        public Reservation {
            if (allocatedPort < 1 || allocatedPort > 0xffff) {
                throw new IllegalArgumentException("allocatedPort: must be in 1..65535, was " + allocatedPort);
            }
        }

        /** A side with no NAT in between, or the peer's side as announced: the underlay address is the endpoint's. */
        public Reservation(UnderlayEndpoint endpoint, int allocatedPort) {
            this(endpoint, allocatedPort, endpoint.ip());
        }

        /** True when the endpoint is a NAT's mapping, not the host's own address and port. */
        public boolean behindNat() {
            return endpoint.ip() != underlayIp || endpoint.port() != allocatedPort;
        }
    }

    /**
     * Whether the peer of this flow could be told where to reach a port we reserve: false when a NAT between us and
     * that peer maps new ports unpredictably (symmetric, or not port-preserving). The negotiator then refuses with
     * {@link RejectReason#NAT_UNSUPPORTED} before reserving anything.
     *
     * @param flow oriented local VM to remote VM
     */
    default boolean mappingPredictable(FlowKey flow) {
        return true;
    }

    /**
     * Whether a NAT on our side of the path to this flow's peer filters unsolicited inbound packets (a
     * port-restricted cone: it lets in only what answers a packet sent from inside), so the path must be opened by
     * path probes from both sides before the flow moves. False without a NAT, or behind a NAT the operator declared
     * one-to-one.
     *
     * @param flow oriented local VM to remote VM
     */
    default boolean needsOpening(FlowKey flow) {
        return false;
    }

    /**
     * Reserves a port of the flow's protocol for bypass {@code id}.
     *
     * @param flow oriented local VM to remote VM
     * @return empty if no port is free (the flow stays on the overlay)
     */
    Optional<Reservation> reserve(long id, FlowKey flow);

    /** Frees the port of bypass {@code id}; unknown ids are ignored. */
    void release(long id);

    /** Takes back the port of a bypass restored after a controller restart; false if it is now taken. */
    default boolean reclaim(long id, FlowKey flow, Reservation reservation) {
        return true;
    }
}
