/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import java.net.InetSocketAddress;

/**
 * What a NAT in front of a host does to its UDP source addresses, judged from one server-reflexive mapping (the
 * STUN server's view of the ICE base). One mapping cannot tell an endpoint-independent NAT that changes ports from
 * a symmetric one; both make the mapping of a port the host has not used yet unpredictable, which is all the
 * bypass needs to know: with {@link #PORT_PRESERVING} the peer can be told our public address and the port we
 * allocate, with {@link #PORT_CHANGING} it cannot.
 */
public enum NatBehaviour {
    /** No STUN answer: nothing is known (the host's own address is used, as without NAT). */
    UNKNOWN,
    /** The STUN server saw the host's own address and port: no NAT on this path. */
    NONE,
    /** A different address, the same port: a one-to-one NAT (or a cone NAT that keeps ports). */
    PORT_PRESERVING,
    /** A different port: a symmetric NAT, or one that does not keep ports; new mappings cannot be predicted. */
    PORT_CHANGING,
    /**
     * The selected pair runs through a TURN relay (on either side): ICE's checks, which punch through any cone NAT,
     * found no direct path between the hosts, so a bypass (a direct path) has none either. This is how a symmetric
     * NAT facing a filtering NAT shows; the relayed side's "base" is the relay's address, not the host's, so it says
     * nothing about a NAT.
     */
    RELAYED;

    /** Whether the peer could be told where a new port of ours is reachable on a direct path. */
    public boolean predictable() {
        return this != PORT_CHANGING && this != RELAYED;
    }

    /**
     * Classifies the path of a base address.
     *
     * @param base      the host's own address and port (the ICE candidate's base)
     * @param reflexive the STUN server's view of it, or null
     */
    public static NatBehaviour classify(final InetSocketAddress base, final InetSocketAddress reflexive) {
        if (base == null || reflexive == null) {
            return UNKNOWN;
        }
        if (base.getPort() != reflexive.getPort()) {
            return PORT_CHANGING;
        }
        return base.getAddress().equals(reflexive.getAddress()) ? NONE : PORT_PRESERVING;
    }
}
