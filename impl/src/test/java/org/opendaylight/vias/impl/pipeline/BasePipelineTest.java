/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.impl.ViasRuntime.ConnectedBridge;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.OfctlFormat;

class BasePipelineTest {

    private static List<String> lines(final ViasSettings settings) {
        return BasePipeline.rules(settings).stream().map(OfctlFormat::rule).collect(Collectors.toList());
    }

    @Test
    void defaultPipelineAsOvsPrintsIt() {
        assertEquals(List.of(
            "cookie=0x56a5010000000001,table=0,priority=100,arp actions=NORMAL",
            "cookie=0x56a5010000000002,table=0,priority=100,icmp actions=NORMAL",
            "cookie=0x56a5010000000003,table=0,priority=100,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=NORMAL",
            "cookie=0x56a5010000000004,table=0,priority=0 actions=goto_table:10",
            "cookie=0x56a501000000000a,table=10,priority=0 actions=goto_table:20",
            "cookie=0x56a5010000000014,table=20,priority=0 actions=goto_table:30",
            "cookie=0x56a501000000001e,table=30,priority=0 actions=NORMAL"), lines(ViasSettings.DEFAULTS));
    }

    @Test
    void bypassDisabledSkipsTheBypassTable() {
        final List<String> lines = lines(ViasSettings.DEFAULTS.withBypassEnabled(false));
        assertTrue(lines.contains("cookie=0x56a5010000000004,table=0,priority=0 actions=goto_table:20"));
        assertTrue(lines.stream().noneMatch(l -> l.contains("table=10,")), lines::toString);
        assertEquals(6, lines.size());
    }

    @Test
    void priorityMovesTheClassificationRules() {
        final List<String> lines = lines(ViasSettings.DEFAULTS.withPipelinePriority(250));
        assertEquals(3, lines.stream().filter(l -> l.contains("priority=250,")).count());
    }

    @Test
    void everyRuleIsAPipelineRuleWithAUniqueName() {
        final List<FlowRule> rules = BasePipeline.rules(ViasSettings.DEFAULTS);
        assertEquals(rules.size(), rules.stream().map(FlowRule::name).distinct().count());
        assertTrue(rules.stream().allMatch(r -> r.cookie().purpose() == Cookie.Purpose.PIPELINE
            && Cookie.isVias(r.cookie().value())));
    }

    private static final ConnectedBridge BRIDGE = new ConnectedBridge("openflow:1", "br1", true,
        Map.of("eth1", 3L, "ipop0", 1L, "vm1", 2L), "02:00:00:00:00:a1");

    @Test
    void uplinkIsolatesTheUnderlayFromTheNestedVms() {
        final List<String> lines = BasePipeline.rules(ViasSettings.DEFAULTS.withUplinkPort("eth1"), BRIDGE).stream()
            .map(OfctlFormat::rule).collect(Collectors.toList());
        assertEquals(List.of(
            "cookie=0x56a5010000000005,table=0,priority=101,in_port=3 actions=goto_table:10",
            "cookie=0x56a5010000000006,table=0,priority=101,in_port=LOCAL actions=output:3",
            "cookie=0x56a5010000000001,table=0,priority=100,arp actions=NORMAL",
            "cookie=0x56a5010000000002,table=0,priority=100,icmp actions=NORMAL",
            "cookie=0x56a5010000000003,table=0,priority=100,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=NORMAL",
            "cookie=0x56a5010000000004,table=0,priority=0 actions=goto_table:10",
            "cookie=0x56a501000000000a,table=10,priority=0 actions=goto_table:20",
            "cookie=0x56a5010000000014,table=20,priority=0 actions=goto_table:30",
            "cookie=0x56a501000000001e,table=30,priority=0 actions=NORMAL",
            "cookie=0x56a501000000001f,table=30,priority=1,in_port=3 actions=LOCAL"), lines);
        assertEquals(102, BasePipeline.bypassPriority(ViasSettings.DEFAULTS));
    }

    @Test
    void uplinkWithBypassDisabledStillPassesTheNatTable() {
        final List<String> lines = BasePipeline.rules(ViasSettings.DEFAULTS.withUplinkPort("eth1")
            .withBypassEnabled(false), BRIDGE).stream().map(OfctlFormat::rule).collect(Collectors.toList());
        assertTrue(lines.contains("cookie=0x56a5010000000005,table=0,priority=101,in_port=3 actions=goto_table:20"),
            lines::toString);
    }

    @Test
    void noUplinkOrUnknownUplinkPortLeavesThePipelineAsItWas() {
        assertEquals(BasePipeline.rules(ViasSettings.DEFAULTS), BasePipeline.rules(ViasSettings.DEFAULTS, BRIDGE));
        assertEquals(BasePipeline.rules(ViasSettings.DEFAULTS),
            BasePipeline.rules(ViasSettings.DEFAULTS.withUplinkPort("eth9"), BRIDGE));
    }
}
