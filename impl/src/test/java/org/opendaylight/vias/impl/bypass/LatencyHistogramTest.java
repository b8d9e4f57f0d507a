/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void bucketsAreCumulativeAndBoundsInclusive() {
        final LatencyHistogram h = new LatencyHistogram(new double[] {0.05, 0.1, 1});
        h.observeMillis(50);
        h.observeMillis(51);
        h.observeMillis(1000);
        h.observeMillis(5000);
        final LatencyHistogram.Snapshot s = h.snapshot();
        assertArrayEquals(new long[] {1, 2, 3}, s.cumulative());
        assertEquals(4, s.count());
        assertEquals(6.101, s.sumSeconds(), 1e-9);
    }

    @Test
    void aNegativeDurationIsNotCounted() {
        final LatencyHistogram h = new LatencyHistogram(LatencyHistogram.SETUP_BOUNDS);
        h.observeMillis(-5);
        assertEquals(0, h.snapshot().count());
    }

    @Test
    void boundsMustAscend() {
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(new double[] {0.1, 0.1}));
    }
}
