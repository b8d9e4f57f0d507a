/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.rules.Cookie;

class FlowStatisticsCacheTest {
    private static final Duration TEN_S = Duration.ofSeconds(10);
    private static final OwnedFlows.Reported NAT_ENTRY = new OwnedFlows.Reported((short) 20, "nat-out-1", 100,
        Cookie.of(Cookie.Purpose.NAT_OUTGOING, 1).value(), 7, 700);

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final FlowStatisticsCache cache = new FlowStatisticsCache(nanos::get);

    @Test
    void aReadingServesReadersUpToTheirMaximumAgeAndNoLonger() {
        cache.put("openflow:1", Cookie.Purpose.NAT_OUTGOING, List.of(NAT_ENTRY));
        nanos.addAndGet(TEN_S.toNanos());
        assertEquals(Optional.of(List.of(NAT_ENTRY)), cache.get("openflow:1", Cookie.Purpose.NAT_OUTGOING, TEN_S));
        nanos.incrementAndGet();
        assertTrue(cache.get("openflow:1", Cookie.Purpose.NAT_OUTGOING, TEN_S).isEmpty(), "older than 10 s");
        assertTrue(cache.get("openflow:1", Cookie.Purpose.NAT_OUTGOING, Duration.ofMinutes(1)).isPresent());
    }

    @Test
    void ageZeroAlwaysAsksTheSwitch() {
        cache.put("openflow:1", Cookie.Purpose.NAT_OUTGOING, List.of(NAT_ENTRY));
        assertTrue(cache.get("openflow:1", Cookie.Purpose.NAT_OUTGOING, Duration.ZERO).isEmpty());
    }

    @Test
    void readingsAreKeptPerBridgeAndPurposeAndAnEmptyReadingCounts() {
        cache.put("openflow:1", Cookie.Purpose.NAT_OUTGOING, List.of(NAT_ENTRY));
        cache.put("openflow:1", Cookie.Purpose.BYPASS_INBOUND, List.of());
        assertTrue(cache.get("openflow:2", Cookie.Purpose.NAT_OUTGOING, TEN_S).isEmpty(), "other bridge");
        assertTrue(cache.get("openflow:1", Cookie.Purpose.NAT_INCOMING, TEN_S).isEmpty(), "other purpose");
        assertEquals(Optional.of(List.of()), cache.get("openflow:1", Cookie.Purpose.BYPASS_INBOUND, TEN_S),
            "a bridge without bypass rules is not asked again within the age");
        // a newer reading replaces the older one
        nanos.addAndGet(TEN_S.toNanos());
        cache.put("openflow:1", Cookie.Purpose.NAT_OUTGOING, List.of());
        assertEquals(Optional.of(List.of()), cache.get("openflow:1", Cookie.Purpose.NAT_OUTGOING, TEN_S));
    }
}
