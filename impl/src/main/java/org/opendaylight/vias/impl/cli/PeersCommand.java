/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.cli;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendaylight.vias.impl.overlay.OverlayRuntime;

/** {@code vias:peers}: the overlay peers this node sees in its signaling room. */
@Service
@Command(scope = "vias", name = "peers", description = "Shows the overlay peers and whether a link to each is up")
public final class PeersCommand implements Action {
    @Reference
    private OverlayRuntime overlay;

    @Override
    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public Object execute() {
        System.out.print(render(overlay));
        return null;
    }

    static String render(final OverlayRuntime overlay) {
        final StringBuilder sb = new StringBuilder(header(overlay));
        final List<OverlayRuntime.PeerView> peers = overlay.peers();
        sb.append(String.format("%-40s  %-15s  %-4s  %s%n", "PEER UID", "OVERLAY ADDRESS", "LINK",
            "NAT (OUR SIDE OF THE PATH)"));
        for (OverlayRuntime.PeerView peer : peers) {
            sb.append(String.format("%-40s  %-15s  %-4s  %s%n", peer.uid(),
                peer.overlayAddress() == null ? "-" : peer.overlayAddress(), peer.linked() ? "up" : "down",
                peer.nat() == null ? "-" : peer.nat()));
        }
        sb.append(peers.size()).append(peers.size() == 1 ? " peer" : " peers").append('\n');
        return sb.toString();
    }

    static String header(final OverlayRuntime overlay) {
        if (!overlay.running()) {
            return "Overlay node: not running\n";
        }
        return "Overlay node: " + overlay.self().map(Object::toString).orElse("?") + " TAP "
            + overlay.tapName().orElse("?") + '\n';
    }
}
