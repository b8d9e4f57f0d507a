/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import java.util.Set;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.meter.FlowKey;

/**
 * One bypass as operational state shows it.
 *
 * @param flow      oriented local VM to remote VM
 * @param path      null until both sides' endpoints are known
 * @param installed rules this node believes are on its switch
 * @param reason    why it is tearing down or closed, or null
 */
public record BypassStatus(long id, Uid peer, BypassPath.Role role, BypassState state, FlowKey flow,
        BypassPath path, Set<RuleDirection> installed, String reason) {
}
