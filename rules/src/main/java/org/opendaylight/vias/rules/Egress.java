/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

/**
 * Where a rewritten packet goes: out of one action (a port, NORMAL, IN_PORT) or on to a later table. Exactly one of
 * the two is set.
 */
public record Egress(FlowAction action, Table gotoTable) {

    public Egress {
        if ((action == null) == (gotoTable == null)) {
            throw new IllegalArgumentException("egress: exactly one of action and gotoTable must be set");
        }
        if (action != null && !(action instanceof FlowAction.Output || action instanceof FlowAction.Normal
                || action instanceof FlowAction.InPort || action instanceof FlowAction.Controller)) {
            throw new IllegalArgumentException("egress: action must be an output, NORMAL, IN_PORT or CONTROLLER, was "
                + action);
        }
    }

    public static Egress port(final long port) {
        return new Egress(FlowAction.output(port), null);
    }

    public static Egress normal() {
        return new Egress(FlowAction.normal(), null);
    }

    public static Egress inPort() {
        return new Egress(new FlowAction.InPort(), null);
    }

    public static Egress gotoTable(final Table table) {
        return new Egress(null, table);
    }
}
