/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.cli;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendaylight.vias.impl.ViasRuntime;
import org.opendaylight.vias.impl.bypass.BypassRpcs;
import org.opendaylight.vias.impl.config.ViasSettings;

/**
 * {@code vias:threshold}: shows the detection thresholds, or sets them (written to {@code config/bypass} like any
 * config change, so the commit checks apply and the change survives a restart).
 */
@Service
@Command(scope = "vias", name = "threshold", description = "Shows or sets the bypass detection thresholds")
public final class ThresholdCommand implements Action {
    @Reference
    private ViasRuntime runtime;

    @Reference(optional = true)
    private BypassRpcs rpcs;

    @Option(name = "--bytes", description = "bytes per second (config/bypass/threshold-bytes-per-second)")
    private Long bytes;

    @Option(name = "--packets", description = "packets per second (config/bypass/threshold-packets-per-second)")
    private Long packets;

    @Option(name = "--min-duration", description = "milliseconds (config/bypass/min-duration)")
    private Long minDuration;

    @Override
    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public Object execute() throws Exception {
        if (bytes != null || packets != null || minDuration != null) {
            if (rpcs == null) {
                System.out.println("The bypass component is not running");
                return null;
            }
            rpcs.writeThresholds(bytes, packets, minDuration);
        }
        final ViasSettings s = runtime.settings();
        System.out.printf("threshold-bytes-per-second   %d%nthreshold-packets-per-second %d%nmin-duration (ms)"
            + "            %d%nidle-timeout (s)             %d%n", s.bypassThresholdBps(), s.bypassThresholdPps(),
            s.bypass().minDurationMs(), s.bypassIdleTimeout());
        return null;
    }
}
