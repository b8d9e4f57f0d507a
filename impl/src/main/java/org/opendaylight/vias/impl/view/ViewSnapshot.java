/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.view;

import java.util.List;
import org.opendaylight.vias.impl.bypass.BypassEngine;
import org.opendaylight.vias.impl.bypass.LatencyHistogram;
import org.opendaylight.vias.impl.nat.NatService;
import org.opendaylight.vias.impl.overlay.OverlayRuntime;
import org.opendaylight.vias.overlay.bypass.BypassCounters;

/**
 * What the view shows, read at one moment from the services the {@code vias:*} commands read (the overlay, the
 * bypass engine, the NAT): no copy of its own. The metrics and the page's JSON are pure functions of it.
 *
 * @param nowMs          wall-clock ms when it was read
 * @param selfUid        this node's overlay UID, null when the overlay is not running
 * @param bypass         the bypass part, null when no bypass engine runs (no overlay)
 * @param nat            the NAT's status, null when it could not be read; {@code nat.setup()} is null when NAT is off
 * @param natMappings    the NAT's mappings (empty when off)
 * @param ruleProgramming how long the rule writer's batches took from being sent to the switch's barrier reply
 */
public record ViewSnapshot(long nowMs, boolean overlayRunning, String selfUid, String tapName,
        List<OverlayRuntime.PeerView> peers, List<OverlayRuntime.LinkView> links, Bypass bypass, NatService.Status nat,
        List<NatService.MappingView> natMappings, LatencyHistogram.Snapshot ruleProgramming) {

    /**
     * The bypass engine's flows (with the rules' counters), negotiation counters and set-up delays.
     *
     * @param reportsDeferred heavy-flow reports that met a back-off, the limit or no free port, to be repeated later
     * @param inboxDropped    peers' control messages dropped because the queue to the negotiator was full
     */
    public record Bypass(List<BypassEngine.FlowView> flows, BypassCounters.Snapshot counters,
            LatencyHistogram.Snapshot setupDelays, long reportsDeferred, long inboxDropped) {
    }
}
