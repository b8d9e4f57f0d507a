/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import java.util.List;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.Egress;
import org.opendaylight.vias.rules.FlowAction;
import org.opendaylight.vias.rules.FlowMatch;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.Ipv4Prefix;
import org.opendaylight.vias.rules.L2Rewrite;
import org.opendaylight.vias.rules.MacAddress;
import org.opendaylight.vias.rules.PeerSelector;
import org.opendaylight.vias.rules.RewriteRules;
import org.opendaylight.vias.rules.Table;
import org.opendaylight.vias.rules.Translation;

/**
 * The OpenFlow rules of the seed's "SDN NAT featured switch", built as pure functions of a {@link NatConfig} and
 * the {@link NatMapping}s. Mapping rules sit in {@link Table#NAT}, which the pipeline visits before
 * {@link Table#SWITCH}: NAT has priority over switching by construction.
 *
 * <p>The rules a host carries:
 * <ul>
 *   <li>per mapping, one <b>incoming</b> entry (host:Y from anyone becomes nVM:X) and one <b>outgoing</b> entry per
 *       destination the nVM talks to (nVM:X to D becomes host:Y to D) - the seed's table;</li>
 *   <li>the <b>punts</b> that let the controller create mappings and do what rules cannot: the first TCP/UDP packet
 *       of an unmapped nVM flow, ARP for the virtual gateway, and ICMP echo both ways.</li>
 * </ul>
 * Header rewriting itself is {@link RewriteRules}: the same code builds the bypass rules.
 */
public final class NatRules {
    /** Mapping entries in {@link Table#NAT}: above the first-packet punt, so a mapped flow never reaches it. */
    public static final int PRIORITY_MAPPING = 200;
    /** First packet of an unmapped nVM flow, in {@link Table#NAT}. */
    public static final int PRIORITY_FIRST_PACKET = 100;
    /**
     * ARP and ICMP punts live in {@link Table#CLASSIFY}, which keeps ARP and ICMP on the normal path; they must
     * win over that, hence a priority above the base pipeline's classify rules.
     */
    public static final int PRIORITY_CLASSIFY_PUNT = 2000;

    public static final int ICMP_ECHO_REPLY = 0;
    public static final int ICMP_ECHO_REQUEST = 8;
    public static final int ARP_REQUEST = 1;

    private final NatConfig config;

    public NatRules(final NatConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config: must be set");
        }
        this.config = config;
    }

    public NatConfig config() {
        return config;
    }

    /**
     * The outgoing entry for {@code mapping} towards {@code remote} (seed: match nw_src=nVM, nw_dst=remote,
     * tp_src=X; set dl_src=gateway MAC, nw_src=host, tp_src=Y). Also sets dl_dst to the next hop on the host's
     * uplink: the nVM addressed the frame to the virtual gateway, which exists nowhere on the wire.
     *
     * <p>The mapping is endpoint-independent (the same Y for every remote), so one mapping may have several
     * outgoing entries; each names its remote, and all carry the mapping's id in the cookie.
     *
     * @param remote the destination host; {@code null} for one entry covering every destination (fewer rules and
     *               punts, but then the seed's per-destination shape is lost)
     * @param upstreamMac the next hop's MAC on the uplink
     * @param egress usually the uplink port, or NORMAL
     */
    public FlowRule outgoing(final NatMapping mapping, final Integer remote, final MacAddress upstreamMac,
            final Egress egress) {
        final Translation t = Translation.localOnly(switchProto(mapping), mapping.internal(), mapping.external(),
            remote == null ? PeerSelector.ANY : PeerSelector.host(remote));
        return RewriteRules.outbound(t, new L2Rewrite(config.gatewayMac(), upstreamMac), egress)
            .toRule(outgoingName(mapping, remote), Table.NAT, PRIORITY_MAPPING,
                Cookie.of(Cookie.Purpose.NAT_OUTGOING, mapping.id()), config.idleTimeoutSeconds(), true);
    }

    /**
     * The incoming entry for {@code mapping}: match nw_dst=host, tp_dst=Y; set dl_src=gateway MAC,
     * dl_dst=nVM MAC, nw_dst=nVM, tp_dst=X.
     *
     * <p>Full-cone: the seed's incoming entry also matches the remote (src 4.2.2.2), which would make the NAT
     * address-restricted: only hosts the nVM already talked to could come in. Full-cone means that once nVM:X is
     * host:Y, <em>any</em> remote reaching host:Y reaches nVM:X, so the source is not matched at all and one
     * incoming entry serves every remote. (The seed's "tp_src = Y / set_tp_src = X" in its incoming row reads as
     * a typo for the destination port: on the way in, Y is the destination.)
     *
     * @param nestedMac the nVM's MAC (learnt from its first packet)
     * @param egress usually the nVM's port, or NORMAL
     */
    public FlowRule incoming(final NatMapping mapping, final MacAddress nestedMac, final Egress egress) {
        final Translation t = Translation.localOnly(switchProto(mapping), mapping.internal(), mapping.external(),
            PeerSelector.ANY);
        return RewriteRules.inbound(t, new L2Rewrite(config.gatewayMac(), nestedMac), egress)
            .toRule(incomingName(mapping), Table.NAT, PRIORITY_MAPPING,
                Cookie.of(Cookie.Purpose.NAT_INCOMING, mapping.id()), idleTimeout(mapping), true);
    }

    /** Both entries a new mapping needs before its first packet is sent on. */
    public List<FlowRule> mappingRules(final NatMapping mapping, final Integer remote, final MacAddress upstreamMac,
            final Egress upstream, final MacAddress nestedMac, final Egress toNested) {
        return List.of(incoming(mapping, nestedMac, toNested), outgoing(mapping, remote, upstreamMac, upstream));
    }

    /**
     * The first TCP or UDP packet from a nested VM through the gateway (dl_dst = gateway MAC, so nVM-to-nVM
     * traffic is untouched) that no mapping entry took: to the controller, which allocates, installs the entries
     * and sends the packet on.
     */
    public FlowRule firstPacketPunt(final NatProtocol protocol) {
        final short proto = switchProto(protocol);
        return FlowRule.permanent("nat-punt-first-" + protocol.lowerName(), Table.NAT, PRIORITY_FIRST_PACKET,
            Cookie.of(Cookie.Purpose.PUNT, 0),
            FlowMatch.builder().ipProto(proto).ethDst(config.gatewayMac()).ipv4Src(config.nestedLan()).build(),
            List.of(FlowAction.controller()));
    }

    /** ARP requests for the virtual gateway's address: the controller answers with the gateway MAC. */
    public FlowRule gatewayArpPunt() {
        return FlowRule.permanent("nat-punt-gateway-arp", Table.CLASSIFY, PRIORITY_CLASSIFY_PUNT,
            Cookie.of(Cookie.Purpose.NAT_GATEWAY, 0),
            FlowMatch.builder().arpOp(ARP_REQUEST).arpTargetIp(Ipv4Prefix.host(config.gatewayIp())).build(),
            List.of(FlowAction.controller()));
    }

    /**
     * ARP replies addressed to the virtual gateway's MAC: answers to the controller's questions (the uplink next
     * hop's answer to {@link NextHopResolver}'s probe, an nVM's answer for a static mapping). Nothing else sends
     * ARP to that MAC.
     */
    public FlowRule arpReplyPunt() {
        return FlowRule.permanent("nat-punt-arp-reply", Table.CLASSIFY, PRIORITY_CLASSIFY_PUNT,
            Cookie.of(Cookie.Purpose.NAT_GATEWAY, 1),
            FlowMatch.builder().arpOp(ArpPacket.REPLY).ethDst(config.gatewayMac()).build(),
            List.of(FlowAction.controller()));
    }

    /** Echo requests from nested VMs via the gateway (to the outside, or to the gateway itself). */
    public FlowRule echoRequestPunt() {
        return FlowRule.permanent("nat-punt-echo-request", Table.CLASSIFY, PRIORITY_CLASSIFY_PUNT,
            Cookie.of(Cookie.Purpose.PUNT, 0),
            FlowMatch.builder().icmpType((short) ICMP_ECHO_REQUEST).ethDst(config.gatewayMac())
                .ipv4Src(config.nestedLan()).build(),
            List.of(FlowAction.controller()));
    }

    /**
     * Echo replies to the host address: the controller maps the identifier back to a nested VM. Replies to the
     * host's own pings come here too (rules cannot tell them apart); the controller passes those on unchanged.
     */
    public FlowRule echoReplyPunt() {
        return FlowRule.permanent("nat-punt-echo-reply", Table.CLASSIFY, PRIORITY_CLASSIFY_PUNT,
            Cookie.of(Cookie.Purpose.PUNT, 0),
            FlowMatch.builder().icmpType((short) ICMP_ECHO_REPLY).ipv4Dst(Ipv4Prefix.host(config.hostIp())).build(),
            List.of(FlowAction.controller()));
    }

    /** Every rule the NAT needs before any mapping exists. */
    public List<FlowRule> baseRules() {
        return List.of(gatewayArpPunt(), arpReplyPunt(), echoRequestPunt(), echoReplyPunt(),
            firstPacketPunt(NatProtocol.TCP), firstPacketPunt(NatProtocol.UDP));
    }

    public static String outgoingName(final NatMapping mapping, final Integer remote) {
        return "nat-out-" + mapping.id() + "-" + (remote == null ? "any" : Ipv4Prefix.format(remote));
    }

    public static String incomingName(final NatMapping mapping) {
        return "nat-in-" + mapping.id();
    }

    /**
     * A static mapping's incoming entry stays until the mapping is removed; a dynamic one carries the idle timeout,
     * and send_flow_rem tells the controller when the switch dropped it for idleness, so it can end the mapping and
     * free the port. Outgoing entries are per destination and always idle out (a static mapping's too).
     */
    private int idleTimeout(final NatMapping mapping) {
        return mapping.isStatic() ? 0 : config.idleTimeoutSeconds();
    }

    private static short switchProto(final NatMapping mapping) {
        return switchProto(mapping.protocol());
    }

    private static short switchProto(final NatProtocol protocol) {
        if (!protocol.translatedBySwitch()) {
            throw new IllegalArgumentException("protocol: " + protocol.lowerName()
                + " cannot be translated by OpenFlow 1.3 rules; the controller translates it (IcmpEchoNat)");
        }
        return protocol.ipProto();
    }
}
