/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.config;

import java.net.InetSocketAddress;
import java.util.List;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.dtls.Fingerprint;
import org.opendaylight.vias.overlay.forwarding.RouteTable;

/**
 * A statically configured link (the ICE/XMPP work replaces this with discovery).
 *
 * @param name the key in the properties file ({@code peer.<name>.*}), for error messages and logs
 * @param fingerprint SHA-256 of the peer's certificate; null only with security=none
 * @param routes router mode: IPv4 prefixes reached through this peer
 */
public record PeerConfig(String name, Uid uid, InetSocketAddress address, Fingerprint fingerprint,
        List<RouteTable.Route> routes) {
    public PeerConfig {
        if (uid == null) {
            throw new IllegalArgumentException("peer." + name + ".uid: must be 40 hex chars");
        }
        if (address == null || address.isUnresolved() || address.getPort() == 0) {
            throw new IllegalArgumentException("peer." + name + ".address: must be ip:port");
        }
        routes = List.copyOf(routes);
    }
}
