/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opendaylight.vias.impl.flow.FlowTranslator;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.FlowCapableNode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.Table;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.table.Flow;

/**
 * What to write into a bridge's CONFIG inventory so that its pipeline rules are exactly the wanted ones: the flows
 * to put (new or different) and the ones to delete (pipeline flows nobody wants). Pure; only flows with the
 * PIPELINE cookie purpose are looked at, so other owners' flows are never touched.
 *
 * @param put    flows to write, in the order of the wanted rules
 * @param delete table and flow id of each pipeline flow to delete
 */
public record PipelineDiff(List<Put> put, Set<Slot> delete) {

    /** A flow's place in the inventory. */
    public record Slot(short table, String name) {
    }

    public record Put(Slot slot, Flow flow) {
    }

    public PipelineDiff {
        put = List.copyOf(put);
        delete = Set.copyOf(delete);
    }

    public boolean isEmpty() {
        return put.isEmpty() && delete.isEmpty();
    }

    public int changes() {
        return put.size() + delete.size();
    }

    /**
     * The difference between the pipeline flows {@code current} holds (null: the node has no CONFIG inventory yet)
     * and {@code wanted}.
     */
    public static PipelineDiff of(final String nodeId, final FlowCapableNode current, final List<FlowRule> wanted) {
        final Map<Slot, Flow> existing = new HashMap<>();
        if (current != null) {
            for (Table table : current.nonnullTable().values()) {
                for (Flow flow : table.nonnullFlow().values()) {
                    if (isPipeline(flow)) {
                        existing.put(new Slot(table.getId().toJava(), flow.getId().getValue()), flow);
                    }
                }
            }
        }
        final List<Put> put = new ArrayList<>();
        final Set<Slot> stale = new HashSet<>(existing.keySet());
        for (FlowRule rule : wanted) {
            final Slot slot = new Slot(rule.table().id(), rule.name());
            stale.remove(slot);
            final Flow flow = FlowTranslator.toFlow(rule, nodeId);
            if (!flow.equals(existing.get(slot))) {
                put.add(new Put(slot, flow));
            }
        }
        return new PipelineDiff(put, stale);
    }

    private static boolean isPipeline(final Flow flow) {
        final long cookie = flow.getCookie() == null ? 0 : flow.getCookie().getValue().longValue();
        if (!Cookie.isVias(cookie)) {
            return false;
        }
        try {
            return Cookie.decode(cookie).purpose() == Cookie.Purpose.PIPELINE;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
