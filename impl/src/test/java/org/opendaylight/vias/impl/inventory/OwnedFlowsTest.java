/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.impl.ViasRuntime.OwnedFlow;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.impl.pipeline.BasePipeline;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowMatch;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.OfctlFormat;
import org.opendaylight.vias.rules.Table;

class OwnedFlowsTest {
    private static final String NODE = "openflow:1";

    private static OwnedFlows.Reported reported(final FlowRule rule, final long packets, final long bytes) {
        return new OwnedFlows.Reported(rule.table().id(), rule.name(), rule.priority(), rule.cookie().value(),
            packets, bytes);
    }

    @Test
    void listsOnlyViasFlowsWithCountersRenderingThoseConfirmedUnderTheSameCookie() {
        final List<FlowRule> pipeline = BasePipeline.rules(ViasSettings.DEFAULTS);
        final FlowRule first = pipeline.get(0);
        final FlowRule second = pipeline.get(1);
        final FlowRule foreign = FlowRule.permanent("foreign", Table.CLASSIFY, 5, Cookie.of(Cookie.Purpose.PIPELINE, 0),
            FlowMatch.ANY, List.of());
        // a flow id reused after a restart under another cookie: listed, not rendered
        final FlowRule reused = FlowRule.permanent(second.name(), second.table(), second.priority(),
            Cookie.of(Cookie.Purpose.NAT_GATEWAY, 9), second.match(), second.actions());
        final List<OwnedFlows.Reported> reported = List.of(reported(first, 12, 3400), reported(reused, 0, 0),
            new OwnedFlows.Reported(foreign.table().id(), foreign.name(), foreign.priority(), 0x1234, 0, 0));

        final List<OwnedFlow> flows = OwnedFlows.of(NODE, reported, Map.of(first.name(), first, second.name(),
            second));

        assertEquals(2, flows.size(), flows.toString());
        final OwnedFlow counted = flows.stream().filter(f -> f.name().equals(first.name())).findFirst().orElseThrow();
        assertEquals(12, counted.packets());
        assertEquals(3400, counted.bytes());
        assertEquals(OfctlFormat.rule(first), counted.rendered());
        final OwnedFlow unrendered = flows.stream().filter(f -> f.name().equals(second.name())).findFirst()
            .orElseThrow();
        assertEquals("", unrendered.rendered());
        assertEquals(0, unrendered.packets());
        assertEquals(reused.cookie().value(), unrendered.cookie());
    }

    @Test
    void sortsByTableThenHighestPriorityFirst() {
        final List<FlowRule> pipeline = BasePipeline.rules(ViasSettings.DEFAULTS);
        final List<OwnedFlow> flows = OwnedFlows.of(NODE, pipeline.stream().map(rule -> reported(rule, 0, 0)).toList(),
            Map.of());
        assertEquals(pipeline.size(), flows.size());
        for (int i = 1; i < flows.size(); i++) {
            final OwnedFlow a = flows.get(i - 1);
            final OwnedFlow b = flows.get(i);
            assertTrue(a.tableId() < b.tableId()
                || a.tableId() == b.tableId() && a.priority() >= b.priority(), a + " before " + b);
        }
    }
}
