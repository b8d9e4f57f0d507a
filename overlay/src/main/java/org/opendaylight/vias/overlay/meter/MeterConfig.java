/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.meter;

import java.time.Duration;

/**
 * When a flow counts as heavy, and how much the meter may remember.
 *
 * @param thresholdBytesPerSecond a flow is heavy when its rate over the sliding window reaches this (both directions
 *                                of the conversation added, Ethernet bytes)
 * @param minDuration             and it has been seen for at least this long, so a short burst never triggers a
 *                                bypass whose set-up costs more than it saves
 * @param window                  length of the sliding window the rate is averaged over
 * @param buckets                 time buckets the window is cut into: the window slides by window / buckets
 * @param idleTimeout             a flow not seen for this long is forgotten by {@link FlowMeter#sweep()}
 * @param maxFlows                flows remembered at once; past it the least recently seen of a few is evicted
 * @param segments                lock stripes (a power of two); more stripes, less contention between threads
 * @param thresholdPacketsPerSecond a flow is also heavy when its frame rate over the window reaches this (both
 *                                directions added); 0 turns the packet-rate criterion off
 */
public record MeterConfig(long thresholdBytesPerSecond, Duration minDuration, Duration window, int buckets,
        Duration idleTimeout, int maxFlows, int segments, long thresholdPacketsPerSecond) {

    /** A config without the packet-rate criterion. */
    public MeterConfig(final long thresholdBytesPerSecond, final Duration minDuration, final Duration window,
            final int buckets, final Duration idleTimeout, final int maxFlows, final int segments) {
        this(thresholdBytesPerSecond, minDuration, window, buckets, idleTimeout, maxFlows, segments, 0);
    }

    /**
     * 10 Mbit/s held for 250 ms, averaged over 1 s in 100 ms buckets; 64k flows. A flow that starts above the
     * threshold is reported 250 ms after its first frame, which leaves most of the 1 s budget to negotiation.
     */
    public static final MeterConfig DEFAULT = new MeterConfig(1_250_000, Duration.ofMillis(250), Duration.ofSeconds(1),
        10, Duration.ofSeconds(30), 65_536, 64);

    public MeterConfig {
        if (thresholdBytesPerSecond <= 0) {
            throw new IllegalArgumentException("thresholdBytesPerSecond: must be > 0, was " + thresholdBytesPerSecond);
        }
        if (minDuration.isNegative()) {
            throw new IllegalArgumentException("minDuration: must be >= 0, was " + minDuration);
        }
        if (buckets < 1 || buckets > 1024) {
            throw new IllegalArgumentException("buckets: must be in 1..1024, was " + buckets);
        }
        if (window.toNanos() < buckets) {
            throw new IllegalArgumentException("window: must be at least 1 ns per bucket, was " + window);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout: must be > 0, was " + idleTimeout);
        }
        if (segments < 1 || Integer.bitCount(segments) != 1 || segments > 4096) {
            throw new IllegalArgumentException("segments: must be a power of two in 1..4096, was " + segments);
        }
        if (thresholdPacketsPerSecond < 0) {
            throw new IllegalArgumentException("thresholdPacketsPerSecond: must be >= 0 (0: off), was "
                + thresholdPacketsPerSecond);
        }
        if (maxFlows < segments) {
            throw new IllegalArgumentException("maxFlows: must be >= segments (" + segments + "), was " + maxFlows);
        }
    }

    public MeterConfig withThreshold(long bytesPerSecond, Duration newMinDuration) {
        return new MeterConfig(bytesPerSecond, newMinDuration, window, buckets, idleTimeout, maxFlows, segments,
            thresholdPacketsPerSecond);
    }

    /** The same config with the packet-rate criterion (0: off). */
    public MeterConfig withPacketThreshold(final long packetsPerSecond) {
        return new MeterConfig(thresholdBytesPerSecond, minDuration, window, buckets, idleTimeout, maxFlows, segments,
            packetsPerSecond);
    }

    public MeterConfig withTable(int newMaxFlows, int newSegments) {
        return new MeterConfig(thresholdBytesPerSecond, minDuration, window, buckets, idleTimeout, newMaxFlows,
            newSegments, thresholdPacketsPerSecond);
    }

    public MeterConfig withIdleTimeout(Duration newIdleTimeout) {
        return new MeterConfig(thresholdBytesPerSecond, minDuration, window, buckets, newIdleTimeout, maxFlows,
            segments, thresholdPacketsPerSecond);
    }

    long bucketNanos() {
        return window.toNanos() / buckets;
    }
}
