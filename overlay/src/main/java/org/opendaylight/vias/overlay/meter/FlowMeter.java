/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.meter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-flow accounting of the TCP and UDP traffic that crosses the overlay, and detection of heavy flows.
 *
 * <p>The data path calls {@link #record(byte[], int, int)} for every Ethernet frame it carries, in both directions;
 * the two directions of a conversation are one flow. A frame costs a parse in place, one clock read, one lock of a
 * stripe chosen by the flow's hash and a few array writes: no allocation unless the frame makes its flow heavy.
 * A flow is heavy once it has been seen for {@link MeterConfig#minDuration()} and its rate over the sliding window
 * reaches {@link MeterConfig#thresholdBytesPerSecond()}; the listener hears of it once. Many flows that only
 * together are heavy are found by the busy-link criterion ({@link MeterConfig.BusyLink}), a scan of the whole table
 * that the first frame after each scan interval runs.
 *
 * <p>Thread-safe: any number of data-path threads may record concurrently. Call {@link #sweep()} periodically (every
 * few seconds) to forget idle flows; the table is bounded by {@link MeterConfig#maxFlows()} regardless.
 */
public final class FlowMeter {
    private final MeterConfig config;
    private final NanoClock clock;
    private final HeavyFlowListener listener;
    private final FlowTableSegment[] segments;
    private final int segmentShift;
    private final LongAdder[] notMeterable = new LongAdder[NotMeterable.values().length];
    private final LongAdder heavyFlows = new LongAdder();
    private final LongAdder heavyByBusyLink = new LongAdder();
    /** Clock value from which the next busy-link scan is due; the frame that moves it on runs the scan. */
    private final AtomicLong nextBusyLinkScan;

    public FlowMeter(MeterConfig config, NanoClock clock, HeavyFlowListener listener) {
        this.config = config;
        this.clock = clock;
        this.listener = listener;
        segments = new FlowTableSegment[config.segments()];
        final int perSegment = Math.max(1, config.maxFlows() / config.segments());
        for (int i = 0; i < segments.length; i++) {
            segments[i] = new FlowTableSegment(perSegment, config);
        }
        segmentShift = 64 - Integer.numberOfTrailingZeros(config.segments());
        for (int i = 0; i < notMeterable.length; i++) {
            notMeterable[i] = new LongAdder();
        }
        nextBusyLinkScan = new AtomicLong(clock.nanoTime() + config.busyLink().scanInterval().toNanos());
    }

    /**
     * Meters one Ethernet frame.
     *
     * @return false if the frame is not meterable (not unicast IPv4 TCP/UDP, a fragment, truncated); counted
     */
    public boolean record(byte[] frame, int off, int len) {
        final int l4 = FrameParser.l4Offset(frame, off, len);
        if (l4 < 0) {
            notMeterable[-1 - l4].increment();
            return false;
        }
        final int protocol = FrameParser.protocol(frame, off);
        final int srcIp = FrameParser.srcIp(frame, off);
        final int dstIp = FrameParser.dstIp(frame, off);
        final int srcPort = FrameParser.srcPort(frame, l4);
        final int dstPort = FrameParser.dstPort(frame, l4);
        final boolean canonical = FlowKey.isCanonical(srcIp, srcPort, dstIp, dstPort);
        final long hi = canonical ? packHi(srcIp, dstIp) : packHi(dstIp, srcIp);
        final long lo = canonical ? packLo(srcPort, dstPort, protocol) : packLo(dstPort, srcPort, protocol);
        final long mixed = mix(hi, lo);
        final FlowTableSegment segment = segmentOf(mixed);
        final long now = clock.nanoTime();
        final HeavyFlow heavy;
        synchronized (segment) {
            heavy = segment.record(hi, lo, (int) mixed, !canonical, len, now);
        }
        if (heavy != null) {
            heavyFlows.increment();
            listener.onHeavyFlow(heavy);
        }
        if (config.busyLink().enabled()) {
            final long due = nextBusyLinkScan.get();
            final long interval = config.busyLink().scanInterval().toNanos();
            if (now - due >= 0 && nextBusyLinkScan.compareAndSet(due, now + interval)) {
                scanBusyLink(now);
            }
        }
        return true;
    }

    /**
     * The busy-link criterion ({@link MeterConfig.BusyLink}): when the flows together reach the per-flow threshold,
     * reports the largest unreported flows with at least half their fair share. Takes each segment's lock in turn,
     * never two at once, and calls the listener with none held.
     */
    private void scanBusyLink(final long now) {
        final double[] load = new double[2];
        for (FlowTableSegment segment : segments) {
            synchronized (segment) {
                segment.addLoad(now, load);
            }
        }
        if (load[0] < config.thresholdBytesPerSecond() || load[1] == 0) {
            return;
        }
        final double cutoff = Math.max(config.busyLink().floorBytesPerSecond(), load[0] / 2 / load[1]);
        final List<FlowTableSegment.Candidate> candidates = new ArrayList<>();
        for (FlowTableSegment segment : segments) {
            synchronized (segment) {
                segment.busyLinkCandidates(now, cutoff, candidates);
            }
        }
        candidates.sort(Comparator.comparingDouble(FlowTableSegment.Candidate::bytesPerSecond).reversed());
        int reported = 0;
        for (FlowTableSegment.Candidate candidate : candidates) {
            if (reported == config.busyLink().maxPerScan()) {
                break;
            }
            final long mixed = mix(candidate.hi(), candidate.lo());
            final FlowTableSegment segment = segmentOf(mixed);
            final HeavyFlow heavy;
            synchronized (segment) {
                heavy = segment.reportBusyLink(candidate.hi(), candidate.lo(), (int) mixed, now);
            }
            if (heavy != null) {
                reported++;
                heavyFlows.increment();
                heavyByBusyLink.increment();
                listener.onHeavyFlow(heavy);
            }
        }
    }

    /** Meters the frame between position and limit; the buffer's position is not changed. */
    public boolean record(ByteBuffer frame) {
        if (frame.hasArray()) {
            return record(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
        }
        // Direct buffers: copy only the headers (the length still counts the whole frame). Rare on this data path,
        // which works on byte arrays.
        final byte[] headers = new byte[Math.min(frame.remaining(), FrameParser.MAX_HEADERS)];
        frame.get(frame.position(), headers);
        // The parser reads no further than MAX_HEADERS, so the copy suffices while the length counts the whole frame.
        return record(headers, 0, frame.remaining());
    }

    /** Forgets flows idle for longer than {@link MeterConfig#idleTimeout()}. */
    public void sweep() {
        final long now = clock.nanoTime();
        final long idle = config.idleTimeout().toNanos();
        for (FlowTableSegment segment : segments) {
            synchronized (segment) {
                segment.sweep(now, idle);
            }
        }
    }

    /**
     * Forgets one flow (either orientation), so that it can be reported again, e.g. once its bypass was torn down and
     * it is back on the overlay.
     */
    public boolean forget(FlowKey flow) {
        final FlowKey c = flow.canonical();
        final long hi = packHi(c.srcIp(), c.dstIp());
        final long lo = packLo(c.srcPort(), c.dstPort(), c.protocol());
        final long mixed = mix(hi, lo);
        final FlowTableSegment segment = segmentOf(mixed);
        synchronized (segment) {
            return segment.forget(hi, lo, (int) mixed);
        }
    }

    /** Every flow the meter remembers now, with its counters and current rate (for operators; takes each lock). */
    public List<FlowSample> samples() {
        final long now = clock.nanoTime();
        final List<FlowSample> out = new ArrayList<>();
        for (FlowTableSegment segment : segments) {
            synchronized (segment) {
                segment.samples(now, out);
            }
        }
        return out;
    }

    public MeterConfig config() {
        return config;
    }

    public Counters counters() {
        long frames = 0;
        long bytes = 0;
        long flows = 0;
        long evictedIdle = 0;
        long evictedForSpace = 0;
        for (FlowTableSegment segment : segments) {
            synchronized (segment) {
                frames += segment.frames;
                bytes += segment.bytes;
                flows += segment.size();
                evictedIdle += segment.evictedIdle;
                evictedForSpace += segment.evictedForSpace;
            }
        }
        final Map<NotMeterable, Long> skipped = new EnumMap<>(NotMeterable.class);
        for (NotMeterable reason : NotMeterable.values()) {
            final long n = notMeterable[reason.ordinal()].sum();
            if (n != 0) {
                skipped.put(reason, n);
            }
        }
        return new Counters(frames, bytes, flows, heavyFlows.sum(), heavyByBusyLink.sum(), evictedIdle,
            evictedForSpace, skipped);
    }

    /**
     * The meter's counters, for operational state.
     *
     * @param frames          frames metered
     * @param bytes           bytes metered
     * @param flows           flows remembered now
     * @param heavyFlows      heavy-flow events emitted
     * @param heavyByBusyLink those of them found by the busy-link criterion
     * @param evictedIdle     flows forgotten by {@link #sweep()}
     * @param evictedForSpace flows evicted because the table was full (raise maxFlows if this grows)
     * @param notMeterable    frames skipped, by reason
     */
    public record Counters(long frames, long bytes, long flows, long heavyFlows, long heavyByBusyLink,
            long evictedIdle, long evictedForSpace, Map<NotMeterable, Long> notMeterable) {
    }

    /** The lock stripe of a flow: the top bits of its mixed hash. */
    private FlowTableSegment segmentOf(final long mixed) {
        return segments[segmentShift == 64 ? 0 : (int) (mixed >>> segmentShift)];
    }

    static long packHi(int ipA, int ipB) {
        return (long) ipA << 32 | ipB & 0xffff_ffffL;
    }

    static long packLo(int portA, int portB, int protocol) {
        return (long) portA << 24 | (long) portB << 8 | protocol;
    }

    static int hash(long hi, long lo) {
        return (int) mix(hi, lo);
    }

    /** MurmurHash3's 64-bit finalizer: spreads the tuple over both the segment bits (top) and chain bits (bottom). */
    static long mix(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
