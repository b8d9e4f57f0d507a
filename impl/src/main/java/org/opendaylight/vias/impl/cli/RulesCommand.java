/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.cli;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendaylight.vias.impl.ViasRuntime;
import org.opendaylight.vias.rules.Cookie;

/**
 * {@code vias:rules}: the rules VIAS owns (cookie marker 0x56A5) on each connected bridge, as the switch reports
 * them, with packet and byte counters (OpenFlowPlugin polls statistics every few seconds).
 */
@Service
@Command(scope = "vias", name = "rules", description = "Lists the rules VIAS owns on each bridge, with counters")
public final class RulesCommand implements Action {
    @Reference
    private ViasRuntime runtime;

    @Override
    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public Object execute() throws Exception {
        System.out.print(render(runtime.ownedFlows()));
        return null;
    }

    static String render(final List<ViasRuntime.OwnedFlow> flows) {
        final StringBuilder sb = new StringBuilder();
        String node = null;
        for (ViasRuntime.OwnedFlow flow : flows) {
            if (!flow.nodeId().equals(node)) {
                node = flow.nodeId();
                sb.append("Bridge ").append(node).append('\n');
                sb.append(String.format("  %-5s %-26s %-6s %-20s %-18s %10s %12s  %s%n", "table", "name", "prio",
                    "cookie", "purpose", "packets", "bytes", "rule"));
            }
            String purpose;
            try {
                purpose = Cookie.decode(flow.cookie()).purpose().name();
            } catch (IllegalArgumentException e) {
                purpose = "?";
            }
            sb.append(String.format("  %-5d %-26s %-6d 0x%-18x %-18s %10d %12d  %s%n", flow.tableId(), flow.name(),
                flow.priority(), flow.cookie(), purpose, flow.packets(), flow.bytes(), flow.rendered()));
        }
        if (flows.isEmpty()) {
            sb.append("No VIAS rules on any connected bridge\n");
        }
        sb.append(flows.size()).append(" VIAS rule(s)\n");
        return sb.toString();
    }
}
