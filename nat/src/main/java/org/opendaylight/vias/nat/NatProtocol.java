/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import java.util.Locale;
import org.opendaylight.vias.rules.FlowMatch;

/**
 * The protocols the NAT translates. TCP and UDP are translated by OpenFlow rules (port rewrite); ICMP echo is
 * translated by the controller (identifier rewrite), because OpenFlow 1.3 has no set-field for the echo identifier.
 */
public enum NatProtocol {
    TCP(FlowMatch.PROTO_TCP),
    UDP(FlowMatch.PROTO_UDP),
    ICMP(FlowMatch.PROTO_ICMP);

    private final short ipProto;

    NatProtocol(final short ipProto) {
        this.ipProto = ipProto;
    }

    public short ipProto() {
        return ipProto;
    }

    /** Whether switch rules can translate this protocol (OpenFlow 1.3 sets tcp/udp ports, nothing for ICMP). */
    public boolean translatedBySwitch() {
        return this != ICMP;
    }

    public static NatProtocol ofIpProto(final int ipProto) {
        for (NatProtocol p : values()) {
            if (p.ipProto == ipProto) {
                return p;
            }
        }
        throw new IllegalArgumentException("protocol: " + ipProto + " is not tcp(6), udp(17) or icmp(1)");
    }

    /** Parses "tcp", "udp" or "icmp" in any case. */
    public static NatProtocol parse(final String text) {
        if (text != null) {
            for (NatProtocol p : values()) {
                if (p.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("protocol: must be tcp, udp or icmp, was '" + text + "'");
    }

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
