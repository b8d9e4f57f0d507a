/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.impl.boot.PasswordServiceStallJudge.Verdict;

class PasswordServiceStallJudgeTest {
    private static final long S = 1_000_000_000L;
    private final PasswordServiceStallJudge judge = new PasswordServiceStallJudge(Duration.ofSeconds(30), 2);

    @Test
    void aHealthyBootIsNeverRepaired() {
        assertEquals(Verdict.WAIT, judge.look(0, false, false));
        assertEquals(Verdict.WAIT, judge.look(100 * S, false, false), "not late before the bundle is active");
        assertEquals(Verdict.WAIT, judge.look(101 * S, true, false));
        assertEquals(Verdict.HEALTHY, judge.look(102 * S, true, true));
        assertEquals(0, judge.repairs());
    }

    @Test
    void aServiceMissingForTheGraceAfterTheBundleStartedIsRepairedThenGivenUp() {
        assertEquals(Verdict.WAIT, judge.look(5 * S, true, false));
        assertEquals(Verdict.WAIT, judge.look(34 * S, true, false));
        assertEquals(Verdict.REPAIR, judge.look(35 * S, true, false));
        // the restart itself: the bundle is briefly not active, then the grace starts again
        assertEquals(Verdict.WAIT, judge.look(36 * S, false, false));
        assertEquals(Verdict.WAIT, judge.look(37 * S, true, false));
        assertEquals(Verdict.WAIT, judge.look(66 * S, true, false));
        assertEquals(Verdict.REPAIR, judge.look(67 * S, true, false));
        assertEquals(Verdict.WAIT, judge.look(70 * S, true, false));
        assertEquals(Verdict.GIVE_UP, judge.look(98 * S, true, false));
        assertEquals(2, judge.repairs());
    }

    @Test
    void aRepairThatWorksEndsHealthy() {
        judge.look(0, true, false);
        assertEquals(Verdict.REPAIR, judge.look(31 * S, true, false));
        assertEquals(Verdict.HEALTHY, judge.look(33 * S, true, true));
        assertEquals(1, judge.repairs());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordServiceStallJudge(Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class, () -> new PasswordServiceStallJudge(Duration.ofSeconds(1), 0));
    }
}
