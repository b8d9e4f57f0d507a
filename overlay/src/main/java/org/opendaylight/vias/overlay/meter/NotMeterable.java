/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.meter;

/** Why a frame was not metered: it stays on the overlay whatever its rate. Codes are the negative parser results. */
public enum NotMeterable {
    /** Shorter than Ethernet + IPv4 + L4 ports, or the IPv4 header says more than the frame holds. */
    TRUNCATED,
    /** Destination MAC has the group bit: broadcast or multicast. */
    GROUP_MAC,
    /** Not IPv4 (ARP, IPv6, VLAN-tagged...). */
    NOT_IPV4,
    /** IPv4 but neither TCP nor UDP (ICMP, IGMP...). */
    NOT_TCP_UDP,
    /** A fragment: non-first fragments carry no ports and OVS cannot match ports on any of them. */
    FRAGMENT,
    /** Source or destination is multicast, broadcast, 0.0.0.0 or class E. */
    NOT_UNICAST,
    /** IPv4 header with a bad version or header length. */
    BAD_HEADER;

    private static final NotMeterable[] VALUES = values();

    /** The parser's negative result code for this reason. */
    public int code() {
        return -1 - ordinal();
    }

    public static NotMeterable ofCode(int code) {
        return VALUES[-1 - code];
    }
}
