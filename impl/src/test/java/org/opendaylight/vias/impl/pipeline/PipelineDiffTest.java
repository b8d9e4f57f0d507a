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

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.impl.inventory.InventoryNodes;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowMatch;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.Table;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.table.Flow;

class PipelineDiffTest {
    private static final String NODE = "openflow:1";
    private static final List<FlowRule> PIPELINE = BasePipeline.rules(ViasSettings.DEFAULTS);

    private static List<Flow> inInventory(final List<FlowRule> rules) {
        return rules.stream().map(rule -> InventoryNodes.flow(rule, NODE, -1, 0)).toList();
    }

    @Test
    void aBridgeWithoutConfigInventoryGetsEveryRule() {
        final PipelineDiff diff = PipelineDiff.of(NODE, null, PIPELINE);
        assertEquals(PIPELINE.size(), diff.put().size());
        assertEquals(PIPELINE.stream().map(FlowRule::name).toList(),
            diff.put().stream().map(put -> put.slot().name()).toList());
        assertTrue(diff.delete().isEmpty());
    }

    @Test
    void theSamePipelineAgainChangesNothing() {
        assertTrue(PipelineDiff.of(NODE, InventoryNodes.tables(inInventory(PIPELINE)), PIPELINE).isEmpty());
    }

    @Test
    void putsOnlyWhatDiffersAndDeletesOnlyUnwantedPipelineFlows() {
        final FlowRule kept = PIPELINE.get(0);
        final FlowRule unwanted = PIPELINE.get(1);
        final FlowRule changed = PIPELINE.get(2);
        final FlowRule before = new FlowRule(changed.name(), changed.table(), changed.priority() + 1,
            changed.cookie(), changed.match(), changed.actions(), changed.gotoTable(), 0, 0, false);
        // a NAT rule in the CONFIG inventory is not the pipeline's to delete
        final FlowRule natRule = FlowRule.permanent("nat-gw", Table.NAT, 5, Cookie.of(Cookie.Purpose.NAT_GATEWAY, 0),
            FlowMatch.ANY, List.of());
        final List<FlowRule> wanted = new ArrayList<>(PIPELINE);
        wanted.remove(unwanted);

        final PipelineDiff diff = PipelineDiff.of(NODE, InventoryNodes.tables(inInventory(
            List.of(kept, unwanted, before, natRule))), wanted);

        assertEquals(Set.of(new PipelineDiff.Slot(unwanted.table().id(), unwanted.name())), diff.delete());
        final List<String> put = diff.put().stream().map(p -> p.slot().name()).toList();
        assertTrue(put.contains(changed.name()), put.toString());
        assertTrue(!put.contains(kept.name()), put.toString());
        assertEquals(wanted.size() - 1, put.size());
        assertEquals(wanted.size(), diff.changes());
    }
}
