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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packet-rate criterion and the per-flow samples operators see. */
class FlowMeterRatesTest {
    private final FakeClock clock = new FakeClock();
    private final List<HeavyFlow> heavy = new ArrayList<>();
    private final byte[] small = TestFrames.udp("10.0.0.1", 40000, "10.0.1.2", 5000, 100);

    private void send(final FlowMeter meter, final int framesPerMs, final long millis) {
        for (long ms = 0; ms < millis; ms++) {
            for (int i = 0; i < framesPerMs; i++) {
                meter.record(small, 0, small.length);
            }
            clock.advanceMillis(1);
        }
    }

    @Test
    void manySmallPacketsAreHeavyByPacketRateOnly() {
        // 2 frames/ms of 100 bytes = 200 kB/s: far under 10 MB/s, but 2000 packets/s reaches 1500/s.
        final MeterConfig bytesOnly = MeterConfig.DEFAULT.withThreshold(10_000_000, Duration.ofMillis(100));
        final FlowMeter byBytes = new FlowMeter(bytesOnly, clock, heavy::add);
        send(byBytes, 2, 500);
        assertTrue(heavy.isEmpty(), "byte rate alone does not make it heavy");
        final FlowMeter byPackets = new FlowMeter(bytesOnly.withPacketThreshold(1500), clock, heavy::add);
        send(byPackets, 2, 500);
        assertEquals(1, heavy.size());
        assertEquals(FlowKey.udp("10.0.0.1", 40000, "10.0.1.2", 5000), heavy.get(0).flow());
    }

    @Test
    void packetRateUnderThresholdIsNotHeavy() {
        final FlowMeter meter = new FlowMeter(MeterConfig.DEFAULT.withThreshold(10_000_000, Duration.ZERO)
            .withPacketThreshold(5000), clock, heavy::add);
        send(meter, 2, 1500);
        assertTrue(heavy.isEmpty());
    }

    @Test
    void samplesReportBytesFramesRateAndAge() {
        final FlowMeter meter = new FlowMeter(MeterConfig.DEFAULT.withThreshold(10_000_000, Duration.ZERO), clock,
            heavy::add);
        send(meter, 1, 2000);
        final List<FlowSample> samples = meter.samples();
        assertEquals(1, samples.size());
        final FlowSample sample = samples.get(0);
        assertEquals(2000, sample.frames());
        assertEquals(2000L * small.length, sample.bytes());
        // one frame per ms over the last (full) second
        final long expected = 1000L * small.length;
        assertTrue(Math.abs(sample.bytesPerSecond() - expected) < expected / 10, sample.toString());
        assertEquals(2000, sample.ageNanos() / 1_000_000);
        assertFalse(sample.heavy());
        clock.advanceMillis(3000);
        assertEquals(0, meter.samples().get(0).bytesPerSecond(), "an idle flow's window is empty");
    }
}
