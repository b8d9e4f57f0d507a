/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.opendaylight.vias.impl.ViasRuntime.OwnedFlow;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Counter64;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.FlowCapableNode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.Table;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.table.Flow;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.statistics.rev130819.FlowStatisticsData;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.statistics.rev130819.flow.statistics.FlowStatistics;

/**
 * The VIAS rules (cookie marker 0x56A5) one bridge reports in its OPERATIONAL inventory, with the flow statistics'
 * counters. Pure reading of one node.
 */
public final class OwnedFlows {
    /** Bridge, table, priority (highest first), name. */
    public static final Comparator<OwnedFlow> ORDER = Comparator.comparing(OwnedFlow::nodeId)
        .thenComparing(OwnedFlow::tableId).thenComparing(Comparator.comparing(OwnedFlow::priority).reversed())
        .thenComparing(OwnedFlow::name);

    private OwnedFlows() {
    }

    /**
     * The VIAS flows of {@code reported}; a flow is rendered when {@code confirmed} holds a rule of its id with the
     * same cookie (flow ids are reused after a restart, so the id alone does not name our rule).
     */
    public static List<OwnedFlow> of(final String nodeId, final FlowCapableNode reported,
            final Map<String, FlowRule> confirmed) {
        final List<OwnedFlow> out = new ArrayList<>();
        for (Table table : reported.nonnullTable().values()) {
            for (Flow flow : table.nonnullFlow().values()) {
                final long cookie = flow.getCookie() == null ? 0 : flow.getCookie().getValue().longValue();
                if (!Cookie.isVias(cookie)) {
                    continue;
                }
                final FlowStatisticsData data = flow.augmentation(FlowStatisticsData.class);
                final FlowStatistics stats = data == null ? null : data.getFlowStatistics();
                final String name = flow.getId().getValue();
                final FlowRule rule = confirmed.get(name);
                final boolean ours = rule != null && rule.cookie().value() == cookie;
                out.add(new OwnedFlow(nodeId, table.getId().toJava(), name,
                    flow.getPriority() == null ? 0 : flow.getPriority().toJava(), cookie,
                    stats == null ? 0 : count(stats.getPacketCount()),
                    stats == null ? 0 : count(stats.getByteCount()),
                    ours ? rule : null));
            }
        }
        out.sort(ORDER);
        return out;
    }

    private static long count(final Counter64 counter) {
        return counter == null ? 0 : counter.getValue().longValue();
    }
}
