/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import java.util.Arrays;

/**
 * A cumulative histogram of durations with fixed upper bounds (seconds), the shape Prometheus histograms have. The
 * bypass records the delay from detection to active in it. Thread-safe; {@link #snapshot()} copies.
 */
public final class LatencyHistogram {
    /** Bucket bounds for the bypass set-up delay: 10 ms to 10 s (measured medians are 60 ms, a slow one 1-2 s). */
    static final double[] SETUP_BOUNDS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    /** Bounds for one batch of flow-mods and its barrier (the rule writer): milliseconds on a local switch. */
    public static final double[] RULE_BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};

    /**
     * A copy of the histogram at one moment.
     *
     * @param upperBounds bucket bounds in seconds, ascending (the +Inf bucket is implied: its count is {@code count})
     * @param cumulative  for each bound, how many observations were at most that
     * @param sumSeconds  the sum of all observations
     * @param count       how many observations
     */
    public record Snapshot(double[] upperBounds, long[] cumulative, double sumSeconds, long count) {
    }

    private final double[] bounds;
    private final long[] counts;
    private double sum;
    private long count;

    public LatencyHistogram(final double[] upperBounds) {
        for (int i = 1; i < upperBounds.length; i++) {
            if (!(upperBounds[i] > upperBounds[i - 1])) {
                throw new IllegalArgumentException("bounds must ascend: " + Arrays.toString(upperBounds));
            }
        }
        bounds = upperBounds.clone();
        counts = new long[bounds.length];
    }

    /** Records one duration; a negative one (a clock step) is ignored rather than counted as zero. */
    public synchronized void observeMillis(final long millis) {
        if (millis < 0) {
            return;
        }
        final double seconds = millis / 1000.0;
        for (int i = 0; i < bounds.length; i++) {
            if (seconds <= bounds[i]) {
                counts[i]++;
            }
        }
        sum += seconds;
        count++;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(bounds.clone(), counts.clone(), sum, count);
    }
}
