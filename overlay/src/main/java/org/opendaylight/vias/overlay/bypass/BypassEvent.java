/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.meter.FlowKey;

/**
 * Something that happened to a bypass, for logs and operational state. On {@link Kind#CLOSED} the flow is back on the
 * overlay (the controller may then let the meter report it again).
 *
 * @param flow   oriented local VM to remote VM
 * @param detail the reject or teardown reason, or null
 */
public record BypassEvent(Kind kind, long id, Uid peer, FlowKey flow, String detail) {
    public enum Kind {
        PROPOSED,
        ACCEPTED,
        ACTIVE,
        REJECTED,
        TEARDOWN,
        CLOSED
    }
}
