/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.overlay;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.LinkCounters;
import org.opendaylight.vias.overlay.ice.IceOverlayNode.PeerStatus;
import org.opendaylight.vias.overlay.ice.SelectedPath;

/** Turns what the overlay node reports into the {@link OverlayRuntime} views (pure functions). */
final class OverlayViews {
    /** The YANG link-state names. */
    static final String CONNECTED = "connected";
    static final String CONNECTING = "connecting";
    static final String FAILED = "failed";

    private OverlayViews() {
    }

    static List<OverlayRuntime.PeerView> peers(final List<PeerStatus> status) {
        final List<OverlayRuntime.PeerView> out = new ArrayList<>(status.size());
        for (PeerStatus p : status) {
            out.add(new OverlayRuntime.PeerView(p.uid(), p.overlayAddress(), p.linked(), nat(p.path())));
        }
        return List.copyOf(out);
    }

    /** "none 10.220.0.11:50123", "port-preserving 10.220.0.11:50123 for 10.231.0.2:50123", "unknown ...", or null. */
    static String nat(final SelectedPath path) {
        if (path == null || path.base() == null) {
            return null;
        }
        final String name = path.nat().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        final String base = address(path.base());
        return path.reflexive() == null || path.reflexive().equals(path.base()) ? name + " " + base
            : name + " " + address(path.reflexive()) + " for " + base;
    }

    private static String address(final InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /**
     * One view per peer with a link that is up, being set up, or whose last attempt failed; counters from the
     * node's links (tx = frames sent to the peer, rx = frames received from it).
     */
    static List<OverlayRuntime.LinkView> links(final List<PeerStatus> status,
            final Map<Uid, LinkCounters.Snapshot> counters) {
        final List<OverlayRuntime.LinkView> out = new ArrayList<>();
        for (PeerStatus p : status) {
            final String state = linkState(p);
            if (state == null) {
                continue;
            }
            final LinkCounters.Snapshot c = counters.get(p.uid());
            out.add(new OverlayRuntime.LinkView(p.uid(), state,
                p.path() == null ? null : endpoint(p.path().localType(), p.path().local()),
                p.path() == null ? null : endpoint(p.path().remoteType(), p.path().remote()),
                c == null ? 0 : c.framesOut(), c == null ? 0 : c.bytesOut(),
                c == null ? 0 : c.framesIn(), c == null ? 0 : c.bytesIn(), c == null ? Map.of() : drops(c),
                c == null ? 0 : c.controlOut(), c == null ? 0 : c.controlIn()));
        }
        return List.copyOf(out);
    }

    private static Map<String, Long> drops(final LinkCounters.Snapshot counters) {
        final Map<String, Long> out = new TreeMap<>();
        counters.drops().forEach((reason, count) -> {
            if (count != 0) {
                out.put(reason.name(), count);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** connected, connecting, failed, or null when there is nothing to show (idle, never failed). */
    static String linkState(final PeerStatus peer) {
        if (peer.linked()) {
            return CONNECTED;
        }
        if (!"IDLE".equals(peer.state())) {
            return CONNECTING;
        }
        return peer.lastError() == null ? null : FAILED;
    }

    /** "srflx 198.51.100.1:50000". */
    static String endpoint(final String type, final InetSocketAddress address) {
        return type + " " + address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
