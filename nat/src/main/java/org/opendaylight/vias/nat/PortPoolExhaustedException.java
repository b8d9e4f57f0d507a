/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import org.opendaylight.vias.rules.Ipv4Prefix;

/**
 * Every port of the configured range on one host address and protocol is mapped or used by the host. Existing
 * mappings are unaffected; the new flow is refused until a mapping expires or the range is widened.
 */
public final class PortPoolExhaustedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final NatProtocol protocol;
    private final int hostAddress;

    public PortPoolExhaustedException(final NatProtocol protocol, final int hostAddress, final int low,
            final int high, final int mapped, final int usedByHost) {
        super(String.format("NAT port pool exhausted: no free %s port on %s in %d..%d (%d mapped, %d used by the "
            + "host); existing mappings keep working, new flows are refused until one expires or port-range is "
            + "widened", protocol.lowerName(), Ipv4Prefix.format(hostAddress), low, high, mapped, usedByHost));
        this.protocol = protocol;
        this.hostAddress = hostAddress;
    }

    public NatProtocol protocol() {
        return protocol;
    }

    public int hostAddress() {
        return hostAddress;
    }
}
