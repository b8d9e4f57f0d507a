/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowAction;
import org.opendaylight.vias.rules.FlowMatch;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.Ipv4Prefix;
import org.opendaylight.vias.rules.MacAddress;
import org.opendaylight.vias.rules.Table;
import org.opendaylight.yang.gen.v1.urn.opendaylight.action.types.rev131112.action.action.OutputActionCase;
import org.opendaylight.yang.gen.v1.urn.opendaylight.action.types.rev131112.action.action.SetFieldCase;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.table.Flow;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.instruction.instruction.ApplyActionsCase;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.instruction.instruction.GoToTableCase;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.instruction.list.Instruction;
import org.opendaylight.yang.gen.v1.urn.opendaylight.model.match.types.rev131026.match.layer._3.match.Ipv4Match;
import org.opendaylight.yang.gen.v1.urn.opendaylight.model.match.types.rev131026.match.layer._4.match.TcpMatch;

class FlowTranslatorTest {

    @Test
    void gotoRuleBecomesGotoInstruction() {
        final FlowRule rule = FlowRule.gotoNext("vias-classify-default", Table.CLASSIFY, 0,
            Cookie.of(Cookie.Purpose.PIPELINE, 4), FlowMatch.ANY, Table.BYPASS);
        final Flow flow = FlowTranslator.toFlow(rule, "openflow:1");
        assertEquals("vias-classify-default", flow.getId().getValue());
        assertEquals(0, flow.getTableId().intValue());
        assertEquals(0x56a5010000000004L, flow.getCookie().getValue().longValue());
        // exact cookie mask: a strict delete of this rule (by the Forwarding Rules Manager) takes only this rule
        assertEquals(-1L, flow.getCookieMask().getValue().longValue());
        final List<Instruction> instructions = List.copyOf(flow.getInstructions().nonnullInstruction().values());
        assertEquals(1, instructions.size());
        assertEquals(10, ((GoToTableCase) instructions.get(0).getInstruction()).getGoToTable().getTableId()
            .intValue());
    }

    @Test
    void natStyleRuleTranslatesMatchAndRewrites() {
        final FlowMatch match = FlowMatch.builder().inPort(2).ipProto(FlowMatch.PROTO_TCP)
            .ipv4Src(Ipv4Prefix.parse("192.168.1.2")).tpSrc(5555).build();
        final FlowRule rule = FlowRule.permanent("nat-out-1", Table.NAT, 200, Cookie.of(Cookie.Purpose.NAT_OUTGOING, 1),
            match, List.of(new FlowAction.SetEthSrc(MacAddress.of("00:00:00:11:22:33")),
                new FlowAction.SetIpv4Src(Ipv4Prefix.parseAddress("10.0.0.1")),
                new FlowAction.SetTpSrc(FlowMatch.PROTO_TCP, 40000), FlowAction.output(1)))
            .withIdleTimeout(300, true);
        final Flow flow = FlowTranslator.toFlow(rule, "openflow:7");
        assertEquals("openflow:7:2", flow.getMatch().getInPort().getValue());
        assertEquals(0x0800L, flow.getMatch().getEthernetMatch().getEthernetType().getType().getValue().longValue());
        assertEquals(6, flow.getMatch().getIpMatch().getIpProtocol().intValue());
        assertEquals("192.168.1.2/32", ((Ipv4Match) flow.getMatch().getLayer3Match()).getIpv4Source().getValue());
        assertEquals(5555, ((TcpMatch) flow.getMatch().getLayer4Match()).getTcpSourcePort().getValue().intValue());
        assertEquals(300, flow.getIdleTimeout().intValue());
        assertEquals(true, flow.getFlags().getSENDFLOWREM());
        final ApplyActionsCase apply = (ApplyActionsCase) flow.getInstructions().nonnullInstruction().values()
            .iterator().next().getInstruction();
        final var actions = List.copyOf(apply.getApplyActions().nonnullAction().values());
        assertEquals(4, actions.size());
        assertNotNull(((SetFieldCase) actions.get(0).getAction()).getSetField().getEthernetMatch());
        assertEquals("1", ((OutputActionCase) actions.get(3).getAction()).getOutputAction()
            .getOutputNodeConnector().getValue());
    }

    @Test
    void multicastMatchKeepsItsMask() {
        final FlowMatch match = FlowMatch.builder().ethDst(FlowMatch.GROUP_BIT, FlowMatch.GROUP_BIT).build();
        final var eth = FlowTranslator.toMatch(match, "openflow:1").getEthernetMatch();
        assertEquals("01:00:00:00:00:00", eth.getEthernetDestination().getAddress().getValue());
        assertEquals("01:00:00:00:00:00", eth.getEthernetDestination().getMask().getValue());
    }
}
