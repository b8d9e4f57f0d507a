/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.meter.FlowKey;

/**
 * Which peers a flow may be bypassed with. A bypass carries the flow in cleartext on the underlay, outside the
 * overlay's DTLS, so the default is {@link #denyAll()}: an operator must allow peers explicitly, by UID or by
 * location (same site or provider, where the underlay is trusted). Both ends apply their own policy.
 */
@FunctionalInterface
public interface BypassPolicy {
    /**
     * @param flow oriented local VM to remote VM; an implementation may also check that its addresses really are a
     *             local VM and one routed to {@code peer}, so a peer cannot ask to bypass someone else's flow
     */
    boolean allows(Uid peer, FlowKey flow);

    /** The default. */
    static BypassPolicy denyAll() {
        return (peer, flow) -> false;
    }

    static BypassPolicy allowPeers(Set<Uid> peers) {
        final Set<Uid> allowed = Set.copyOf(peers);
        return (peer, flow) -> allowed.contains(peer);
    }

    /** Peers configured with the same location label as this node (e.g. "aws-us-east-1", "lab-3"). */
    static BypassPolicy sameLocation(String localLocation, Map<Uid, String> peerLocations) {
        Objects.requireNonNull(localLocation);
        final Map<Uid, String> locations = Map.copyOf(peerLocations);
        return (peer, flow) -> localLocation.equals(locations.get(peer));
    }

    default BypassPolicy or(BypassPolicy other) {
        return (peer, flow) -> allows(peer, flow) || other.allows(peer, flow);
    }

    default BypassPolicy and(BypassPolicy other) {
        return (peer, flow) -> allows(peer, flow) && other.allows(peer, flow);
    }
}
