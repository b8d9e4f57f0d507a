/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.meter;

import java.util.Arrays;
import java.util.List;

/**
 * One lock stripe of the flow table: a fixed-capacity chained hash table over parallel primitive arrays, so metering
 * a frame allocates nothing and touches a few cache lines. Not thread-safe: {@link FlowMeter} holds the segment's
 * monitor around every call.
 *
 * <p>A flow is keyed by its canonical 5-tuple packed into two longs: {@code hi = ipA << 32 | ipB},
 * {@code lo = portA << 24 | portB << 8 | protocol}; {@code lo} is never 0, so 0 marks a free slot.
 */
final class FlowTableSegment {
    private static final int SCAN_FOR_VICTIM = 8;

    private final int capacity;
    private final int buckets;
    private final long bucketNanos;
    private final long minDurationNanos;
    private final double thresholdBytesPerNano;
    /** 0 when the packet-rate criterion is off. */
    private final double thresholdFramesPerNano;

    /** Hash chain heads: slot + 1, 0 for an empty chain. */
    private final int[] heads;
    /** Chain links, and free-list links for free slots: slot + 1, 0 for the end. */
    private final int[] next;
    private final long[] keyHi;
    private final long[] keyLo;
    private final long[] firstSeen;
    private final long[] lastSeen;
    /** Epoch (clock / bucketNanos) of the newest bucket written, per slot. */
    private final long[] lastEpoch;
    /** Running sum of the slot's buckets, so the rate check is O(1) per frame. */
    private final long[] windowBytes;
    /** {@code buckets} counters per slot, a ring indexed by epoch mod buckets. */
    private final long[] bucketBytes;
    /** Frames per bucket and their running sum, for the packet-rate criterion. */
    private final int[] bucketFrames;
    private final long[] windowFrames;
    /** The first frame went from the canonical destination to the canonical source. */
    private final boolean[] firstReversed;
    private final boolean[] reported;
    /** Frames and bytes of the flow since it was first seen (for operators; not used by detection). */
    private final long[] flowFrames;
    private final long[] flowBytes;

    private int freeHead;
    private int size;
    private int victimCursor;

    long frames;
    long bytes;
    long evictedIdle;
    long evictedForSpace;

    FlowTableSegment(int capacity, MeterConfig config) {
        this.capacity = capacity;
        this.buckets = config.buckets();
        this.bucketNanos = config.bucketNanos();
        this.minDurationNanos = config.minDuration().toNanos();
        this.thresholdBytesPerNano = config.thresholdBytesPerSecond() / 1e9;
        this.thresholdFramesPerNano = config.thresholdPacketsPerSecond() / 1e9;
        heads = new int[Integer.highestOneBit(Math.max(1, capacity - 1)) << 1];
        next = new int[capacity];
        keyHi = new long[capacity];
        keyLo = new long[capacity];
        firstSeen = new long[capacity];
        lastSeen = new long[capacity];
        lastEpoch = new long[capacity];
        windowBytes = new long[capacity];
        bucketBytes = new long[capacity * buckets];
        bucketFrames = new int[capacity * buckets];
        windowFrames = new long[capacity];
        firstReversed = new boolean[capacity];
        reported = new boolean[capacity];
        flowFrames = new long[capacity];
        flowBytes = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            next[i] = i + 2 <= capacity ? i + 2 : 0;
        }
        freeHead = capacity > 0 ? 1 : 0;
    }

    /**
     * Accounts one frame. Returns the heavy-flow event if this frame made the flow heavy, else null (the common case,
     * allocation-free).
     */
    HeavyFlow record(long hi, long lo, int hash, boolean reversed, int length, long now) {
        frames++;
        bytes += length;
        int slot = find(hi, lo, hash);
        if (slot < 0) {
            slot = insert(hi, lo, hash, reversed, now);
        }
        lastSeen[slot] = Math.max(lastSeen[slot], now);
        flowFrames[slot]++;
        flowBytes[slot] += length;
        final long epoch = advance(slot, now);
        final int base = slot * buckets;
        final int bucket = base + (int) Math.floorMod(epoch, (long) buckets);
        bucketBytes[bucket] += length;
        bucketFrames[bucket]++;
        final long inWindow = windowBytes[slot] += length;
        final long framesInWindow = ++windowFrames[slot];
        if (reported[slot]) {
            return null;
        }
        final long age = now - firstSeen[slot];
        if (age < minDurationNanos) {
            return null;
        }
        final long windowStart = (epoch - buckets + 1) * bucketNanos;
        final long span = Math.max(bucketNanos, now - Math.max(windowStart, firstSeen[slot]));
        if (inWindow < thresholdBytesPerNano * span
                && (thresholdFramesPerNano == 0 || framesInWindow < thresholdFramesPerNano * span)) {
            return null;
        }
        reported[slot] = true;
        return new HeavyFlow(keyOf(slot), inWindow, span, age, now, HeavyFlow.Criterion.RATE);
    }

    /** Forgets flows not seen for {@code idleNanos}. */
    void sweep(long now, long idleNanos) {
        for (int slot = 0; slot < capacity; slot++) {
            if (keyLo[slot] != 0 && now - lastSeen[slot] > idleNanos) {
                remove(slot);
                evictedIdle++;
            }
        }
    }

    boolean forget(long hi, long lo, int hash) {
        final int slot = find(hi, lo, hash);
        if (slot < 0) {
            return false;
        }
        remove(slot);
        return true;
    }

    /** Appends a sample of every flow; the rate is over the part of the sliding window that ends at {@code now}. */
    void samples(final long now, final List<FlowSample> out) {
        final long nowEpoch = Math.floorDiv(now, bucketNanos);
        for (int slot = 0; slot < capacity; slot++) {
            if (keyLo[slot] != 0) {
                out.add(new FlowSample(keyOf(slot), flowFrames[slot], flowBytes[slot],
                    (long) (windowBytesAt(slot, nowEpoch) * 1e9 / spanAt(slot, now, nowEpoch)),
                    now - firstSeen[slot], now - lastSeen[slot], reported[slot]));
            }
        }
    }

    /**
     * Adds this segment's load at {@code now} to {@code load}: [0] the sum of every flow's {@link #fullWindowRate}, [1]
     * the number of flows with traffic in the window.
     */
    void addLoad(final long now, final double[] load) {
        final long nowEpoch = Math.floorDiv(now, bucketNanos);
        for (int slot = 0; slot < capacity; slot++) {
            if (keyLo[slot] != 0) {
                final long inWindow = windowBytesAt(slot, nowEpoch);
                if (inWindow > 0) {
                    load[0] += fullWindowRate(inWindow);
                    load[1]++;
                }
            }
        }
    }

    /**
     * Bytes per second over the whole window, also for a flow younger than it. The busy-link criterion judges
     * many slow flows, where one frame over a young flow's short span would read as many times its true rate.
     */
    private double fullWindowRate(final long inWindow) {
        return inWindow * 1e9 / (bucketNanos * buckets);
    }

    /** Appends the flows not yet reported, seen for the minimum duration, whose rate at {@code now} is >= cutoff. */
    void busyLinkCandidates(final long now, final double cutoffBytesPerSecond, final List<Candidate> out) {
        final long nowEpoch = Math.floorDiv(now, bucketNanos);
        for (int slot = 0; slot < capacity; slot++) {
            if (keyLo[slot] != 0 && !reported[slot] && now - firstSeen[slot] >= minDurationNanos) {
                final double rate = fullWindowRate(windowBytesAt(slot, nowEpoch));
                if (rate >= cutoffBytesPerSecond) {
                    out.add(new Candidate(keyHi[slot], keyLo[slot], rate));
                }
            }
        }
    }

    /**
     * Reports a busy-link candidate: the event, or null when the flow left the table or was reported since it was
     * chosen (the locks were let go in between).
     */
    HeavyFlow reportBusyLink(final long hi, final long lo, final int hash, final long now) {
        final int slot = find(hi, lo, hash);
        if (slot < 0 || reported[slot]) {
            return null;
        }
        reported[slot] = true;
        final long nowEpoch = Math.floorDiv(now, bucketNanos);
        return new HeavyFlow(keyOf(slot), windowBytesAt(slot, nowEpoch), spanAt(slot, now, nowEpoch),
            now - firstSeen[slot], now, HeavyFlow.Criterion.BUSY_LINK);
    }

    /** A flow the busy-link criterion may report, with its rate when chosen. */
    record Candidate(long hi, long lo, double bytesPerSecond) {
    }

    /** The slot's bytes in the window that ends in the bucket of {@code nowEpoch} (its ring may be older). */
    private long windowBytesAt(final int slot, final long nowEpoch) {
        long inWindow = 0;
        final long last = lastEpoch[slot];
        for (long e = Math.max(last - buckets + 1, nowEpoch - buckets + 1); e <= last; e++) {
            inWindow += bucketBytes[slot * buckets + (int) Math.floorMod(e, (long) buckets)];
        }
        return inWindow;
    }

    /** The time the slot's window bytes were counted over: the window, or less for a flow younger than it. */
    private long spanAt(final int slot, final long now, final long nowEpoch) {
        final long windowStart = (nowEpoch - buckets + 1) * bucketNanos;
        return Math.max(bucketNanos, now - Math.max(windowStart, firstSeen[slot]));
    }

    int size() {
        return size;
    }

    private int find(long hi, long lo, int hash) {
        for (int link = heads[hash & heads.length - 1]; link != 0; link = next[link - 1]) {
            final int slot = link - 1;
            if (keyLo[slot] == lo && keyHi[slot] == hi) {
                return slot;
            }
        }
        return -1;
    }

    private int insert(long hi, long lo, int hash, boolean reversed, long now) {
        if (freeHead == 0) {
            evictOne();
        }
        final int slot = freeHead - 1;
        freeHead = next[slot];
        final int chain = hash & heads.length - 1;
        next[slot] = heads[chain];
        heads[chain] = slot + 1;
        keyHi[slot] = hi;
        keyLo[slot] = lo;
        firstSeen[slot] = now;
        lastSeen[slot] = now;
        lastEpoch[slot] = Math.floorDiv(now, bucketNanos);
        windowBytes[slot] = 0;
        windowFrames[slot] = 0;
        Arrays.fill(bucketBytes, slot * buckets, (slot + 1) * buckets, 0);
        Arrays.fill(bucketFrames, slot * buckets, (slot + 1) * buckets, 0);
        firstReversed[slot] = reversed;
        reported[slot] = false;
        flowFrames[slot] = 0;
        flowBytes[slot] = 0;
        size++;
        return slot;
    }

    /** Slides the slot's window to the bucket of {@code now}; returns the epoch the frame is counted in. */
    private long advance(int slot, long now) {
        final long last = lastEpoch[slot];
        final long epoch = Math.floorDiv(now, bucketNanos);
        if (epoch <= last) {
            // Same bucket, or a thread that read the clock before another one took the lock: count it as current.
            return last;
        }
        final int base = slot * buckets;
        if (epoch - last >= buckets) {
            Arrays.fill(bucketBytes, base, base + buckets, 0);
            Arrays.fill(bucketFrames, base, base + buckets, 0);
            windowBytes[slot] = 0;
            windowFrames[slot] = 0;
        } else {
            for (long e = last + 1; e <= epoch; e++) {
                final int index = base + (int) Math.floorMod(e, (long) buckets);
                windowBytes[slot] -= bucketBytes[index];
                bucketBytes[index] = 0;
                windowFrames[slot] -= bucketFrames[index];
                bucketFrames[index] = 0;
            }
        }
        lastEpoch[slot] = epoch;
        return epoch;
    }

    /** Table full: evicts the least recently seen of a few slots (sampled LRU, bounded work per insert). */
    private void evictOne() {
        int victim = -1;
        for (int i = 0; i < SCAN_FOR_VICTIM; i++) {
            final int slot = victimCursor;
            victimCursor = victimCursor + 1 == capacity ? 0 : victimCursor + 1;
            if (victim < 0 || lastSeen[slot] < lastSeen[victim]) {
                victim = slot;
            }
        }
        remove(victim);
        evictedForSpace++;
    }

    private void remove(int slot) {
        final int chain = FlowMeter.hash(keyHi[slot], keyLo[slot]) & heads.length - 1;
        int link = heads[chain];
        if (link == slot + 1) {
            heads[chain] = next[slot];
        } else {
            while (next[link - 1] != slot + 1) {
                link = next[link - 1];
            }
            next[link - 1] = next[slot];
        }
        keyLo[slot] = 0;
        keyHi[slot] = 0;
        next[slot] = freeHead;
        freeHead = slot + 1;
        size--;
    }

    private FlowKey keyOf(int slot) {
        final long hi = keyHi[slot];
        final long lo = keyLo[slot];
        final FlowKey canonical = new FlowKey((int) (lo & 0xff), (int) (hi >>> 32), (int) (lo >>> 24 & 0xffff),
            (int) hi, (int) (lo >>> 8 & 0xffff));
        return firstReversed[slot] ? canonical.reversed() : canonical;
    }
}
