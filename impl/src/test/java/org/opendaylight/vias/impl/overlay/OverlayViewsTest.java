/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.DropReason;
import org.opendaylight.vias.overlay.counters.LinkCounters;
import org.opendaylight.vias.overlay.ice.IceOverlayNode.PeerStatus;
import org.opendaylight.vias.overlay.ice.SelectedPath;

class OverlayViewsTest {
    private static final InetSocketAddress BASE = new InetSocketAddress("10.231.0.2", 50123);
    private static final InetSocketAddress PEER = new InetSocketAddress("10.220.0.12", 50999);

    @Test
    void natShowsOurPublicMappingAndOwnAddress() {
        assertEquals("port-preserving 10.220.0.11:50123 for 10.231.0.2:50123", OverlayViews.nat(new SelectedPath(
            "host", BASE, "srflx", PEER, BASE, new InetSocketAddress("10.220.0.11", 50123))));
        assertEquals("port-changing 10.220.0.11:61002 for 10.231.0.2:50123", OverlayViews.nat(new SelectedPath(
            "host", BASE, "srflx", PEER, BASE, new InetSocketAddress("10.220.0.11", 61002))));
        assertEquals("none 10.231.0.2:50123", OverlayViews.nat(new SelectedPath("host", BASE, "host", PEER, BASE,
            BASE)));
        assertEquals("unknown 10.231.0.2:50123", OverlayViews.nat(new SelectedPath("host", BASE, "host", PEER, BASE,
            null)));
        assertNull(OverlayViews.nat(null));
    }

    @Test
    void aLinksViewShowsItsTransportsDropsWithItsOwnByReasonName() {
        final Uid peer = Uid.parse("00000000000000000000000000000000000000b2");
        final LinkCounters link = new LinkCounters();
        link.frameIn(100);
        link.drop(DropReason.NOT_DTLS);
        final LinkCounters.Snapshot counters = link.snapshot().plusDrops(Map.of(DropReason.NO_RECEIVER, 2L,
            DropReason.ICE_QUEUE_FULL, 1L));
        final List<OverlayRuntime.LinkView> views = OverlayViews.links(List.of(new PeerStatus(peer, "10.254.0.2",
            true, "LINKED", true, new SelectedPath("host", BASE, "host", PEER, BASE, BASE), Map.of(), null)),
            Map.of(peer, counters));
        assertEquals(1, views.size());
        assertEquals(Map.of("NOT_DTLS", 1L, "NO_RECEIVER", 2L, "ICE_QUEUE_FULL", 1L), views.get(0).drops());
        assertEquals(1, views.get(0).rxPackets());
    }
}
