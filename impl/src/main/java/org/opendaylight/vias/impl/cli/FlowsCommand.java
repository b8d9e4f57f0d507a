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
import org.opendaylight.vias.impl.bypass.BypassEngine;
import org.opendaylight.vias.impl.bypass.BypassService;

/**
 * {@code vias:flows}: the TCP/UDP flows between overlay addresses that this node carries, each with its path
 * (overlay or bypass), rate, bytes, age and bypass state. {@code vias:rules} lists the OpenFlow rules.
 */
@Service
@Command(scope = "vias", name = "flows", description = "Lists overlay TCP/UDP flows: path, rate, bytes, age")
public final class FlowsCommand implements Action {
    @Reference(optional = true)
    private BypassService bypass;

    @Override
    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public Object execute() {
        if (bypass == null || bypass.engine().isEmpty()) {
            System.out.println("The overlay is not running: no flows");
            return null;
        }
        System.out.print(render(bypass.engine().orElseThrow().flows(bypass.ruleStats())));
        return null;
    }

    /** One line per flow. */
    public static String render(final List<BypassEngine.FlowView> flows) {
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-46s %-7s %12s %14s %10s %8s %-10s %s%n", "flow", "path", "rate(B/s)", "bytes",
            "age(s)", "bypass", "state", "peer"));
        for (BypassEngine.FlowView flow : flows) {
            sb.append(String.format("%-46s %-7s %12s %14d %10.1f %8s %-10s %s%n", flow.id(),
                flow.bypassed() ? "bypass" : "overlay", flow.rateMeasured() ? Long.toString(flow.rate()) : "measuring",
                flow.bytes(), flow.ageMs() / 1000.0,
                flow.bypassId() == 0 ? "-" : Long.toString(flow.bypassId()),
                flow.state() == null ? "-" : flow.state().name().toLowerCase(java.util.Locale.ROOT),
                flow.peer() == null ? "-" : flow.peer().toString()));
            if (flow.reason() != null) {
                sb.append("    reason: ").append(flow.reason()).append('\n');
            }
        }
        sb.append(flows.size()).append(" flow(s)\n");
        return sb.toString();
    }
}
