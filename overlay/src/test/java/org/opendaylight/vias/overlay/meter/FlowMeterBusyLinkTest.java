/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The busy-link criterion: many flows that are heavy only together (a saturated overlay shared by N flows, each at
 * 1/N of it, below any per-flow threshold) are found anyway, the largest first, at a bounded number per scan, while
 * mice beside bulk transfers and a quiet overlay are left alone.
 */
class FlowMeterBusyLinkTest {
    private static final int FRAME = 1000;
    /** 1 MB/s held 200 ms; the busy-link scan every 250 ms, 2 kB/s floor, 32 flows a scan. */
    private static final MeterConfig CONFIG = MeterConfig.DEFAULT.withThreshold(1_000_000, Duration.ofMillis(200))
        .withBusyLink(new MeterConfig.BusyLink(Duration.ofMillis(250), 2_000, 32));

    private final FakeClock clock = new FakeClock();
    private final List<HeavyFlow> heavy = new ArrayList<>();
    private final List<Long> heardAtMillis = new ArrayList<>();
    private long elapsedMillis;

    /** A flow sending one frame of {@link #FRAME} bytes every {@code everyMillis}. */
    private record Sender(byte[] frame, int everyMillis) {
        /** Flow number {@code n} at {@code bytesPerSecond}, which must be 1 MB/s divided by a whole number. */
        static Sender tcp(final int n, final int bytesPerSecond) {
            if (FRAME * 1000 % bytesPerSecond != 0) {
                throw new IllegalArgumentException("not 1 MB/s over a whole number: " + bytesPerSecond);
            }
            return new Sender(TestFrames.tcp("10.0.0.1", 40000 + n, "10.0.1.2", 5201, FRAME),
                FRAME * 1000 / bytesPerSecond);
        }
    }

    private FlowMeter meter(final MeterConfig config) {
        return new FlowMeter(config, clock, h -> {
            heavy.add(h);
            heardAtMillis.add(elapsedMillis);
        });
    }

    /** Runs the senders for {@code millis} of the fake clock, their first frames spread over the first 20 ms. */
    private void run(final FlowMeter meter, final List<Sender> senders, final long millis) {
        for (long ms = 0; ms < millis; ms++, elapsedMillis++) {
            for (int i = 0; i < senders.size(); i++) {
                final Sender s = senders.get(i);
                if ((elapsedMillis + i) % s.everyMillis() == 0) {
                    meter.record(s.frame(), 0, FRAME);
                }
            }
            clock.advanceMillis(1);
        }
    }

    private static List<Sender> equalFlows(final int count, final int bytesPerSecond) {
        final List<Sender> senders = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            senders.add(Sender.tcp(n, bytesPerSecond));
        }
        return senders;
    }

    @Test
    void findsEveryFlowOfASaturatedOverlayWhereNoneReachesTheThresholdAlone() {
        final FlowMeter meter = meter(CONFIG);
        // 40 flows of 50 kB/s: 2 MB/s together, each a twentieth of the per-flow threshold.
        run(meter, equalFlows(40, 50_000), 2000);
        assertEquals(40, heavy.size(), "every flow found: " + heavy.size());
        assertEquals(40, new HashSet<>(heavy.stream().map(HeavyFlow::flow).toList()).size(), "each once");
        assertTrue(heavy.stream().allMatch(h -> h.criterion() == HeavyFlow.Criterion.BUSY_LINK), heavy::toString);
        assertTrue(heavy.stream().allMatch(h -> h.bytesPerSecond() < 1_000_000), "none above the threshold alone");
        // 32 a scan: the first scan once the flows' window shows the load reports 32, the next the other 8.
        final Set<Long> scans = new HashSet<>(heardAtMillis);
        assertEquals(2, scans.size(), "two scans: " + heardAtMillis);
        assertEquals(32, heardAtMillis.stream().filter(t -> t.equals(heardAtMillis.get(0))).count());
        // the rates are judged over the whole 1 s window: found within a window and a scan of the flows starting
        assertTrue(heardAtMillis.get(heardAtMillis.size() - 1) <= 1250,
            "all found within a window and a scan of the overlay filling: " + heardAtMillis);
        assertEquals(40, meter.counters().heavyByBusyLink());
        assertEquals(40, meter.counters().heavyFlows());
    }

    @Test
    void aQuietOverlayReportsNothing() {
        final FlowMeter meter = meter(CONFIG);
        // 10 flows of 50 kB/s: 0.5 MB/s together, half a heavy flow's worth.
        run(meter, equalFlows(10, 50_000), 3000);
        assertEquals(List.of(), heavy);
    }

    @Test
    void miceBesideABulkTransferStayOnTheOverlay() {
        final FlowMeter meter = meter(CONFIG);
        final List<Sender> senders = new ArrayList<>();
        senders.add(Sender.tcp(0, 500_000));
        senders.add(Sender.tcp(1, 500_000));
        for (int n = 2; n < 22; n++) {
            senders.add(Sender.tcp(n, 5_000));
        }
        // two bulk flows of 0.5 MB/s and 20 mice of 5 kB/s: 1.1 MB/s, busy; the fair share is 50 kB/s, and the
        // mice are below half of it
        run(meter, senders, 3000);
        assertEquals(Set.of(FlowKey.tcp("10.0.0.1", 40000, "10.0.1.2", 5201),
            FlowKey.tcp("10.0.0.1", 40001, "10.0.1.2", 5201)), Set.copyOf(heavy.stream().map(HeavyFlow::flow).toList()),
            heavy::toString);
        assertTrue(heavy.stream().allMatch(h -> h.criterion() == HeavyFlow.Criterion.BUSY_LINK), heavy::toString);
    }

    @Test
    void noFlowBelowTheFloorIsHeavy() {
        final FlowMeter meter = meter(CONFIG.withTable(4096, 64));
        // 1,200 flows of 1 kB/s: 1.2 MB/s together, each at its fair share but below the 2 kB/s floor.
        run(meter, equalFlows(1200, 1_000), 3000);
        assertEquals(List.of(), heavy);
    }

    @Test
    void theLargestAreReportedFirst() {
        final FlowMeter meter = meter(CONFIG.withThreshold(800_000, Duration.ofMillis(200))
            .withBusyLink(new MeterConfig.BusyLink(Duration.ofMillis(250), 2_000, 2)));
        final List<Sender> senders = List.of(Sender.tcp(0, 100_000), Sender.tcp(1, 250_000), Sender.tcp(2, 200_000),
            Sender.tcp(3, 500_000));
        // 1.05 MB/s together (busy above 0.8), seen as such once the 1 s window is full; half the fair share is
        // 131 kB/s: three
        // candidates, two a scan (every 250 ms)
        run(meter, senders, 1100);
        assertEquals(2, heavy.size(), heavy::toString);
        assertEquals(FlowKey.tcp("10.0.0.1", 40003, "10.0.1.2", 5201), heavy.get(0).flow());
        assertEquals(FlowKey.tcp("10.0.0.1", 40001, "10.0.1.2", 5201), heavy.get(1).flow());
    }

    @Test
    void aFlowFoundByItsOwnRateIsNotReportedAgain() {
        final FlowMeter meter = meter(CONFIG);
        // three flows of 500 kB/s beside one of 2 MB/s (two frames a millisecond): half the fair share is 437 kB/s
        final List<Sender> senders = new ArrayList<>(equalFlows(3, 500_000));
        final byte[] elephant = TestFrames.tcp("10.0.0.9", 1234, "10.0.1.2", 80, FRAME);
        senders.add(new Sender(elephant, 1));
        senders.add(new Sender(elephant, 1));
        run(meter, senders, 2000);
        assertEquals(4, heavy.size(), heavy::toString);
        assertEquals(1, heavy.stream().filter(h -> h.criterion() == HeavyFlow.Criterion.RATE).count());
        assertEquals(3, meter.counters().heavyByBusyLink());
    }

    @Test
    void offMeansThePerFlowThresholdAlone() {
        final FlowMeter meter = meter(CONFIG.withBusyLink(MeterConfig.BusyLink.OFF));
        run(meter, equalFlows(40, 50_000), 2000);
        assertEquals(List.of(), heavy);
    }

    @Test
    void aBadBusyLinkConfigIsRefusedNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new MeterConfig.BusyLink(Duration.ofMillis(-1), 2_000, 32)).getMessage()
            .contains("busyLink.scanInterval"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new MeterConfig.BusyLink(Duration.ofMillis(250), 0, 32)).getMessage().contains("floorBytesPerSecond"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> CONFIG.withBusyLink(null)).getMessage().contains("busyLink"));
    }
}
