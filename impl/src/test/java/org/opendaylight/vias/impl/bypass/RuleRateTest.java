/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RuleRateTest {

    @Test
    void rateIsBetweenCounterChangesWhateverTheReaders() {
        final RuleRate rate = new RuleRate();
        assertEquals(RuleRate.NOT_MEASURED, rate.update(1_000, 0));
        // statistics refresh every 10 s; readers ask every 2 s (and two readers at the same moment)
        assertEquals(RuleRate.NOT_MEASURED, rate.update(1_000, 2_000));
        assertEquals(RuleRate.NOT_MEASURED, rate.update(1_000, 2_000));
        assertEquals(100_000, rate.update(1_001_000, 10_000));
        assertEquals(100_000, rate.update(1_001_000, 12_000), "a second reader sees the same rate");
        assertEquals(100_000, rate.update(1_001_000, 18_000));
        assertEquals(50_000, rate.update(1_501_000, 20_000));
    }

    @Test
    void noRateUntilTheStatisticsRefreshedTheCounter() {
        // a bypass just became active: its rules' counters read 0 (or their last statistics) until the next round
        final RuleRate rate = new RuleRate();
        assertEquals(RuleRate.NOT_MEASURED, rate.update(0, 0));
        assertEquals(RuleRate.NOT_MEASURED, rate.update(0, 9_000));
        assertEquals(4_000, rate.update(40_000, 10_000));
    }

    @Test
    void aBypassThatNeverCarriedAnythingIsMeasuredAsZeroOnceAStatisticsRoundPassed() {
        final RuleRate rate = new RuleRate();
        assertEquals(RuleRate.NOT_MEASURED, rate.update(0, 0));
        assertEquals(RuleRate.NOT_MEASURED, rate.update(0, RuleRate.STALE_MS));
        assertEquals(0, rate.update(0, RuleRate.STALE_MS + 1));
    }

    @Test
    void aCounterStandingStillMeansNoTraffic() {
        final RuleRate rate = new RuleRate();
        rate.update(0, 0);
        assertEquals(1_000, rate.update(10_000, 10_000));
        assertEquals(1_000, rate.update(10_000, 10_000 + RuleRate.STALE_MS));
        assertEquals(0, rate.update(10_000, 10_001 + RuleRate.STALE_MS));
    }

    @Test
    void aRestartedCounterStartsOver() {
        final RuleRate rate = new RuleRate();
        rate.update(0, 0);
        assertEquals(1_000, rate.update(10_000, 10_000));
        assertEquals(RuleRate.NOT_MEASURED, rate.update(500, 12_000), "re-installed rules: no rate yet");
        assertEquals(950, rate.update(10_000, 22_000));
    }
}
