/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.tap;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What the TAP offloads did: GSO frames read and cut, checksums completed, segments joined on write, drops. */
public final class OffloadCounters {
    /** GSO frames read from the TAP. */
    public final LongAdder gsoFrames = new LongAdder();
    /** Frames cut out of them. */
    public final LongAdder gsoSegments = new LongAdder();
    /** Non-GSO frames whose checksum the overlay completed (NEEDS_CSUM). */
    public final LongAdder checksumsCompleted = new LongAdder();
    /** Frames written with GSO (two or more segments joined). */
    public final LongAdder joinedFrames = new LongAdder();
    /** Segments that went into them. */
    public final LongAdder joinedSegments = new LongAdder();
    private final Map<OffloadDrop, LongAdder> drops = new EnumMap<>(OffloadDrop.class);

    public OffloadCounters() {
        for (OffloadDrop reason : OffloadDrop.values()) {
            drops.put(reason, new LongAdder());
        }
    }

    public void drop(OffloadDrop reason) {
        drops.get(reason).increment();
    }

    public long drops(OffloadDrop reason) {
        return drops.get(reason).sum();
    }

    @Override
    public String toString() {
        final StringBuilder s = new StringBuilder("gsoFrames=").append(gsoFrames.sum())
            .append(" gsoSegments=").append(gsoSegments.sum())
            .append(" checksumsCompleted=").append(checksumsCompleted.sum())
            .append(" joinedFrames=").append(joinedFrames.sum())
            .append(" joinedSegments=").append(joinedSegments.sum());
        for (Map.Entry<OffloadDrop, LongAdder> e : drops.entrySet()) {
            final long n = e.getValue().sum();
            if (n > 0) {
                s.append(' ').append(e.getKey()).append('=').append(n);
            }
        }
        return s.toString();
    }
}
