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
 * @param busyLink                the second criterion, for many flows that are heavy together (see {@link BusyLink})
 */
public record MeterConfig(long thresholdBytesPerSecond, Duration minDuration, Duration window, int buckets,
        Duration idleTimeout, int maxFlows, int segments, long thresholdPacketsPerSecond, BusyLink busyLink) {

    /** A config without the packet-rate and busy-link criteria. */
    public MeterConfig(final long thresholdBytesPerSecond, final Duration minDuration, final Duration window,
            final int buckets, final Duration idleTimeout, final int maxFlows, final int segments) {
        this(thresholdBytesPerSecond, minDuration, window, buckets, idleTimeout, maxFlows, segments, 0);
    }

    /** A config without the busy-link criterion. */
    public MeterConfig(final long thresholdBytesPerSecond, final Duration minDuration, final Duration window,
            final int buckets, final Duration idleTimeout, final int maxFlows, final int segments,
            final long thresholdPacketsPerSecond) {
        this(thresholdBytesPerSecond, minDuration, window, buckets, idleTimeout, maxFlows, segments,
            thresholdPacketsPerSecond, BusyLink.OFF);
    }

    /**
     * When the overlay is busy with many flows none of which reaches the threshold alone. A single threshold per
     * flow fails exactly when the overlay is saturated: N flows share it and each one's rate falls to 1/N of it, below
     * any fixed threshold, so none is ever reported while together they choke the link. So every
     * {@code scanInterval} the meter adds up the window rates of all flows; when the sum reaches the per-flow
     * threshold (the overlay carries at least one heavy flow's worth), each flow seen for the minimum duration whose
     * rate is at least half its fair share of that sum ({@code sum / 2 / flows with traffic in the window}) and at
     * least {@code floorBytesPerSecond} is heavy: the largest first, at most {@code maxPerScan} a scan. Mice (an
     * interactive session beside bulk transfers) stay far below half a fair share; a flow that leaves for its bypass
     * leaves the sum, and the next scan judges the rest anew.
     *
     * @param scanInterval        how often the sum is taken (on the data path, by whichever frame comes after it is
     *                            due); zero turns the criterion off
     * @param floorBytesPerSecond no flow slower than this is ever heavy by this criterion
     * @param maxPerScan          flows reported per scan at most, so a flood of flows is bypassed at a bounded rate
     */
    public record BusyLink(Duration scanInterval, long floorBytesPerSecond, int maxPerScan) {
        public static final BusyLink OFF = new BusyLink(Duration.ZERO, 0, 0);
        /** Every 250 ms, flows of at least 2 kB/s (16 kbit/s), 32 per scan: up to 128 a second. */
        public static final BusyLink DEFAULT = new BusyLink(Duration.ofMillis(250), 2_000, 32);

        public BusyLink {
            if (scanInterval.isNegative()) {
                throw new IllegalArgumentException("busyLink.scanInterval: must be >= 0 (0: off), was "
                    + scanInterval);
            }
            if (!scanInterval.isZero() && (floorBytesPerSecond <= 0 || maxPerScan < 1)) {
                throw new IllegalArgumentException("busyLink: floorBytesPerSecond must be > 0 and maxPerScan >= 1,"
                    + " was " + floorBytesPerSecond + " and " + maxPerScan);
            }
        }

        public boolean enabled() {
            return !scanInterval.isZero();
        }
    }

    /**
     * 10 Mbit/s held for 250 ms, averaged over 1 s in 100 ms buckets; 64k flows; the busy-link criterion on. A flow
     * that starts above the threshold is reported 250 ms after its first frame, which leaves most of the 1 s budget
     * to negotiation.
     */
    public static final MeterConfig DEFAULT = new MeterConfig(1_250_000, Duration.ofMillis(250), Duration.ofSeconds(1),
        10, Duration.ofSeconds(30), 65_536, 64, 0, BusyLink.DEFAULT);

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
        if (busyLink == null) {
            throw new IllegalArgumentException("busyLink: must be given (BusyLink.OFF turns it off)");
        }
        if (maxFlows < segments) {
            throw new IllegalArgumentException("maxFlows: must be >= segments (" + segments + "), was " + maxFlows);
        }
    }

    public MeterConfig withThreshold(long bytesPerSecond, Duration newMinDuration) {
        return new MeterConfig(bytesPerSecond, newMinDuration, window, buckets, idleTimeout, maxFlows, segments,
            thresholdPacketsPerSecond, busyLink);
    }

    /** The same config with the packet-rate criterion (0: off). */
    public MeterConfig withPacketThreshold(final long packetsPerSecond) {
        return new MeterConfig(thresholdBytesPerSecond, minDuration, window, buckets, idleTimeout, maxFlows, segments,
            packetsPerSecond, busyLink);
    }

    public MeterConfig withTable(int newMaxFlows, int newSegments) {
        return new MeterConfig(thresholdBytesPerSecond, minDuration, window, buckets, idleTimeout, newMaxFlows,
            newSegments, thresholdPacketsPerSecond, busyLink);
    }

    public MeterConfig withIdleTimeout(Duration newIdleTimeout) {
        return new MeterConfig(thresholdBytesPerSecond, minDuration, window, buckets, newIdleTimeout, maxFlows,
            segments, thresholdPacketsPerSecond, busyLink);
    }

    /** The same config with this busy-link criterion ({@link BusyLink#OFF}: off). */
    public MeterConfig withBusyLink(final BusyLink newBusyLink) {
        return new MeterConfig(thresholdBytesPerSecond, minDuration, window, buckets, idleTimeout, maxFlows,
            segments, thresholdPacketsPerSecond, newBusyLink);
    }

    long bucketNanos() {
        return window.toNanos() / buckets;
    }
}
