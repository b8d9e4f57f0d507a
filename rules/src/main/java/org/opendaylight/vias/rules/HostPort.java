/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

/** A concrete transport endpoint: an IPv4 address and a TCP/UDP port (or an ICMP echo identifier). */
public record HostPort(int address, int port) {

    public HostPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: must be 0..65535, was " + port);
        }
    }

    public static HostPort of(final String address, final int port) {
        return new HostPort(Ipv4Prefix.parseAddress(address), port);
    }

    public Ipv4Prefix hostPrefix() {
        return Ipv4Prefix.host(address);
    }

    @Override
    public String toString() {
        return Ipv4Prefix.format(address) + ":" + port;
    }
}
