/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.ice.NatBehaviour;
import org.opendaylight.vias.overlay.ice.SelectedPath;

/**
 * Our side of the underlay path to one peer, as the bypass needs it: the host's own address (what our switch
 * rewrites to and matches), the public address the peer must send to, and what the NAT in between does.
 *
 * @param underlayIp the host's own underlay address on the path (the ICE base, or {@code bypass/underlay-address})
 * @param publicIp   the address the peer reaches us at: STUN's mapping behind a NAT, else {@code underlayIp}
 * @param nat        the NAT's behaviour as STUN showed it
 */
public record PathMapping(int underlayIp, int publicIp, NatBehaviour nat) {

    /** A path with nothing known about a NAT: the peer is told our own address (the behaviour without STUN). */
    public static PathMapping direct(final int underlayIp) {
        return new PathMapping(underlayIp, underlayIp, NatBehaviour.UNKNOWN);
    }

    /**
     * Our side of the ICE path selected for a link; empty when its base is not IPv4.
     *
     * @param configuredUnderlay {@code bypass/underlay-address}, which replaces the ICE base as our own address
     */
    public static Optional<PathMapping> of(final SelectedPath path, final Optional<Integer> configuredUnderlay) {
        final Optional<Integer> base = ipv4(path.base());
        if (base.isEmpty()) {
            return configuredUnderlay.map(PathMapping::direct);
        }
        final int own = configuredUnderlay.orElse(base.orElseThrow());
        final NatBehaviour nat = path.nat();
        final int mapped = nat == NatBehaviour.PORT_PRESERVING ? ipv4(path.reflexive()).orElse(own) : own;
        return Optional.of(new PathMapping(own, mapped, nat));
    }

    /**
     * Whether the peer can be told where a port we allocate is reachable on a direct path: not so behind a
     * port-changing NAT, nor when ICE itself found no direct path (relayed).
     */
    public boolean predictable() {
        return nat.predictable();
    }

    /** "port-preserving 203.0.113.11 for 10.201.0.2", "none 10.0.0.1", "relayed: no direct path", for the operator. */
    @Override
    public String toString() {
        final String name = nat.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        if (nat == NatBehaviour.RELAYED) {
            return name + ": no direct path";
        }
        return publicIp == underlayIp ? name + " " + Ipv4.format(underlayIp)
            : name + " " + Ipv4.format(publicIp) + " for " + Ipv4.format(underlayIp);
    }

    private static Optional<Integer> ipv4(final InetSocketAddress address) {
        if (address == null) {
            return Optional.empty();
        }
        final InetAddress ip = address.getAddress();
        if (!(ip instanceof Inet4Address)) {
            return Optional.empty();
        }
        final byte[] b = ip.getAddress();
        return Optional.of((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff);
    }
}
