/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import org.opendaylight.vias.overlay.Ipv4;

/**
 * An address on the underlay (the physical network): where the peer's bypass traffic for one flow must be sent.
 *
 * @param ip   IPv4 address as a 32-bit value
 * @param port TCP or UDP port (same protocol as the flow), 1..65535
 */
public record UnderlayEndpoint(int ip, int port) {
    public UnderlayEndpoint {
        if (!Ipv4.isUnicast(ip)) {
            throw new IllegalArgumentException("ip: must be unicast, was " + Ipv4.format(ip));
        }
        if (port < 1 || port > 0xffff) {
            throw new IllegalArgumentException("port: must be in 1..65535, was " + port);
        }
    }

    public static UnderlayEndpoint of(String ip, int port) {
        return new UnderlayEndpoint(Ipv4.parse(ip), port);
    }

    @Override
    public String toString() {
        return Ipv4.format(ip) + ":" + port;
    }
}
