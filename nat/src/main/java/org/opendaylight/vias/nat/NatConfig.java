/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import java.util.ArrayList;
import java.util.List;
import org.opendaylight.vias.rules.Ipv4Prefix;
import org.opendaylight.vias.rules.MacAddress;

/**
 * The NAT of one host: the nested VM LAN behind it, the virtual gateway the nested VMs route through, the host's
 * underlay address they are translated to, and the range of host ports the allocator may hand out.
 *
 * <p>The constructor validates every field and reports all problems at once, each naming its field, so an
 * operator fixes a bad config in one round.
 *
 * @param nestedLan the nested VMs' subnet, e.g. 192.168.1.0/24
 * @param gatewayIp the virtual gateway's address inside {@code nestedLan} (answered by the controller)
 * @param gatewayMac the virtual gateway's MAC (unicast)
 * @param hostIp the host's underlay address that nested VMs appear as
 * @param portLow first host port of the dynamic range (best kept outside the host's ephemeral range,
 *                /proc/sys/net/ipv4/ip_local_port_range, so the host's own connections rarely want a mapped port)
 * @param idleTimeoutSeconds how long an unused mapping (and its rules) lives; at most 65535 (OpenFlow's limit)
 */
public record NatConfig(Ipv4Prefix nestedLan, int gatewayIp, MacAddress gatewayMac, int hostIp, int portLow,
        int portHigh, int idleTimeoutSeconds) {

    public static final int DEFAULT_PORT_LOW = 20000;
    public static final int DEFAULT_PORT_HIGH = 29999;
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 300;

    public NatConfig {
        final List<String> problems = problems(nestedLan, gatewayIp, gatewayMac, hostIp, portLow, portHigh,
            idleTimeoutSeconds);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid NAT config: " + String.join("; ", problems));
        }
    }

    /**
     * Parses the textual form (as the YANG config and the Karaf command carry it). Unparseable fields are reported
     * together with invalid ones.
     */
    public static NatConfig parse(final String nestedLan, final String gatewayIp, final String gatewayMac,
            final String hostIp, final int portLow, final int portHigh, final int idleTimeoutSeconds) {
        final List<String> problems = new ArrayList<>();
        final Ipv4Prefix lan = field(problems, "nestedLan", () -> {
            if (nestedLan == null || !nestedLan.contains("/")) {
                throw new IllegalArgumentException("must be a prefix a.b.c.d/len, was '" + nestedLan + "'");
            }
            return Ipv4Prefix.parse(nestedLan);
        });
        final Integer gw = field(problems, "gatewayIp", () -> Ipv4Prefix.parseAddress(nonNull(gatewayIp)));
        final MacAddress mac = field(problems, "gatewayMac", () -> MacAddress.of(gatewayMac));
        final Integer host = field(problems, "hostIp", () -> Ipv4Prefix.parseAddress(nonNull(hostIp)));
        if (lan != null && gw != null && mac != null && host != null) {
            problems.addAll(problems(lan, gw, mac, host, portLow, portHigh, idleTimeoutSeconds));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid NAT config: " + String.join("; ", problems));
        }
        return new NatConfig(lan, gw, mac, host, portLow, portHigh, idleTimeoutSeconds);
    }

    private interface Parser<T> {
        T parse();
    }

    private static <T> T field(final List<String> problems, final String name, final Parser<T> parser) {
        try {
            return parser.parse();
        } catch (IllegalArgumentException e) {
            problems.add(name + ": " + e.getMessage());
            return null;
        }
    }

    private static String nonNull(final String text) {
        if (text == null) {
            throw new IllegalArgumentException("must be set");
        }
        return text;
    }

    private static List<String> problems(final Ipv4Prefix lan, final int gatewayIp, final MacAddress gatewayMac,
            final int hostIp, final int portLow, final int portHigh, final int idleTimeoutSeconds) {
        final List<String> problems = new ArrayList<>();
        if (lan == null) {
            problems.add("nestedLan: must be set");
        } else if (lan.length() < 8 || lan.length() > 30) {
            problems.add("nestedLan: prefix length must be 8..30 (room for a gateway and nested VMs), was " + lan);
        } else {
            final int broadcast = lan.address() | ~Ipv4Prefix.mask(lan.length());
            if (!lan.contains(gatewayIp)) {
                problems.add("gatewayIp: " + Ipv4Prefix.format(gatewayIp) + " is not inside nestedLan " + lan);
            } else if (gatewayIp == lan.address() || gatewayIp == broadcast) {
                problems.add("gatewayIp: " + Ipv4Prefix.format(gatewayIp) + " is the network or broadcast address "
                    + "of " + lan);
            }
            if (lan.contains(hostIp)) {
                problems.add("hostIp: " + Ipv4Prefix.format(hostIp) + " must be outside nestedLan " + lan);
            }
        }
        if (gatewayMac == null) {
            problems.add("gatewayMac: must be set");
        } else if (gatewayMac.isMulticast() || gatewayMac.value().equals("00:00:00:00:00:00")) {
            problems.add("gatewayMac: must be a unicast address, was " + gatewayMac);
        }
        if (!isUsableHost(hostIp)) {
            problems.add("hostIp: " + Ipv4Prefix.format(hostIp) + " is not a unicast host address");
        }
        if (portLow < 1024 || portLow > 65535) {
            problems.add("portLow: must be 1024..65535, was " + portLow);
        }
        if (portHigh < 1024 || portHigh > 65535) {
            problems.add("portHigh: must be 1024..65535, was " + portHigh);
        } else if (portHigh < portLow) {
            problems.add("portHigh: must be >= portLow (" + portLow + "), was " + portHigh);
        }
        if (idleTimeoutSeconds <= 0 || idleTimeoutSeconds > 65535) {
            problems.add("idleTimeoutSeconds: must be 1..65535, was " + idleTimeoutSeconds);
        }
        return problems;
    }

    private static boolean isUsableHost(final int address) {
        final int first = address >>> 24;
        // 0/8 "this network", 127/8 loopback, 224/4 multicast and 240/4 reserved (incl. broadcast) never work.
        return first != 0 && first != 127 && first < 224;
    }

    /** The validated range size: how many concurrent mappings one host address and protocol can hold. */
    public int poolSize() {
        return portHigh - portLow + 1;
    }

    @Override
    public String toString() {
        return "NatConfig[nestedLan=" + nestedLan + ", gateway=" + Ipv4Prefix.format(gatewayIp) + " " + gatewayMac
            + ", hostIp=" + Ipv4Prefix.format(hostIp) + ", ports=" + portLow + ".." + portHigh + ", idle="
            + idleTimeoutSeconds + "s]";
    }
}
