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

/**
 * The VIAS rules (cookie marker 0x56A5) one bridge reports, with the switch's counters. Pure reading of one node's
 * report.
 */
public final class OwnedFlows {
    /** Bridge, table, priority (highest first), name. */
    public static final Comparator<OwnedFlow> ORDER = Comparator.comparing(OwnedFlow::nodeId)
        .thenComparing(OwnedFlow::tableId).thenComparing(Comparator.comparing(OwnedFlow::priority).reversed())
        .thenComparing(OwnedFlow::name);

    private OwnedFlows() {
    }

    /**
     * One flow as the switch reports it in a flow-statistics reply.
     *
     * @param name the flow's id in OpenFlowPlugin's flow registry (the id VIAS added it under, for VIAS's rules)
     */
    public record Reported(short tableId, String name, int priority, long cookie, long packets, long bytes) {
    }

    /**
     * The VIAS flows of {@code reported} (the request asks for VIAS's cookies only; a switch that ignores the
     * cookie mask does not put other rules in the list); a flow is rendered when {@code confirmed} holds a rule of its
     * id with the same cookie (flow ids are reused after a restart, so the id alone does not name our rule).
     */
    public static List<OwnedFlow> of(final String nodeId, final List<Reported> reported,
            final Map<String, FlowRule> confirmed) {
        final List<OwnedFlow> out = new ArrayList<>(reported.size());
        for (Reported flow : reported) {
            if (!Cookie.isVias(flow.cookie())) {
                continue;
            }
            final FlowRule rule = confirmed.get(flow.name());
            final boolean ours = rule != null && rule.cookie().value() == flow.cookie();
            out.add(new OwnedFlow(nodeId, flow.tableId(), flow.name(), flow.priority(), flow.cookie(), flow.packets(),
                flow.bytes(), ours ? rule : null));
        }
        out.sort(ORDER);
        return out;
    }
}
