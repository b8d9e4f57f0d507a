/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.bypass.BypassPolicy;

/**
 * The bypass policy from {@code config/bypass}. A bypass carries the flow in cleartext on the underlay, so the
 * default allows nothing: a peer is allowed when it is in {@code allowed-peers}, or when {@code location} is set and
 * the peer's {@code peer-location} is the same label. On top, every flow must really be between one of our VMs
 * (source, seen on our tap side) and a VM of that very peer (destination, seen coming from that peer's link): a peer
 * cannot have someone else's traffic bypassed.
 */
public final class BypassPolicies {
    private BypassPolicies() {
    }

    /** Which peers the configuration allows, ignoring the flow. */
    public static BypassPolicy configured(final ViasSettings.Bypass settings) {
        final Set<Uid> allowed = new HashSet<>();
        settings.allowedPeers().forEach(uid -> allowed.add(Uid.parse(uid)));
        BypassPolicy policy = allowed.isEmpty() ? BypassPolicy.denyAll() : BypassPolicy.allowPeers(allowed);
        if (settings.location().isPresent()) {
            final Map<Uid, String> locations = new HashMap<>();
            settings.peerLocations().forEach((uid, location) -> locations.put(Uid.parse(uid), location));
            policy = policy.or(BypassPolicy.sameLocation(settings.location().orElseThrow(), locations));
        }
        return policy;
    }

    /** The flow check: local VM to a VM behind {@code peer}, as the frame tap saw them. */
    public static BypassPolicy ownFlowsOnly(final FrameTap tap) {
        return (peer, flow) -> {
            if (tap.localMac(flow.srcIp()).isEmpty()) {
                return false;
            }
            final Optional<Uid> remote = tap.peerOf(flow.dstIp());
            return remote.isPresent() && remote.orElseThrow().equals(peer);
        };
    }
}
