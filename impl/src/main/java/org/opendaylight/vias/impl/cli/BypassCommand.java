/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.cli;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendaylight.vias.impl.bypass.BypassEngine;
import org.opendaylight.vias.impl.bypass.BypassService;

/** {@code vias:bypass <flow>}: asks the peer to bypass one overlay flow now, whatever its rate. */
@Service
@Command(scope = "vias", name = "bypass", description = "Bypasses one overlay flow now (policy still applies)")
public final class BypassCommand implements Action {
    @Reference(optional = true)
    private BypassService bypass;

    @Argument(index = 0, name = "flow", required = true,
        description = "tcp:10.0.0.1:5001>10.0.0.2:5201 (as vias:flows prints it; either direction)")
    private String flow;

    @Override
    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public Object execute() {
        if (bypass == null || bypass.engine().isEmpty()) {
            System.out.println("The overlay is not running");
            return null;
        }
        try {
            final BypassEngine.ManualResult result = bypass.engine().orElseThrow().bypass(flow);
            System.out.println(result.outcome() + (result.id() == 0 ? "" : " (bypass " + result.id() + ")"));
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
