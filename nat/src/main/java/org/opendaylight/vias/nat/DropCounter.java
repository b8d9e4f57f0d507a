/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counts dropped punted packets by reason; thread-safe, lock-free. */
public final class DropCounter {
    private final AtomicLongArray counts = new AtomicLongArray(DropReason.values().length);

    public void count(final DropReason reason) {
        counts.incrementAndGet(reason.ordinal());
    }

    public long get(final DropReason reason) {
        return counts.get(reason.ordinal());
    }

    public long total() {
        long sum = 0;
        for (int i = 0; i < counts.length(); i++) {
            sum += counts.get(i);
        }
        return sum;
    }

    /** The reasons seen so far with their counts (zero counts left out). */
    public Map<DropReason, Long> snapshot() {
        final Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            final long n = counts.get(reason.ordinal());
            if (n > 0) {
                out.put(reason, n);
            }
        }
        return out;
    }
}
