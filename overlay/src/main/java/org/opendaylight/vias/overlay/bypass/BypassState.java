/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

/** Life of one bypass on one node. */
public enum BypassState {
    /** Requester: request sent, waiting for an answer (retried). */
    PROPOSED,
    /**
     * Agreed but not yet fully on the underlay. Responder: installing inbound, then waiting for the confirmation
     * (accept retried). Requester: installing inbound and outbound.
     */
    ACCEPTED,
    /** Both rules installed on this node: the flow runs on the underlay. */
    ACTIVE,
    /** Rules removed here, teardown sent, waiting for its acknowledgement (retried). */
    TEARDOWN,
    /** Over; kept for a while so late duplicates get the same answer. */
    CLOSED
}
