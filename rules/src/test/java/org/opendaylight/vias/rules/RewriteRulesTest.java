/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The shared rewrite primitive, in the two shapes VIAS uses: NAT (local side only) and bypass (both sides). */
class RewriteRulesTest {
    private static final MacAddress GW = MacAddress.of("02:00:00:00:00:01");
    private static final MacAddress PEER = MacAddress.of("02:00:00:00:00:02");

    private static String render(final RewriteRule rewrite, final Table table) {
        return OfctlFormat.rule(
            rewrite.toRule("r", table, 300, Cookie.of(Cookie.Purpose.BYPASS_OUTBOUND, 1), 0, false));
    }

    @Test
    void bypassRewritesBothEndsOutboundAndReversesThemInbound() {
        // overlay 10.254.0.1:40000 -> 10.254.0.2:5201 travels as underlay 192.0.2.10:31000 -> 198.51.100.20:32000
        final Translation t = new Translation(FlowMatch.PROTO_TCP, HostPort.of("10.254.0.1", 40000),
            HostPort.of("192.0.2.10", 31000), PeerSelector.exactly(HostPort.of("10.254.0.2", 5201)),
            PeerSelector.exactly(HostPort.of("198.51.100.20", 32000)));
        assertEquals("cookie=0x56a5050000000001,table=10,priority=300,tcp,nw_src=10.254.0.1,nw_dst=10.254.0.2,"
            + "tp_src=40000,tp_dst=5201 actions=set_field:02:00:00:00:00:01->eth_src,"
            + "set_field:02:00:00:00:00:02->eth_dst,set_field:192.0.2.10->ip_src,set_field:198.51.100.20->ip_dst,"
            + "set_field:31000->tcp_src,set_field:32000->tcp_dst,output:1",
            render(RewriteRules.outbound(t, new L2Rewrite(GW, PEER), Egress.port(1)), Table.BYPASS));
        assertEquals("cookie=0x56a5050000000001,table=10,priority=300,tcp,nw_src=198.51.100.20,nw_dst=192.0.2.10,"
            + "tp_src=32000,tp_dst=31000 actions=set_field:10.254.0.2->ip_src,set_field:10.254.0.1->ip_dst,"
            + "set_field:5201->tcp_src,set_field:40000->tcp_dst,goto_table:30",
            render(RewriteRules.inbound(t, L2Rewrite.NONE, Egress.gotoTable(Table.SWITCH)), Table.BYPASS));
    }

    @Test
    void unchangedFieldsAreNotRewritten() {
        // same port on both sides: only the address changes
        final Translation t = Translation.localOnly(FlowMatch.PROTO_UDP, HostPort.of("192.168.1.2", 7000),
            HostPort.of("10.0.0.1", 7000), PeerSelector.host(Ipv4Prefix.parseAddress("203.0.113.5")));
        final RewriteRule out = RewriteRules.outbound(t, L2Rewrite.NONE, Egress.normal());
        assertEquals("set_field:10.0.0.1->ip_src,NORMAL",
            OfctlFormat.actions(out.toRule("x", Table.NAT, 1, Cookie.of(Cookie.Purpose.NAT_OUTGOING, 1), 0, false)));
        final RewriteRule in = RewriteRules.inbound(t, L2Rewrite.NONE, Egress.inPort());
        assertEquals("udp,nw_src=203.0.113.5,nw_dst=10.0.0.1,tp_dst=7000", OfctlFormat.match(in.match()));
    }

    @Test
    void aWildcardPeerCannotBeRewritten() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new Translation(FlowMatch.PROTO_TCP, HostPort.of("10.254.0.1", 1), HostPort.of("192.0.2.10", 1),
                PeerSelector.ANY, PeerSelector.exactly(HostPort.of("198.51.100.20", 2))));
        assertTrue(e.getMessage().startsWith("peerInner/peerOuter:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Translation.localOnly(FlowMatch.PROTO_ICMP,
            HostPort.of("10.254.0.1", 1), HostPort.of("192.0.2.10", 1), PeerSelector.ANY));
    }

    @Test
    void egressTakesExactlyOneDestination() {
        assertThrows(IllegalArgumentException.class, () -> new Egress(null, null));
        assertThrows(IllegalArgumentException.class,
            () -> new Egress(new org.opendaylight.vias.rules.FlowAction.SetEthSrc(GW), null));
    }
}
