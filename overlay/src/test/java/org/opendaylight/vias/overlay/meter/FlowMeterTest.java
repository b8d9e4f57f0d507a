/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Ipv4;

class FlowMeterTest {
    /** 1 MB/s for at least 200 ms, averaged over 1 s in 100 ms buckets. */
    private static final MeterConfig CONFIG = MeterConfig.DEFAULT.withThreshold(1_000_000, Duration.ofMillis(200));
    private static final int FRAME = 1000;

    private final FakeClock clock = new FakeClock();
    private final List<HeavyFlow> heavy = new ArrayList<>();
    private final FlowMeter meter = new FlowMeter(CONFIG, clock, heavy::add);
    private final byte[] out = TestFrames.tcp("10.0.0.1", 40000, "10.0.1.2", 5201, FRAME);
    private final byte[] back = TestFrames.tcp("10.0.1.2", 5201, "10.0.0.1", 40000, FRAME);

    /** Sends {@code framesPerMs} frames every millisecond for {@code millis}; returns ms until detection or -1. */
    private long send(byte[] frame, int framesPerMs, long millis) {
        for (long ms = 0; ms < millis; ms++) {
            for (int i = 0; i < framesPerMs; i++) {
                meter.record(frame, 0, frame.length);
            }
            if (!heavy.isEmpty()) {
                return ms;
            }
            clock.advanceMillis(1);
        }
        return -1;
    }

    @Test
    void detectsAFlowAboveThresholdAfterTheMinimumDuration() {
        // 2 frames/ms = 2 MB/s, twice the threshold: heavy as soon as it is 200 ms old.
        assertEquals(200, send(out, 2, 1000));
        assertEquals(1, heavy.size());
        final HeavyFlow h = heavy.get(0);
        assertEquals(FlowKey.tcp("10.0.0.1", 40000, "10.0.1.2", 5201), h.flow());
        assertEquals(Duration.ofMillis(200).toNanos(), h.ageNanos());
        assertTrue(h.bytesPerSecond() >= 1_000_000, "rate " + h.bytesPerSecond());
    }

    @Test
    void detectsAFlowJustAboveThresholdWithinTheWindow() {
        // 1.1 MB/s: 11 frames every 10 ms.
        long detectedAt = -1;
        for (int ms = 0; ms < 3000 && heavy.isEmpty(); ms++) {
            if (ms % 10 == 0) {
                for (int i = 0; i < 11; i++) {
                    meter.record(out, 0, FRAME);
                }
                detectedAt = ms;
            }
            clock.advanceMillis(1);
        }
        assertEquals(1, heavy.size());
        assertTrue(detectedAt >= 200 && detectedAt <= 1000, "detected at " + detectedAt);
    }

    @Test
    void reportsOncePerFlowAndCountsBothDirectionsAsOne() {
        for (int ms = 0; ms < 2000; ms++) {
            meter.record(out, 0, FRAME);
            meter.record(back, 0, FRAME);
            clock.advanceMillis(1);
        }
        // 1 MB/s each way, 2 MB/s for the conversation: reported, once, oriented as the first frame.
        assertEquals(1, heavy.size());
        assertEquals(FlowKey.tcp("10.0.0.1", 40000, "10.0.1.2", 5201), heavy.get(0).flow());
        assertEquals(1, meter.counters().flows());
    }

    @Test
    void orientsTheReportByTheFirstFrameSeen() {
        send(back, 2, 1000);
        assertEquals(FlowKey.tcp("10.0.1.2", 5201, "10.0.0.1", 40000), heavy.get(0).flow());
    }

    @Test
    void ignoresAFlowUnderThreshold() {
        // 0.9 MB/s for 10 s.
        for (int ms = 0; ms < 10_000; ms++) {
            if (ms % 10 != 0) {
                meter.record(out, 0, FRAME / 10 * 10);
            }
            clock.advanceMillis(1);
        }
        assertTrue(heavy.isEmpty());
    }

    @Test
    void ignoresAShortBurst() {
        // 5 MB in 50 ms, then nothing: too short to be worth a bypass.
        assertEquals(-1, send(out, 100, 50));
        clock.advanceMillis(500);
        assertTrue(heavy.isEmpty());
    }

    @Test
    void ignoresPeriodicBurstsWhoseAverageIsUnderThreshold() {
        // 50 ms at 10 MB/s every second: 0.5 MB/s on average.
        for (int second = 0; second < 10; second++) {
            assertEquals(-1, send(out, 10, 50));
            clock.advanceMillis(950);
        }
        assertTrue(heavy.isEmpty());
    }

    @Test
    void detectsOnOffTrafficWhoseAverageIsAboveThreshold() {
        // 100 ms at 4 MB/s, 100 ms off: 2 MB/s on average.
        long elapsed = 0;
        for (int cycle = 0; cycle < 10 && heavy.isEmpty(); cycle++) {
            final long at = send(out, 4, 100);
            if (at >= 0) {
                elapsed += at;
                break;
            }
            elapsed += 100;
            clock.advanceMillis(100);
            elapsed += 100;
        }
        assertEquals(1, heavy.size());
        assertTrue(elapsed >= 200 && elapsed < 1000, "detected after " + elapsed + " ms");
    }

    @Test
    void slidingWindowForgetsOldTraffic() {
        // Heavy for 150 ms (under the minimum duration), silent 2 s, then a trickle: the old bytes must not count.
        send(out, 10, 150);
        clock.advanceMillis(2000);
        send(out, 0, 1);
        for (int ms = 0; ms < 1000; ms++) {
            if (ms % 100 == 0) {
                meter.record(out, 0, FRAME);
            }
            clock.advanceMillis(1);
        }
        assertTrue(heavy.isEmpty());
    }

    @Test
    void evictsIdleFlowsOnSweepAndCanReportAgainAfterForget() {
        send(out, 2, 300);
        assertEquals(1, heavy.size());
        assertTrue(meter.forget(FlowKey.tcp("10.0.1.2", 5201, "10.0.0.1", 40000)));
        assertFalse(meter.forget(FlowKey.tcp("10.0.1.2", 5201, "10.0.0.1", 40000)));
        heavy.clear();
        assertEquals(200, send(out, 2, 300), "reported again, as a new flow");
        clock.advanceMillis(CONFIG.idleTimeout().toMillis() + 1);
        meter.record(TestFrames.udp("10.0.0.5", 1, "10.0.0.6", 2, 100), 0, 100);
        meter.sweep();
        final FlowMeter.Counters counters = meter.counters();
        assertEquals(1, counters.flows());
        assertEquals(1, counters.evictedIdle());
    }

    @Test
    void boundsTheTableAndCountsEvictions() {
        final FlowMeter small = new FlowMeter(CONFIG.withTable(16, 4), clock, heavy::add);
        for (int i = 0; i < 100; i++) {
            small.record(TestFrames.udp("10.0.0.1", 1000 + i, "10.0.0.2", 2, 100), 0, 100);
            clock.advanceMillis(1);
        }
        final FlowMeter.Counters counters = small.counters();
        assertTrue(counters.flows() <= 16);
        assertEquals(100, counters.flows() + counters.evictedForSpace());
        assertEquals(100, counters.frames());
    }

    @Test
    void countsNonMeterableFramesByReason() {
        assertFalse(meter.record(TestFrames.arp(), 0, 60));
        assertFalse(meter.record(TestFrames.ipv4(1, Ipv4.parse("10.0.0.1"), 0, Ipv4.parse("10.0.0.2"), 0, 98), 0,
            98));
        assertFalse(meter.record(TestFrames.udp("10.0.0.1", 1, "239.1.1.1", 2, 100), 0, 100));
        assertTrue(meter.record(ByteBuffer.allocateDirect(100).put(TestFrames.udp("10.0.0.1", 1, "10.0.0.2", 2, 100))
            .flip()));
        final FlowMeter.Counters counters = meter.counters();
        assertEquals(1L, counters.notMeterable().get(NotMeterable.GROUP_MAC));
        assertEquals(1L, counters.notMeterable().get(NotMeterable.NOT_TCP_UDP));
        assertEquals(1L, counters.notMeterable().get(NotMeterable.NOT_UNICAST));
        assertEquals(1, counters.frames());
        assertEquals(100, counters.bytes());
    }

    @Test
    void isThreadSafeAcrossDatapathThreads() throws InterruptedException {
        final List<HeavyFlow> reports = new CopyOnWriteArrayList<>();
        final FlowMeter shared = new FlowMeter(CONFIG.withThreshold(1, Duration.ZERO), NanoClock.SYSTEM,
            reports::add);
        final Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    final int flow = i % 500;
                    final byte[] frame = TestFrames.tcp("10.0.0.1", 1000 + flow, "10.0.0.2", 80, 64);
                    shared.record(frame, 0, frame.length);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(200_000, shared.counters().frames());
        assertEquals(500, shared.counters().flows());
        assertEquals(500, reports.size(), "each flow reported exactly once");
    }
}
