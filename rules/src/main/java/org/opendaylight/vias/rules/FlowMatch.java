/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

import java.util.Objects;

/**
 * An OpenFlow 1.3 match over the fields VIAS uses. A {@code null} field is a wildcard.
 *
 * <p>The constructor enforces OpenFlow's prerequisites (ports need an IP protocol, IP fields need eth_type IPv4,
 * ARP fields need eth_type ARP) so that a rule which a switch would reject cannot be built in the first place.
 */
public record FlowMatch(Long inPort, Integer ethType, MacAddress ethSrc, MacAddress ethDst, MacAddress ethDstMask,
        Short ipProto, Ipv4Prefix ipv4Src, Ipv4Prefix ipv4Dst, Integer tpSrc, Integer tpDst, Integer arpOp,
        Ipv4Prefix arpTargetIp, Short icmpType, Integer ipDscp) {

    public static final int ETH_IPV4 = 0x0800;
    public static final int ETH_ARP = 0x0806;
    public static final int ETH_IPV6 = 0x86dd;
    public static final short PROTO_ICMP = 1;
    public static final short PROTO_TCP = 6;
    public static final short PROTO_UDP = 17;
    /** Matches every multicast/broadcast destination (the Ethernet group bit). */
    public static final MacAddress GROUP_BIT = MacAddress.of("01:00:00:00:00:00");

    public static final FlowMatch ANY = builder().build();

    public FlowMatch {
        if (ethDstMask != null && ethDst == null) {
            throw new IllegalArgumentException("ethDstMask: needs ethDst");
        }
        if ((tpSrc != null || tpDst != null) && (ipProto == null || ipProto != PROTO_TCP && ipProto != PROTO_UDP)) {
            throw new IllegalArgumentException("tpSrc/tpDst: need ipProto tcp or udp");
        }
        if (ipDscp != null && (ipDscp < 0 || ipDscp > 63 || !Objects.equals(ethType, ETH_IPV4))) {
            throw new IllegalArgumentException("ipDscp: must be 0..63 on IPv4, was " + ipDscp);
        }
        if (icmpType != null && (ipProto == null || ipProto != PROTO_ICMP)) {
            throw new IllegalArgumentException("icmpType: needs ipProto icmp");
        }
        if ((ipProto != null || ipv4Src != null || ipv4Dst != null) && !Objects.equals(ethType, ETH_IPV4)) {
            throw new IllegalArgumentException("ipProto/ipv4Src/ipv4Dst: need ethType 0x0800");
        }
        if ((arpOp != null || arpTargetIp != null) && !Objects.equals(ethType, ETH_ARP)) {
            throw new IllegalArgumentException("arpOp/arpTargetIp: need ethType 0x0806");
        }
        checkPort("tpSrc", tpSrc);
        checkPort("tpDst", tpDst);
        if (inPort != null && inPort <= 0) {
            throw new IllegalArgumentException("inPort: must be a positive port number, was " + inPort);
        }
    }

    private static void checkPort(final String field, final Integer port) {
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException(field + ": must be 0..65535, was " + port);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.inPort = inPort;
        b.ethType = ethType;
        b.ethSrc = ethSrc;
        b.ethDst = ethDst;
        b.ethDstMask = ethDstMask;
        b.ipProto = ipProto;
        b.ipv4Src = ipv4Src;
        b.ipv4Dst = ipv4Dst;
        b.tpSrc = tpSrc;
        b.tpDst = tpDst;
        b.arpOp = arpOp;
        b.arpTargetIp = arpTargetIp;
        b.icmpType = icmpType;
        b.ipDscp = ipDscp;
        return b;
    }

    /** Fluent construction; {@link #build()} validates. */
    public static final class Builder {
        private Long inPort;
        private Integer ethType;
        private MacAddress ethSrc;
        private MacAddress ethDst;
        private MacAddress ethDstMask;
        private Short ipProto;
        private Ipv4Prefix ipv4Src;
        private Ipv4Prefix ipv4Dst;
        private Integer tpSrc;
        private Integer tpDst;
        private Integer arpOp;
        private Ipv4Prefix arpTargetIp;
        private Short icmpType;
        private Integer ipDscp;

        public Builder inPort(final long port) {
            inPort = port;
            return this;
        }

        public Builder ethType(final int type) {
            ethType = type;
            return this;
        }

        public Builder ethSrc(final MacAddress mac) {
            ethSrc = mac;
            return this;
        }

        public Builder ethDst(final MacAddress mac) {
            ethDst = mac;
            return this;
        }

        public Builder ethDst(final MacAddress mac, final MacAddress mask) {
            ethDst = mac;
            ethDstMask = mask;
            return this;
        }

        /** Sets eth_type IPv4 and the IP protocol. */
        public Builder ipProto(final short proto) {
            ethType = ETH_IPV4;
            ipProto = proto;
            return this;
        }

        public Builder ipv4Src(final Ipv4Prefix prefix) {
            ethType = ETH_IPV4;
            ipv4Src = prefix;
            return this;
        }

        public Builder ipv4Dst(final Ipv4Prefix prefix) {
            ethType = ETH_IPV4;
            ipv4Dst = prefix;
            return this;
        }

        public Builder tpSrc(final int port) {
            tpSrc = port;
            return this;
        }

        public Builder tpDst(final int port) {
            tpDst = port;
            return this;
        }

        public Builder arpOp(final int op) {
            ethType = ETH_ARP;
            arpOp = op;
            return this;
        }

        public Builder arpTargetIp(final Ipv4Prefix ip) {
            ethType = ETH_ARP;
            arpTargetIp = ip;
            return this;
        }

        public Builder icmpType(final short type) {
            ipProto(PROTO_ICMP);
            icmpType = type;
            return this;
        }

        /** The IPv4 DSCP (0..63); path probes are told from a bypassed flow's own packets by it. */
        public Builder ipDscp(final int dscp) {
            ethType = ETH_IPV4;
            ipDscp = dscp;
            return this;
        }

        public FlowMatch build() {
            return new FlowMatch(inPort, ethType, ethSrc, ethDst, ethDstMask, ipProto, ipv4Src, ipv4Dst, tpSrc,
                tpDst, arpOp, arpTargetIp, icmpType, ipDscp);
        }
    }
}
