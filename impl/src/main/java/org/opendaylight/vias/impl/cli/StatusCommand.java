/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.cli;

import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendaylight.vias.impl.ComponentVersions;
import org.opendaylight.vias.impl.ViasRuntime;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.impl.security.DefaultLoginWarning;
import org.opendaylight.vias.impl.security.ExposureGuard;

/** {@code vias:status}: connected bridges, the effective config and component versions. */
@Service
@Command(scope = "vias", name = "status", description = "Shows VIAS bridges, effective config and versions")
public final class StatusCommand implements Action {
    @Reference
    private ViasRuntime runtime;
    @Reference
    private DefaultLoginWarning defaultLogins;
    @Reference
    private ExposureGuard exposure;

    @Override
    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public Object execute() {
        System.out.print(render(runtime, ComponentVersions.all(), defaultLogins.inForce(),
            exposure.refusals()));
        return null;
    }

    static String render(final ViasRuntime runtime, final Map<String, String> versions,
            final List<String> defaultLogins, final List<String> exposureRefusals) {
        final StringBuilder sb = new StringBuilder();
        sb.append("VIAS ").append(runtime.version()).append('\n');
        exposureRefusals.forEach(refusal -> sb.append("ERROR: not exposed: ").append(refusal).append('\n'));
        defaultLogins.forEach(login -> sb.append("WARNING: default login in force: ").append(login).append('\n'));
        sb.append("Bridges connected over OpenFlow 1.3: ").append(runtime.bridges().size()).append('\n');
        for (ViasRuntime.ConnectedBridge bridge : runtime.bridges().values()) {
            sb.append(String.format("  %-28s %-16s %s%n", bridge.nodeId(),
                bridge.name() == null ? "?" : bridge.name(), bridge.managed() ? "managed" : "not managed"));
        }
        final ViasSettings s = runtime.settings();
        sb.append("Config:\n");
        sb.append("  switch/bridge-name            ").append(s.bridgeName().orElse("(any bridge)")).append('\n');
        sb.append("  switch/pipeline-priority      ").append(s.pipelinePriority()).append('\n');
        sb.append("  bypass/enabled                ").append(s.bypassEnabled()).append('\n');
        sb.append("  bypass/threshold-pps          ").append(s.bypassThresholdPps()).append('\n');
        sb.append("  bypass/threshold-bps          ").append(s.bypassThresholdBps()).append('\n');
        sb.append("  bypass/idle-timeout           ").append(s.bypassIdleTimeout()).append('\n');
        sb.append("  nat/enabled                   ").append(s.natEnabled()).append('\n');
        sb.append("  nat/port-range                ").append(s.natPortRangeStart()).append("..")
            .append(s.natPortRangeEnd()).append('\n');
        sb.append("Versions:\n");
        versions.forEach((name, version) -> sb.append(String.format("  %-20s %s%n", name, version)));
        return sb.toString();
    }
}
