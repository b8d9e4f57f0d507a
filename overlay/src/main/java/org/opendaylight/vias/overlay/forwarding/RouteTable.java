/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.forwarding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.Uid;

/**
 * Router mode: IPv4 destination → peer by longest-prefix match over configured routes. Frames that carry no IPv4
 * (ARP, IPv6 ND...) are flooded so address resolution still works across the overlay; IPv4 with no route is dropped.
 */
public final class RouteTable implements ForwardingTable {
    private final List<Route> routes;

    public RouteTable(List<Route> routes) {
        final List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt(Route::prefixLength).reversed());
        this.routes = List.copyOf(sorted);
    }

    @Override
    public Uid destinationOf(byte[] frame, int off, int len) {
        if (EthernetFrames.isGroup(EthernetFrames.destinationMac(frame, off))) {
            return FLOOD;
        }
        if (EthernetFrames.etherType(frame, off) != EthernetFrames.ETHERTYPE_IPV4) {
            return FLOOD;
        }
        if (len < 14 + 20) {
            return null;
        }
        final int dst = EthernetFrames.ipv4Destination(frame, off);
        for (Route route : routes) {
            if (route.contains(dst)) {
                return route.peer();
            }
        }
        return null;
    }

    @Override
    public void learn(byte[] frame, int off, int len, Uid peer) {
        // routes are configured, not learned
    }

    @Override
    public void forget(Uid peer) {
        // routes are configured, not learned
    }

    /** An IPv4 prefix routed to a peer. */
    public record Route(int network, int prefixLength, Uid peer) {
        public Route {
            if (prefixLength < 0 || prefixLength > 32) {
                throw new IllegalArgumentException("prefix length must be 0..32");
            }
            network &= Ipv4.mask(prefixLength);
        }

        /** Parses "10.1.0.0/16". */
        public static Route parse(String cidr, Uid peer) {
            final Ipv4.Cidr parsed = Ipv4.Cidr.parse(cidr.trim());
            return new Route(parsed.address(), parsed.length(), peer);
        }

        boolean contains(int address) {
            return (address & Ipv4.mask(prefixLength)) == network;
        }
    }
}
