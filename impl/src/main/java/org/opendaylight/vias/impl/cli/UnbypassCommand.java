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
import org.opendaylight.vias.impl.bypass.BypassService;

/** {@code vias:unbypass <flow|id>}: ends a flow's bypass on both sides; the flow goes back to the overlay. */
@Service
@Command(scope = "vias", name = "unbypass", description = "Ends a flow's bypass; it goes back to the overlay")
public final class UnbypassCommand implements Action {
    @Reference(optional = true)
    private BypassService bypass;

    @Argument(index = 0, name = "flow", required = true,
        description = "the flow as vias:flows prints it, or the bypass id")
    private String flow;

    @Override
    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public Object execute() {
        if (bypass == null || bypass.engine().isEmpty()) {
            System.out.println("The overlay is not running");
            return null;
        }
        try {
            System.out.println(bypass.engine().orElseThrow().unbypass(flow) ? "tearing down"
                : "no live bypass for " + flow);
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
        }
        return null;
    }
}
