/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

import java.util.List;

/**
 * One OpenFlow rule as VIAS wants it on a bridge: where it sits (table, priority), what it is for (cookie), what it
 * matches, what it does (apply-actions, then an optional goto-table), and how it ends.
 *
 * @param name unique within its table on one bridge; becomes the ODL flow id, so a rule that is rebuilt with the
 *             same name replaces the old one instead of duplicating it
 * @param gotoTable where the packet continues after the actions, or {@code null} to stop here
 * @param idleTimeout seconds without a hit before the switch removes the rule, 0 for never
 * @param hardTimeout seconds after install before the switch removes the rule, 0 for never
 * @param sendFlowRemoved whether the switch reports the rule's removal (so VIAS learns a bypass/mapping ended)
 */
public record FlowRule(String name, Table table, int priority, Cookie cookie, FlowMatch match,
        List<FlowAction> actions, Table gotoTable, int idleTimeout, int hardTimeout, boolean sendFlowRemoved) {

    public FlowRule {
        if (name == null || name.isEmpty() || !name.matches("[A-Za-z0-9._:-]+")) {
            throw new IllegalArgumentException("name: must be non-empty [A-Za-z0-9._:-], was '" + name + "'");
        }
        if (table == null || cookie == null || match == null || actions == null) {
            throw new IllegalArgumentException("table, cookie, match, actions: must be set for rule " + name);
        }
        if (priority < 0 || priority > 65535) {
            throw new IllegalArgumentException("priority: must be 0..65535, was " + priority);
        }
        if (gotoTable != null && gotoTable.id() <= table.id()) {
            throw new IllegalArgumentException("gotoTable: must come after table " + table + ", was " + gotoTable);
        }
        if (idleTimeout < 0 || idleTimeout > 65535 || hardTimeout < 0 || hardTimeout > 65535) {
            throw new IllegalArgumentException("idleTimeout/hardTimeout: must be 0..65535 seconds");
        }
        actions = List.copyOf(actions);
    }

    /** A permanent rule with no goto and no removal notice. */
    public static FlowRule permanent(final String name, final Table table, final int priority, final Cookie cookie,
            final FlowMatch match, final List<FlowAction> actions) {
        return new FlowRule(name, table, priority, cookie, match, actions, null, 0, 0, false);
    }

    /** A permanent rule that only sends the packet on to {@code next}. */
    public static FlowRule gotoNext(final String name, final Table table, final int priority, final Cookie cookie,
            final FlowMatch match, final Table next) {
        return new FlowRule(name, table, priority, cookie, match, List.of(), next, 0, 0, false);
    }

    public FlowRule withIdleTimeout(final int seconds, final boolean notifyRemoval) {
        return new FlowRule(name, table, priority, cookie, match, actions, gotoTable, seconds, hardTimeout,
            notifyRemoval);
    }
}
