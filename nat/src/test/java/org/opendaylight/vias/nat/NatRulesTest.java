/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.nat.Frames.NVM1_MAC;
import static org.opendaylight.vias.nat.Frames.UPSTREAM_MAC;
import static org.opendaylight.vias.nat.Frames.ip;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.Egress;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.HostPort;
import org.opendaylight.vias.rules.OfctlFormat;
import org.opendaylight.vias.rules.Table;

class NatRulesTest {
    private final NatRules rules = new NatRules(NatConfigTest.seed());
    /** The seed's example: nVM 192.168.1.2 port X=1234 is host 10.0.0.1 port Y=20000. */
    private final NatMapping mapping = new NatMapping(7, NatProtocol.TCP, HostPort.of("192.168.1.2", 1234),
        HostPort.of("10.0.0.1", 20000), false);

    @Test
    void outgoingEntryHasTheSeedsShape() {
        final FlowRule out = rules.outgoing(mapping, ip("4.2.2.2"), UPSTREAM_MAC, Egress.port(1));
        assertEquals(Table.NAT, out.table());
        assertEquals(Cookie.of(Cookie.Purpose.NAT_OUTGOING, 7), out.cookie());
        assertEquals("nat-out-7-4.2.2.2", out.name());
        assertEquals("cookie=0x56a5020000000007,table=20,idle_timeout=300,send_flow_rem priority=200,tcp,"
            + "nw_src=192.168.1.2,nw_dst=4.2.2.2,tp_src=1234 actions=set_field:00:00:00:11:22:33->eth_src,"
            + "set_field:02:00:00:00:00:fe->eth_dst,set_field:10.0.0.1->ip_src,set_field:20000->tcp_src,output:1",
            OfctlFormat.rule(out));
    }

    @Test
    void incomingEntryIsFullConeAndRestoresTheNestedVm() {
        final FlowRule in = rules.incoming(mapping, NVM1_MAC, Egress.port(3));
        // full-cone: no nw_src / tp_src; any remote reaching 10.0.0.1:20000 reaches 192.168.1.2:1234
        assertNull(in.match().ipv4Src());
        assertNull(in.match().tpSrc());
        assertEquals("nat-in-7", in.name());
        assertEquals("cookie=0x56a5030000000007,table=20,idle_timeout=300,send_flow_rem priority=200,tcp,"
            + "nw_dst=10.0.0.1,tp_dst=20000 actions=set_field:00:00:00:11:22:33->eth_src,"
            + "set_field:02:00:00:00:01:02->eth_dst,set_field:192.168.1.2->ip_dst,set_field:1234->tcp_dst,output:3",
            OfctlFormat.rule(in));
    }

    @Test
    void udpUsesUdpFieldsAndNormalEgressWorks() {
        final NatMapping udp = new NatMapping(8, NatProtocol.UDP, HostPort.of("192.168.1.3", 53),
            HostPort.of("10.0.0.1", 20001), false);
        final String out = OfctlFormat.rule(rules.outgoing(udp, null, UPSTREAM_MAC, Egress.normal()));
        assertTrue(out.contains("priority=200,udp,nw_src=192.168.1.3,tp_src=53 actions="), out);
        assertTrue(out.endsWith("set_field:20001->udp_src,NORMAL"), out);
        assertEquals("nat-out-8-any", rules.outgoing(udp, null, UPSTREAM_MAC, Egress.normal()).name());
    }

    @Test
    void natEntriesOutrankTheFirstPacketPuntAndComeBeforeSwitching() {
        final FlowRule out = rules.outgoing(mapping, ip("4.2.2.2"), UPSTREAM_MAC, Egress.gotoTable(Table.SWITCH));
        assertTrue(out.priority() > rules.firstPacketPunt(NatProtocol.TCP).priority());
        assertTrue(out.table().id() < Table.SWITCH.id());
        assertTrue(OfctlFormat.rule(out).endsWith("set_field:20000->tcp_src,goto_table:30"));
    }

    @Test
    void staticMappingsKeepTheirIncomingEntry() {
        final NatMapping fixed = new NatMapping(9, NatProtocol.TCP, HostPort.of("192.168.1.2", 22),
            HostPort.of("10.0.0.1", 2222), true);
        assertEquals(0, rules.incoming(fixed, NVM1_MAC, Egress.normal()).idleTimeout());
        assertEquals(300, rules.outgoing(fixed, ip("4.2.2.2"), UPSTREAM_MAC, Egress.normal()).idleTimeout());
    }

    @Test
    void icmpCannotBeTranslatedByRules() {
        final NatMapping icmp = new NatMapping(10, NatProtocol.ICMP, HostPort.of("192.168.1.2", 77),
            HostPort.of("10.0.0.1", 20000), false);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> rules.incoming(icmp, NVM1_MAC, Egress.normal()));
        assertTrue(e.getMessage().startsWith("protocol: icmp cannot be translated by OpenFlow 1.3 rules"));
    }

    @Test
    void puntsRenderAsOvsPrintsThem() {
        final List<String> base = rules.baseRules().stream().map(OfctlFormat::rule).toList();
        assertEquals(List.of(
            "cookie=0x56a5040000000000,table=0,priority=2000,arp,arp_tpa=192.168.1.1,arp_op=1 actions=CONTROLLER:65535",
            "cookie=0x56a5040000000001,table=0,priority=2000,arp,dl_dst=00:00:00:11:22:33,arp_op=2 "
                + "actions=CONTROLLER:65535",
            "cookie=0x56a5070000000000,table=0,priority=2000,icmp,dl_dst=00:00:00:11:22:33,nw_src=192.168.1.0/24,"
                + "icmp_type=8 actions=CONTROLLER:65535",
            "cookie=0x56a5070000000000,table=0,priority=2000,icmp,nw_dst=10.0.0.1,icmp_type=0 "
                + "actions=CONTROLLER:65535",
            "cookie=0x56a5070000000000,table=20,priority=100,tcp,dl_dst=00:00:00:11:22:33,nw_src=192.168.1.0/24 "
                + "actions=CONTROLLER:65535",
            "cookie=0x56a5070000000000,table=20,priority=100,udp,dl_dst=00:00:00:11:22:33,nw_src=192.168.1.0/24 "
                + "actions=CONTROLLER:65535"), base);
        assertEquals(6, rules.baseRules().stream().map(FlowRule::name).distinct().count());
    }
}
