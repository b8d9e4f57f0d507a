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

import java.util.List;
import org.junit.jupiter.api.Test;

class OfctlFormatTest {

    @Test
    void rendersTheSeedsOutgoingNatEntryAsOvsPrintsIt() {
        final FlowRule rule = new FlowRule("nat-out-1", Table.NAT, 200, Cookie.of(Cookie.Purpose.NAT_OUTGOING, 1),
            FlowMatch.builder().ipProto(FlowMatch.PROTO_TCP).ipv4Src(Ipv4Prefix.parse("192.168.1.2"))
                .ipv4Dst(Ipv4Prefix.parse("4.2.2.2")).tpSrc(1234).build(),
            List.of(new FlowAction.SetEthSrc(MacAddress.of("00:00:00:11:22:33")),
                new FlowAction.SetIpv4Src(Ipv4Prefix.parseAddress("10.0.0.1")),
                new FlowAction.SetTpSrc(FlowMatch.PROTO_TCP, 5000)),
            Table.SWITCH, 0, 0, false);
        // This line is what OVS 3.1 printed for the same rule added with ovs-ofctl (counters included).
        final String dumped = " cookie=0x56a5020000000001, duration=0.050s, table=20, n_packets=0, n_bytes=0, "
            + "priority=200,tcp,nw_src=192.168.1.2,nw_dst=4.2.2.2,tp_src=1234 actions=set_field:00:00:00:11:22:33"
            + "->eth_src,set_field:10.0.0.1->ip_src,set_field:5000->tcp_src,goto_table:30";
        assertEquals(OfctlFormat.normalizeDumpLine(dumped), OfctlFormat.rule(rule));
    }

    @Test
    void rendersMulticastAndArpPuntAsOvsPrintsThem() {
        final FlowRule mcast = FlowRule.permanent("mcast", Table.CLASSIFY, 1000, Cookie.of(Cookie.Purpose.PIPELINE, 0),
            FlowMatch.builder().ethDst(FlowMatch.GROUP_BIT, FlowMatch.GROUP_BIT).build(), List.of(FlowAction.normal()));
        assertEquals("dl_dst=01:00:00:00:00:00/01:00:00:00:00:00", OfctlFormat.match(mcast.match()));
        assertEquals("NORMAL", OfctlFormat.actions(mcast));
        final FlowMatch arp = FlowMatch.builder().arpOp(1).arpTargetIp(Ipv4Prefix.parse("192.168.1.1")).build();
        assertEquals("arp,arp_tpa=192.168.1.1,arp_op=1", OfctlFormat.match(arp));
    }

    @Test
    void cookieRoundTripsAndMarksViasRules() {
        final Cookie c = Cookie.of(Cookie.Purpose.BYPASS_INBOUND, 42);
        assertTrue(Cookie.isVias(c.value()));
        assertEquals(c, Cookie.decode(c.value()));
        assertEquals(0x56a5060000000000L, c.purposeBits());
        assertThrows(IllegalArgumentException.class, () -> Cookie.decode(0x1L));
    }

    @Test
    void impossibleMatchesAreRejectedWithTheFieldNamed() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> FlowMatch.builder().tpSrc(80).build());
        assertTrue(e.getMessage().startsWith("tpSrc"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ipv4Prefix.parse("10.0.0.256"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Prefix.parse("10.0.0"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of("00:11:22:33:44"));
    }
}
