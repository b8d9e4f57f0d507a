/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import java.util.List;
import org.opendaylight.vias.overlay.bypass.BypassPath;
import org.opendaylight.vias.overlay.bypass.PathProbe;
import org.opendaylight.vias.overlay.bypass.RuleDirection;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.Egress;
import org.opendaylight.vias.rules.FlowAction;
import org.opendaylight.vias.rules.FlowMatch;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.HostPort;
import org.opendaylight.vias.rules.Ipv4Prefix;
import org.opendaylight.vias.rules.L2Rewrite;
import org.opendaylight.vias.rules.MacAddress;
import org.opendaylight.vias.rules.PeerSelector;
import org.opendaylight.vias.rules.RewriteRule;
import org.opendaylight.vias.rules.RewriteRules;
import org.opendaylight.vias.rules.Table;
import org.opendaylight.vias.rules.Translation;

/**
 * The two OpenFlow rules of one side of an agreed bypass, as pure functions of the {@link BypassPath} and the
 * bridge's facts. Both come from one {@link Translation} through {@link RewriteRules} (the one copy of the rewrite
 * logic): inside, overlay {@code A:pa -> B:pb} (local VM to remote VM); outside, underlay
 * {@code L:lp -> R:rp} (our own underlay address and allocated port to the peer's announced endpoint). Behind a
 * one-to-one NAT, L is the host's private address while the peer was told the public one: the NATs translate
 * between them, so each side's rules only ever see its own address and the other's public endpoint.
 *
 * <ul>
 *   <li>Outbound (table 10, cookie BYPASS_OUTBOUND|id): match the overlay 5-tuple; write dl_src = the bridge's
 *       LOCAL MAC (the host's underlay interface), dl_dst = the next hop of R, nw/tp to L:lp -> R:rp; output to the
 *       uplink.</li>
 *   <li>Inbound (table 10, cookie BYPASS_INBOUND|id): match in_port = uplink and R:rp -> L:lp; write dl_dst = the
 *       local VM's MAC and the addresses back to B:pb -> A:pa; NORMAL. dl_src keeps the remote host's MAC: writing
 *       the remote VM's MAC would make NORMAL learn it on the uplink and break the overlay path that ARP and ICMP
 *       of that VM still take.</li>
 * </ul>
 * Both match ip proto and exact unicast addresses and ports, so ARP, ICMP, multicast and broadcast never match.
 * Both carry the bypass's idle timeout and ask for flow-removed.
 */
public final class BypassRules {
    public static final String OUTBOUND_PREFIX = "vias-bypass-out-";
    public static final String INBOUND_PREFIX = "vias-bypass-in-";
    public static final String PROBE_PREFIX = "vias-bypass-probe-";

    private BypassRules() {
    }

    /** The rule's name (its flow id in the inventory). */
    public static String name(final RuleDirection direction, final long id) {
        return switch (direction) {
            case OUTBOUND -> OUTBOUND_PREFIX;
            case INBOUND -> INBOUND_PREFIX;
            case PROBE -> PROBE_PREFIX;
        } + id;
    }

    public static Cookie cookie(final RuleDirection direction, final long id) {
        return Cookie.of(switch (direction) {
            case OUTBOUND -> Cookie.Purpose.BYPASS_OUTBOUND;
            case INBOUND -> Cookie.Purpose.BYPASS_INBOUND;
            case PROBE -> Cookie.Purpose.BYPASS_PROBE;
        }, id);
    }

    /** The direction a bypass cookie purpose stands for, or null for other purposes. */
    public static RuleDirection direction(final Cookie.Purpose purpose) {
        return switch (purpose) {
            case BYPASS_OUTBOUND -> RuleDirection.OUTBOUND;
            case BYPASS_INBOUND -> RuleDirection.INBOUND;
            case BYPASS_PROBE -> RuleDirection.PROBE;
            default -> null;
        };
    }

    /** The translation both rules derive from. */
    public static Translation translation(final BypassPath path) {
        final FlowKey flow = path.flow();
        final HostPort vmLocal = new HostPort(flow.srcIp(), flow.srcPort());
        // Our own address, not the endpoint we announced: behind a NAT the peer sends to our public mapping and the
        // NAT hands the packet to us translated back to this; on the way out it rewrites this to the mapping.
        final HostPort underlayLocal = new HostPort(path.local().underlayIp(), path.local().allocatedPort());
        final HostPort vmRemote = new HostPort(flow.dstIp(), flow.dstPort());
        final HostPort underlayRemote = new HostPort(path.remote().endpoint().ip(), path.remote().endpoint().port());
        return new Translation((short) flow.protocol(), vmLocal, underlayLocal, PeerSelector.exactly(vmRemote),
            PeerSelector.exactly(underlayRemote));
    }

    /**
     * The outbound rule.
     *
     * @param uplinkPort OpenFlow port number of the uplink
     * @param bridgeMac  MAC of the bridge's LOCAL port (the host's underlay interface)
     * @param nextHopMac MAC of the next hop towards the peer's endpoint (the peer host itself when on-link)
     */
    public static FlowRule outbound(final BypassPath path, final long uplinkPort, final MacAddress bridgeMac,
            final MacAddress nextHopMac, final int priority, final int idleTimeout) {
        final RewriteRule rewrite = RewriteRules.outbound(translation(path), new L2Rewrite(bridgeMac, nextHopMac),
            Egress.port(uplinkPort));
        return rewrite.toRule(name(RuleDirection.OUTBOUND, path.id()), Table.BYPASS, priority,
            cookie(RuleDirection.OUTBOUND, path.id()), idleTimeout, true);
    }

    /**
     * The inbound rule.
     *
     * @param uplinkPort OpenFlow port number of the uplink (only underlay packets may match)
     * @param vmMac      MAC of the local VM of the flow
     */
    public static FlowRule inbound(final BypassPath path, final long uplinkPort, final MacAddress vmMac,
            final int priority, final int idleTimeout) {
        final RewriteRule rewrite = RewriteRules.inbound(translation(path), new L2Rewrite(null, vmMac),
            Egress.normal());
        final FlowMatch match = rewrite.match().toBuilder().inPort(uplinkPort).build();
        return new RewriteRule(match, rewrite.actions(), rewrite.gotoTable()).toRule(
            name(RuleDirection.INBOUND, path.id()), Table.BYPASS, priority, cookie(RuleDirection.INBOUND, path.id()),
            idleTimeout, true);
    }

    /**
     * The probe rule, one above the inbound rule: the peer's path probes (the inbound 5-tuple as it arrives after
     * our NAT, marked with {@link PathProbe#DSCP}) go to the controller and never to the VM; the flow's own packets
     * (any other DSCP) take the inbound rule. No idle timeout: it lives as long as the bypass.
     */
    public static FlowRule probe(final BypassPath path, final long uplinkPort, final int priority) {
        final FlowMatch.Builder match = FlowMatch.builder().inPort(uplinkPort).ethType(FlowMatch.ETH_IPV4)
            .ipProto((short) path.flow().protocol())
            .ipv4Src(Ipv4Prefix.host(path.remote().endpoint().ip()))
            .ipv4Dst(Ipv4Prefix.host(path.local().underlayIp()))
            .tpSrc(path.remote().endpoint().port()).tpDst(path.local().allocatedPort())
            .ipDscp(PathProbe.DSCP);
        return FlowRule.permanent(name(RuleDirection.PROBE, path.id()), Table.BYPASS, priority + 1,
            cookie(RuleDirection.PROBE, path.id()), match.build(),
            List.of(new FlowAction.Controller(FlowAction.Controller.NO_BUFFER)));
    }
}
