/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.bypass.BypassPath;
import org.opendaylight.vias.overlay.bypass.PortReservation.Reservation;
import org.opendaylight.vias.overlay.bypass.RuleDirection;
import org.opendaylight.vias.overlay.bypass.UnderlayEndpoint;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.MacAddress;
import org.opendaylight.vias.rules.OfctlFormat;

class BypassRulesTest {
    static final Uid PEER = Uid.parse("00000000000000000000000000000000000000b2");
    static final MacAddress BRIDGE = MacAddress.of("02:00:00:00:00:a1");
    static final MacAddress NEXT_HOP = MacAddress.of("02:00:00:00:00:b1");
    static final MacAddress VM = MacAddress.of("02:00:00:00:10:01");

    static BypassPath path(final FlowKey flow) {
        return new BypassPath(7, PEER, BypassPath.Role.REQUESTER, flow,
            new Reservation(UnderlayEndpoint.of("192.0.2.1", 50000), 50000),
            new Reservation(UnderlayEndpoint.of("192.0.2.2", 50001), 50001));
    }

    @Test
    void tcpOutboundRewritesEverythingToTheUnderlayAndLeavesByTheUplink() {
        final BypassPath path = path(FlowKey.tcp("10.0.0.1", 5001, "10.0.0.2", 5201));
        assertEquals("cookie=0x56a5050000000007,table=10,idle_timeout=30,send_flow_rem "
            + "priority=102,tcp,nw_src=10.0.0.1,nw_dst=10.0.0.2,tp_src=5001,tp_dst=5201 "
            + "actions=set_field:02:00:00:00:00:a1->eth_src,set_field:02:00:00:00:00:b1->eth_dst,"
            + "set_field:192.0.2.1->ip_src,set_field:192.0.2.2->ip_dst,set_field:50000->tcp_src,"
            + "set_field:50001->tcp_dst,output:3",
            OfctlFormat.rule(BypassRules.outbound(path, 3, BRIDGE, NEXT_HOP, 102, 30)));
    }

    @Test
    void tcpInboundMatchesTheUplinkAndRestoresTheOverlayTupleKeepingTheRemoteHostMac() {
        final BypassPath path = path(FlowKey.tcp("10.0.0.1", 5001, "10.0.0.2", 5201));
        assertEquals("cookie=0x56a5060000000007,table=10,idle_timeout=30,send_flow_rem "
            + "priority=102,tcp,in_port=3,nw_src=192.0.2.2,nw_dst=192.0.2.1,tp_src=50001,tp_dst=50000 "
            + "actions=set_field:02:00:00:00:10:01->eth_dst,set_field:10.0.0.2->ip_src,"
            + "set_field:10.0.0.1->ip_dst,set_field:5201->tcp_src,set_field:5001->tcp_dst,NORMAL",
            OfctlFormat.rule(BypassRules.inbound(path, 3, VM, 102, 30)));
    }

    @Test
    void udpRulesRewriteUdpPorts() {
        final BypassPath path = path(FlowKey.udp("10.0.0.1", 4000, "10.0.0.2", 5000));
        assertEquals("cookie=0x56a5050000000007,table=10,idle_timeout=10,send_flow_rem "
            + "priority=102,udp,nw_src=10.0.0.1,nw_dst=10.0.0.2,tp_src=4000,tp_dst=5000 "
            + "actions=set_field:02:00:00:00:00:a1->eth_src,set_field:02:00:00:00:00:b1->eth_dst,"
            + "set_field:192.0.2.1->ip_src,set_field:192.0.2.2->ip_dst,set_field:50000->udp_src,"
            + "set_field:50001->udp_dst,output:3",
            OfctlFormat.rule(BypassRules.outbound(path, 3, BRIDGE, NEXT_HOP, 102, 10)));
        assertEquals("cookie=0x56a5060000000007,table=10,idle_timeout=10,send_flow_rem "
            + "priority=102,udp,in_port=3,nw_src=192.0.2.2,nw_dst=192.0.2.1,tp_src=50001,tp_dst=50000 "
            + "actions=set_field:02:00:00:00:10:01->eth_dst,set_field:10.0.0.2->ip_src,"
            + "set_field:10.0.0.1->ip_dst,set_field:5000->udp_src,set_field:4000->udp_dst,NORMAL",
            OfctlFormat.rule(BypassRules.inbound(path, 3, VM, 102, 10)));
    }

    /**
     * Both hosts behind one-to-one NATs: we are 10.201.0.2 (public 203.0.113.11), the peer announced its public
     * 203.0.113.12. Our rules use our own private address and the peer's public endpoint, never our public one.
     */
    @Test
    void behindOneToOneNatsTheRulesUseOurOwnAddressAndThePeersPublicEndpoint() {
        final BypassPath path = new BypassPath(7, PEER, BypassPath.Role.REQUESTER,
            FlowKey.tcp("10.0.0.1", 5001, "10.0.0.2", 5201),
            new Reservation(UnderlayEndpoint.of("203.0.113.11", 50000), 50000, Ipv4.parse("10.201.0.2")),
            new Reservation(UnderlayEndpoint.of("203.0.113.12", 50001), 50001));
        assertEquals("cookie=0x56a5050000000007,table=10,idle_timeout=30,send_flow_rem "
            + "priority=102,tcp,nw_src=10.0.0.1,nw_dst=10.0.0.2,tp_src=5001,tp_dst=5201 "
            + "actions=set_field:02:00:00:00:00:a1->eth_src,set_field:02:00:00:00:00:b1->eth_dst,"
            + "set_field:10.201.0.2->ip_src,set_field:203.0.113.12->ip_dst,set_field:50000->tcp_src,"
            + "set_field:50001->tcp_dst,output:3",
            OfctlFormat.rule(BypassRules.outbound(path, 3, BRIDGE, NEXT_HOP, 102, 30)));
        assertEquals("cookie=0x56a5060000000007,table=10,idle_timeout=30,send_flow_rem "
            + "priority=102,tcp,in_port=3,nw_src=203.0.113.12,nw_dst=10.201.0.2,tp_src=50001,tp_dst=50000 "
            + "actions=set_field:02:00:00:00:10:01->eth_dst,set_field:10.0.0.2->ip_src,"
            + "set_field:10.0.0.1->ip_dst,set_field:5201->tcp_src,set_field:5001->tcp_dst,NORMAL",
            OfctlFormat.rule(BypassRules.inbound(path, 3, VM, 102, 30)));
    }

    @Test
    void cookiesNamesAndDirectionsRoundTrip() {
        assertEquals("vias-bypass-out-7", BypassRules.name(RuleDirection.OUTBOUND, 7));
        assertEquals("vias-bypass-in-7", BypassRules.name(RuleDirection.INBOUND, 7));
        assertEquals(RuleDirection.OUTBOUND, BypassRules.direction(Cookie.Purpose.BYPASS_OUTBOUND));
        assertEquals(RuleDirection.INBOUND, BypassRules.direction(Cookie.Purpose.BYPASS_INBOUND));
        assertNull(BypassRules.direction(Cookie.Purpose.NAT_INCOMING));
        assertEquals(Cookie.of(Cookie.Purpose.BYPASS_INBOUND, 7), BypassRules.cookie(RuleDirection.INBOUND, 7));
    }
}
