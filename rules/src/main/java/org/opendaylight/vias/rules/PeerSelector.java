/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

/**
 * The far end of a conversation as a rule sees it: an address prefix and a port, either of which may be a wildcard
 * ({@code null}). {@link #ANY} is "whoever": what a full-cone NAT's incoming entry matches.
 */
public record PeerSelector(Ipv4Prefix address, Integer port) {
    public static final PeerSelector ANY = new PeerSelector(null, null);

    public PeerSelector {
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("port: must be 0..65535, was " + port);
        }
    }

    /** One host, any port. */
    public static PeerSelector host(final int address) {
        return new PeerSelector(Ipv4Prefix.host(address), null);
    }

    /** Exactly one endpoint. */
    public static PeerSelector exactly(final HostPort endpoint) {
        return new PeerSelector(Ipv4Prefix.host(endpoint.address()), endpoint.port());
    }

    /** Whether this selects one host and one port, so it can also be written into a packet. */
    public boolean isExact() {
        return address != null && address.isHost() && port != null;
    }

    @Override
    public String toString() {
        return (address == null ? "*" : address.isHost() ? address.addressString() : address.toString()) + ":"
            + (port == null ? "*" : port.toString());
    }
}
