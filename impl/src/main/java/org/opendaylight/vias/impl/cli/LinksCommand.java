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

/** {@code vias:links}: the overlay's P2P links, their ICE pairs and counters. */
@Service
@Command(scope = "vias", name = "links", description = "Shows the overlay's P2P links with ICE pairs and counters")
public final class LinksCommand implements Action {
    @Reference
    private OverlayRuntime overlay;

    @Override
    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public Object execute() {
        System.out.print(render(overlay));
        return null;
    }

    static String render(final OverlayRuntime overlay) {
        final StringBuilder sb = new StringBuilder(PeersCommand.header(overlay));
        final List<OverlayRuntime.LinkView> links = overlay.links();
        final String format = "%-40s  %-10s  %-28s  %-28s  %10s  %12s  %10s  %12s%n";
        sb.append(String.format(format, "PEER UID", "STATE", "LOCAL CANDIDATE", "REMOTE CANDIDATE", "TX PKTS",
            "TX BYTES", "RX PKTS", "RX BYTES"));
        for (OverlayRuntime.LinkView link : links) {
            sb.append(String.format(format, link.peer(), link.state(),
                link.localCandidate() == null ? "-" : link.localCandidate(),
                link.remoteCandidate() == null ? "-" : link.remoteCandidate(), link.txPackets(), link.txBytes(),
                link.rxPackets(), link.rxBytes()));
        }
        sb.append(links.size()).append(links.size() == 1 ? " link" : " links").append('\n');
        return sb.toString();
    }
}
