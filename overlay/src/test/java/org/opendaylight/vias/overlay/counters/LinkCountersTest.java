/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A link's counters with drops counted elsewhere (its transport's) added. */
class LinkCountersTest {

    @Test
    void dropsCountedElsewhereAddUpWithTheLinksOwnByReasonAndLeaveTheRestAlone() {
        final LinkCounters link = new LinkCounters();
        link.frameIn(100);
        link.frameOut(60);
        link.drop(DropReason.NOT_DTLS);
        link.drop(DropReason.NO_RECEIVER);
        final LinkCounters.Snapshot own = link.snapshot();

        final LinkCounters.Snapshot sum = own.plusDrops(Map.of(DropReason.NO_RECEIVER, 4L,
            DropReason.ICE_QUEUE_FULL, 2L, DropReason.OVERSIZE, 0L));
        assertEquals(Map.of(DropReason.NOT_DTLS, 1L, DropReason.NO_RECEIVER, 5L, DropReason.ICE_QUEUE_FULL, 2L),
            sum.drops(), "a zero count adds no reason");
        assertEquals(8, sum.totalDrops());
        assertEquals(List.copyOf(sum.drops().keySet()),
            List.of(DropReason.NOT_DTLS, DropReason.NO_RECEIVER, DropReason.ICE_QUEUE_FULL), "in reason order");
        assertEquals(own.framesIn(), sum.framesIn());
        assertEquals(own.bytesOut(), sum.bytesOut());
        assertEquals(Map.of(DropReason.NOT_DTLS, 1L, DropReason.NO_RECEIVER, 1L), own.drops(), "unchanged");
        assertSame(own, own.plusDrops(Map.of()));
    }
}
