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
 * The match and actions of one header-rewriting rule, before it is given a place in the pipeline; see
 * {@link RewriteRules}.
 */
public record RewriteRule(FlowMatch match, List<FlowAction> actions, Table gotoTable) {

    public RewriteRule {
        actions = List.copyOf(actions);
    }

    /**
     * Places the rewrite in a table.
     *
     * @param idleTimeout seconds without traffic before the switch drops the rule (0: never)
     * @param sendFlowRemoved whether the switch tells the controller when the rule goes, so the controller can
     *                        end the mapping or bypass behind it
     */
    public FlowRule toRule(final String name, final Table table, final int priority, final Cookie cookie,
            final int idleTimeout, final boolean sendFlowRemoved) {
        return new FlowRule(name, table, priority, cookie, match, actions, gotoTable, idleTimeout, 0,
            sendFlowRemoved);
    }
}
