/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.inventory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.opendaylight.vias.rules.Cookie;

/**
 * The last reading of each bridge's rules of one purpose, with its age. Readers that come back every second (the
 * bypass state) and readers anyone may call often (the live view) take a reading up to a given age instead of asking
 * the switch each time; a reading for reconciliation asks for age zero. Pure over an injected nanosecond clock; safe
 * for concurrent use (two readers that miss at the same moment both ask the switch, the later answer stays).
 */
public final class FlowStatisticsCache {
    private record Key(String nodeId, Cookie.Purpose purpose) {
    }

    private record Reading(long atNanos, List<OwnedFlows.Reported> flows) {
    }

    private final LongSupplier nanoClock;
    private final Map<Key, Reading> readings = new ConcurrentHashMap<>();

    public FlowStatisticsCache(final LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The flows of {@code purpose} read from {@code nodeId} at most {@code maxAge} ago, if there is such a reading. */
    public Optional<List<OwnedFlows.Reported>> get(final String nodeId, final Cookie.Purpose purpose,
            final Duration maxAge) {
        final Reading reading = readings.get(new Key(nodeId, purpose));
        if (reading == null || maxAge.isZero() || nanoClock.getAsLong() - reading.atNanos > maxAge.toNanos()) {
            return Optional.empty();
        }
        return Optional.of(reading.flows);
    }

    /** Records a reading of {@code purpose} on {@code nodeId}, taken now. */
    public void put(final String nodeId, final Cookie.Purpose purpose, final List<OwnedFlows.Reported> flows) {
        readings.put(new Key(nodeId, purpose), new Reading(nanoClock.getAsLong(), List.copyOf(flows)));
    }
}
