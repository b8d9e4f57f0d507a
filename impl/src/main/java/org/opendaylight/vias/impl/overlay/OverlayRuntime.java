/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.overlay;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendaylight.vias.overlay.ControlChannel;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.ice.SelectedPath;
import org.opendaylight.vias.overlay.node.FrameObserver;
import org.opendaylight.yangtools.concepts.Registration;

/**
 * The overlay (IPOP node) embedded in the controller, as the other VIAS components see it. It is an OSGi service
 * that exists whether or not the overlay is configured; {@link #running()} says whether a node is up. Registrations
 * (control handlers, frame observers, link listeners) survive the node being restarted after a config change.
 */
public interface OverlayRuntime {

    /**
     * A peer seen in the signaling room.
     *
     * @param nat our side of the ICE path to it as STUN showed it ("port-preserving 203.0.113.11 for 10.231.0.2"),
     *            or null without a selected path
     */
    record PeerView(Uid uid, String overlayAddress, boolean linked, String nat) {
    }

    /**
     * One P2P link and its counters.
     *
     * @param drops frames dropped on this link, by reason (the overlay's drop reason names); only non-zero counts
     * @param controlOut control messages (bypass negotiation) sent on this link
     * @param controlIn control messages received on it
     */
    record LinkView(Uid peer, String state, String localCandidate, String remoteCandidate, long txPackets,
            long txBytes, long rxPackets, long rxBytes, Map<String, Long> drops, long controlOut, long controlIn) {
    }

    /** Link state changes; called on an overlay thread, must be quick. */
    interface LinkListener {
        void linkUp(Uid peer);

        void linkDown(Uid peer);
    }

    boolean running();

    /** This node's UID, when running. */
    Optional<Uid> self();

    /**
     * The control channel of the running node. The object is stable across node restarts: a handler registered on
     * it keeps receiving after a restart, and {@code send} fails with an IOException while no node runs.
     */
    ControlChannel controlChannel();

    /** Adds an observer of the node's data path (see {@link FrameObserver}); kept across node restarts. */
    Registration addFrameObserver(FrameObserver observer);

    Registration addLinkListener(LinkListener listener);

    /** Name of the TAP device (a port of the managed OVS bridge), when running. */
    Optional<String> tapName();

    /**
     * The ICE pair selected for the link to {@code peer}, with our base and STUN's mapping of it, when that link is
     * up: the bypass takes our underlay address, public address and NAT behaviour on that path from it.
     */
    Optional<SelectedPath> selectedPath(Uid peer);

    List<PeerView> peers();

    List<LinkView> links();
}
