/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders rules the way {@code ovs-ofctl -O OpenFlow13 dump-flows} prints them (OVS 3.x), so tests and operators
 * can compare what VIAS meant with what a switch holds, line for line, after {@link #normalizeDumpLine} strips the
 * counters that change while a rule lives.
 */
public final class OfctlFormat {
    private static final Pattern VOLATILE =
        Pattern.compile("(duration|n_packets|n_bytes|idle_age|hard_age)=[^,\\s]*,?\\s*");

    private OfctlFormat() {
    }

    /** The rule as a normalized dump line: {@code cookie=..,table=..,[flags]priority=..[,match] actions=..}. */
    public static String rule(final FlowRule rule) {
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format("cookie=0x%x,table=%d,", rule.cookie().value(), rule.table().id()));
        // OVS 3.1 prints the timeouts first, then the flags, each flag followed by a space (seen on a real bridge).
        if (rule.idleTimeout() > 0) {
            sb.append("idle_timeout=").append(rule.idleTimeout()).append(',');
        }
        if (rule.hardTimeout() > 0) {
            sb.append("hard_timeout=").append(rule.hardTimeout()).append(',');
        }
        if (rule.sendFlowRemoved()) {
            sb.append("send_flow_rem ");
        }
        sb.append("priority=").append(rule.priority());
        final String matchText = match(rule.match());
        if (!matchText.isEmpty()) {
            sb.append(',').append(matchText);
        }
        return sb.append(" actions=").append(actions(rule)).toString();
    }

    /** Strips per-rule counters and spacing from one dump-flows line so it compares equal to {@link #rule}. */
    public static String normalizeDumpLine(final String line) {
        return VOLATILE.matcher(line.trim()).replaceAll("").replace(", ", ",").trim();
    }

    /** The match in OVS's field order, with OVS's protocol shorthands (ip, tcp, udp, icmp, arp). */
    public static String match(final FlowMatch match) {
        final List<String> parts = new ArrayList<>();
        if (match.ethType() != null) {
            parts.add(protocol(match));
        }
        if (match.inPort() != null) {
            parts.add("in_port=" + port(match.inPort()));
        }
        if (match.ethSrc() != null) {
            parts.add("dl_src=" + match.ethSrc());
        }
        if (match.ethDst() != null) {
            parts.add("dl_dst=" + match.ethDst() + (match.ethDstMask() != null ? "/" + match.ethDstMask() : ""));
        }
        if (match.ipv4Src() != null) {
            parts.add("nw_src=" + prefix(match.ipv4Src()));
        }
        if (match.ipv4Dst() != null) {
            parts.add("nw_dst=" + prefix(match.ipv4Dst()));
        }
        if (match.arpTargetIp() != null) {
            parts.add("arp_tpa=" + prefix(match.arpTargetIp()));
        }
        if (match.arpOp() != null) {
            parts.add("arp_op=" + match.arpOp());
        }
        if (match.tpSrc() != null) {
            parts.add("tp_src=" + match.tpSrc());
        }
        if (match.tpDst() != null) {
            parts.add("tp_dst=" + match.tpDst());
        }
        if (match.icmpType() != null) {
            parts.add("icmp_type=" + match.icmpType());
        }
        if (match.ipDscp() != null) {
            // ovs-ofctl shows the DSCP as nw_tos, the whole TOS byte
            parts.add("nw_tos=" + (match.ipDscp() << 2));
        }
        return String.join(",", parts);
    }

    private static String protocol(final FlowMatch match) {
        final int type = match.ethType();
        if (type == FlowMatch.ETH_ARP) {
            return "arp";
        }
        if (type == FlowMatch.ETH_IPV6) {
            return "ipv6";
        }
        if (type != FlowMatch.ETH_IPV4) {
            return String.format("dl_type=0x%04x", type);
        }
        if (match.ipProto() == null) {
            return "ip";
        }
        return switch (match.ipProto()) {
            case FlowMatch.PROTO_TCP -> "tcp";
            case FlowMatch.PROTO_UDP -> "udp";
            case FlowMatch.PROTO_ICMP -> "icmp";
            default -> "ip,nw_proto=" + match.ipProto();
        };
    }

    private static String prefix(final Ipv4Prefix prefix) {
        return prefix.isHost() ? prefix.addressString() : prefix.toString();
    }

    /** The action list as OVS prints it; an empty list without goto is {@code drop}. */
    public static String actions(final FlowRule rule) {
        final List<String> parts = new ArrayList<>();
        for (FlowAction each : rule.actions()) {
            parts.add(action(each));
        }
        if (rule.gotoTable() != null) {
            parts.add("goto_table:" + rule.gotoTable().id());
        }
        return parts.isEmpty() ? "drop" : String.join(",", parts);
    }

    /** OVS prints the LOCAL port by name. */
    private static String port(final long port) {
        return port == FlowAction.LOCAL ? "LOCAL" : Long.toString(port);
    }

    static String action(final FlowAction action) {
        if (action instanceof FlowAction.Output o) {
            return o.port() == FlowAction.LOCAL ? "LOCAL" : "output:" + o.port();
        } else if (action instanceof FlowAction.Normal) {
            return "NORMAL";
        } else if (action instanceof FlowAction.Controller c) {
            return "CONTROLLER:" + c.maxLength();
        } else if (action instanceof FlowAction.InPort) {
            return "IN_PORT";
        } else if (action instanceof FlowAction.SetEthSrc s) {
            return "set_field:" + s.mac() + "->eth_src";
        } else if (action instanceof FlowAction.SetEthDst s) {
            return "set_field:" + s.mac() + "->eth_dst";
        } else if (action instanceof FlowAction.SetIpv4Src s) {
            return "set_field:" + Ipv4Prefix.format(s.address()) + "->ip_src";
        } else if (action instanceof FlowAction.SetIpv4Dst s) {
            return "set_field:" + Ipv4Prefix.format(s.address()) + "->ip_dst";
        } else if (action instanceof FlowAction.SetTpSrc s) {
            return "set_field:" + s.port() + "->" + l4(s.ipProto()) + "_src";
        } else if (action instanceof FlowAction.SetTpDst s) {
            return "set_field:" + s.port() + "->" + l4(s.ipProto()) + "_dst";
        }
        throw new IllegalStateException("unhandled action " + action);
    }

    private static String l4(final short proto) {
        return proto == FlowMatch.PROTO_TCP ? "tcp" : "udp";
    }
}
