/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import java.net.InetSocketAddress;

/**
 * The candidate pair ICE selected for a link, for status output.
 *
 * @param localType host, srflx, prflx or relay
 * @param remoteType host, srflx, prflx or relay
 */
public record SelectedPath(String localType, InetSocketAddress local, String remoteType, InetSocketAddress remote) {

    /** True if either end is a TURN relay. */
    public boolean relayed() {
        return "relay".equals(localType) || "relay".equals(remoteType);
    }

    @Override
    public String toString() {
        return localType + " " + local.getAddress().getHostAddress() + ":" + local.getPort() + " -> " + remoteType
            + " " + remote.getAddress().getHostAddress() + ":" + remote.getPort() + (relayed() ? " (relayed)"
            : " (direct)");
    }
}
