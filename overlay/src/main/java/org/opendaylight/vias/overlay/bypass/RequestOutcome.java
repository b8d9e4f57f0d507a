/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

/** What {@link BypassNegotiator#requestBypass} did. Anything but STARTED leaves the flow on the overlay. */
public enum RequestOutcome {
    STARTED,
    /** The flow already has a bypass (or one under way). */
    ALREADY,
    /** Local policy does not allow a bypass with this peer (the default). */
    POLICY_DENIED,
    /** The peer did not answer or refused recently; not asked again until the back-off ends. */
    PEER_BACKOFF,
    /** This flow's last bypass failed for a passing reason, recently; not asked again until the back-off ends. */
    FLOW_BACKOFF,
    /** As many bypasses as configured. */
    LIMIT,
    /** No underlay port free. */
    NO_PORT,
    /**
     * This node's NAT towards the peer maps a new port unpredictably (symmetric, or not port-preserving): the peer
     * could not be told where to send. The flow stays on the overlay; recorded as a refused bypass.
     */
    NAT_UNSUPPORTED,
    /**
     * A detected flow that the peer (the lower UID) asks for: this node waits for its request, and asks itself when
     * the flow is reported again after the wait ({@link BypassNegotiator#heavyFlow}).
     */
    DEFERRED,
    /** Protocol not bypassable here, or the peer is this node. */
    UNSUPPORTED
}
