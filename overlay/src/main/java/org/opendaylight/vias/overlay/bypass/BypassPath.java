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
 * Everything needed to program one side of an agreed bypass; also what the controller persists so an agreed bypass
 * survives a controller restart ({@link BypassNegotiator#restore}).
 *
 * <p>Outbound rule: match {@code flow} (local VM to remote VM, overlay addresses) and rewrite source to
 * {@code local.underlayIp()}:{@code local.allocatedPort()}, destination to {@code remote.endpoint()}, MACs to the
 * uplink's and its next hop's, output to the uplink. Inbound rule: match source {@code remote.endpoint()} and
 * destination {@code local.underlayIp()}:{@code local.allocatedPort()}, rewrite back to {@code flow.reversed()},
 * output to the VM's port. {@code local.endpoint()} is only what the peer was told to send to: behind a NAT, our
 * public mapping, which our NAT translates to {@code local.underlayIp()}:{@code local.allocatedPort()} on the way in
 * (and back on the way out).
 *
 * @param flow   oriented local VM to remote VM
 * @param remote the peer's side as it announced it
 */
public record BypassPath(long id, Uid peer, Role role, FlowKey flow, PortReservation.Reservation local,
        PortReservation.Reservation remote) {

    /** Which side asked. */
    public enum Role {
        REQUESTER,
        RESPONDER
    }
}
