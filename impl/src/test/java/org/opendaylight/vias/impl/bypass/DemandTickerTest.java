/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DemandTickerTest {
    private static final long PERIOD = 50;

    /** A scheduler driven by hand: tasks run when the test advances its clock past their time. */
    private static final class ManualScheduler implements DemandTicker.Scheduler {
        private record Task(long at, Runnable task) {
        }

        final List<Task> pending = new ArrayList<>();
        long now;
        boolean shutDown;

        @Override
        public void schedule(final Runnable task, final long delayMillis) {
            if (shutDown) {
                throw new RejectedExecutionException("shut down");
            }
            pending.add(new Task(now + delayMillis, task));
        }

        /** Runs everything due up to {@code now + millis}, in time order. */
        void advance(final long millis) {
            final long until = now + millis;
            while (true) {
                final Task next = pending.stream().filter(t -> t.at() <= until)
                    .min((a, b) -> Long.compare(a.at(), b.at())).orElse(null);
                if (next == null) {
                    break;
                }
                pending.remove(next);
                now = next.at();
                next.task().run();
            }
            now = until;
        }
    }

    private final ManualScheduler scheduler = new ManualScheduler();
    private final AtomicInteger ticks = new AtomicInteger();
    /** How many more ticks have something to time. */
    private int work;

    private DemandTicker ticker() {
        return new DemandTicker(scheduler, PERIOD, () -> {
            ticks.incrementAndGet();
            if (work > 0) {
                work--;
            }
        }, () -> work > 0);
    }

    @Test
    void withNothingToTimeNoTickIsEverScheduled() {
        final DemandTicker ticker = ticker();
        ticker.wake();
        scheduler.advance(PERIOD);
        assertEquals(1, ticks.get(), "a wake looks once");
        scheduler.advance(60_000);
        assertEquals(1, ticks.get());
        assertTrue(scheduler.pending.isEmpty());
        assertFalse(ticker.isRunning());
    }

    @Test
    void ticksEveryPeriodWhileDueThenStopsAndAWakeStartsThemAgain() {
        final DemandTicker ticker = ticker();
        work = 10;
        ticker.wake();
        scheduler.advance(PERIOD - 1);
        assertEquals(0, ticks.get(), "the first tick one period after the wake");
        scheduler.advance(1);
        assertEquals(1, ticks.get());
        scheduler.advance(9 * PERIOD);
        assertEquals(10, ticks.get());
        assertFalse(ticker.isRunning());
        scheduler.advance(10_000);
        assertEquals(10, ticks.get(), "idle: no tick");
        work = 3;
        ticker.wake();
        scheduler.advance(3 * PERIOD);
        assertEquals(13, ticks.get());
        assertFalse(ticker.isRunning());
    }

    @Test
    void wakesWhileRunningDoNotMultiplyTheTicks() {
        final DemandTicker ticker = ticker();
        work = 100;
        for (int i = 0; i < 5; i++) {
            ticker.wake();
        }
        scheduler.advance(PERIOD);
        ticker.wake();
        ticker.wake();
        assertEquals(1, scheduler.pending.size());
        scheduler.advance(4 * PERIOD);
        assertEquals(5, ticks.get());
    }

    @Test
    void workThatArrivesAsTheTickerStopsIsNotLost() {
        // "due" says no the first time it is asked after the tick, and the work arrives right after that look
        // (another thread's wake while the ticker was still marked running)
        final int[] looks = {0};
        final boolean[] arrived = {false};
        final DemandTicker[] self = new DemandTicker[1];
        self[0] = new DemandTicker(scheduler, PERIOD, ticks::incrementAndGet, () -> {
            looks[0]++;
            if (looks[0] == 1) {
                arrived[0] = true;
                // the other thread's wake: finds the ticker still running and does nothing
                self[0].wake();
                return false;
            }
            return arrived[0] && ticks.get() < 3;
        });
        self[0].wake();
        scheduler.advance(10 * PERIOD);
        assertEquals(3, ticks.get(), "the ticker looked again after marking itself stopped and went on");
    }

    @Test
    void aFailingTickOrDueCheckDoesNotEndTheTicking() {
        final AtomicInteger calls = new AtomicInteger();
        final DemandTicker ticker = new DemandTicker(scheduler, PERIOD, () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("tick failed");
            }
        }, () -> {
            if (calls.get() == 2) {
                throw new IllegalStateException("cannot tell");
            }
            return calls.get() < 4;
        });
        ticker.wake();
        scheduler.advance(10 * PERIOD);
        assertEquals(4, calls.get());
        assertFalse(ticker.isRunning());
    }

    @Test
    void stopEndsTheTicksAndLaterWakesAreIgnored() {
        final DemandTicker ticker = ticker();
        work = 100;
        ticker.wake();
        scheduler.advance(3 * PERIOD);
        ticker.stop();
        scheduler.advance(10 * PERIOD);
        assertEquals(3, ticks.get());
        ticker.wake();
        scheduler.advance(10 * PERIOD);
        assertEquals(3, ticks.get());
        assertFalse(ticker.isRunning());
    }

    @Test
    void aShutDownExecutorLeavesTheTickerStoppedNotStuck() {
        final DemandTicker ticker = ticker();
        scheduler.shutDown = true;
        work = 5;
        ticker.wake();
        assertFalse(ticker.isRunning());
        scheduler.shutDown = false;
        ticker.wake();
        scheduler.advance(5 * PERIOD);
        assertEquals(5, ticks.get());
    }

    @Test
    void aPeriodThatIsNotPositiveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DemandTicker(scheduler, 0, () -> { }, () -> true));
    }
}
