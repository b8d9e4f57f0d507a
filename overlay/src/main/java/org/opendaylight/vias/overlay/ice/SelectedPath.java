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
 * The candidate pair ICE selected for a link, and what STUN told about our side of it.
 *
 * @param localType host, srflx, prflx or relay
 * @param remoteType host, srflx, prflx or relay
 * @param base      the host's own address and port the local candidate sends from (its ICE base; equal to
 *                  {@code local} for a host candidate): what our own switch sees as our underlay address
 * @param reflexive the server-reflexive mapping the STUN server saw for that base (our public address and port
 *                  on this path), or null when no STUN server answered
 */
public record SelectedPath(String localType, InetSocketAddress local, String remoteType, InetSocketAddress remote,
        InetSocketAddress base, InetSocketAddress reflexive) {

    /**
     * What a NAT between our side of this path and the STUN server does, as far as one mapping tells; RELAYED when
     * either end is a TURN relay, whatever STUN said (a relayed candidate is its own base, so its "base" is the
     * relay's address and classifying it would call the relay our own address).
     */
    public NatBehaviour nat() {
        return relayed() ? NatBehaviour.RELAYED : NatBehaviour.classify(base, reflexive);
    }

    /** True if either end is a TURN relay. */
    public boolean relayed() {
        return "relay".equals(localType) || "relay".equals(remoteType);
    }

    @Override
    public String toString() {
        return localType + " " + local.getAddress().getHostAddress() + ":" + local.getPort() + " -> " + remoteType
            + " " + remote.getAddress().getHostAddress() + ":" + remote.getPort() + (relayed() ? " (relayed)"
            : " (direct)");
    }
}
