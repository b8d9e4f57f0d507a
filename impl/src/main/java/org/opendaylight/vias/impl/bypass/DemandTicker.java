/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A periodic tick that runs only while there is something to time. The negotiator's tick (retransmissions,
 * keepalives, path probes, forgetting closed bypasses) has nothing to do while it holds no bypass, which is the
 * controller's usual state; a fixed 50 ms timer then cost a thread wake-up 20 times a second for nothing
 * (0.2 % of a core at rest, {@code docs/scale.md}).
 *
 * <p>After each tick, {@code due} says whether another is needed; when it is not, the ticker stops. Whatever can
 * give the ticked object something to time calls {@link #wake} afterwards (from any thread): the tick then runs
 * again one period later. A wake that races with the ticker stopping is not lost: the ticker looks at {@code due}
 * again after marking itself stopped.
 */
final class DemandTicker {
    private static final Logger LOG = LoggerFactory.getLogger(DemandTicker.class);

    /** Runs a task once after a delay (the engine's executor; a test's manual clock). */
    @FunctionalInterface
    interface Scheduler {
        void schedule(Runnable task, long delayMillis);
    }

    private final Scheduler scheduler;
    private final long periodMillis;
    private final Runnable tick;
    private final BooleanSupplier due;
    /** True from a wake until the ticker finds nothing due: a tick is scheduled or running. */
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;

    DemandTicker(final Scheduler scheduler, final long periodMillis, final Runnable tick, final BooleanSupplier due) {
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("tick period must be positive, was " + periodMillis + " ms");
        }
        this.scheduler = scheduler;
        this.periodMillis = periodMillis;
        this.tick = tick;
        this.due = due;
    }

    /** Something may be due now: ticks run (again) from one period from now until nothing is. */
    void wake() {
        if (!stopped && running.compareAndSet(false, true)) {
            try {
                scheduler.schedule(this::run, periodMillis);
            } catch (RejectedExecutionException e) {
                // the executor is shutting down with the engine
                running.set(false);
                LOG.debug("Tick not scheduled: executor shut down");
            }
        }
    }

    /** No tick after this one (the engine closes). */
    void stop() {
        stopped = true;
    }

    /** Whether a tick is scheduled (for tests and {@code vias:status}-style diagnostics). */
    boolean isRunning() {
        return running.get() && !stopped;
    }

    private void run() {
        if (stopped) {
            running.set(false);
            return;
        }
        runTick();
        if (isDue() && !stopped) {
            reschedule();
            return;
        }
        running.set(false);
        // a wake between the look at "due" and the line above found the ticker still running and did nothing
        if (!stopped && isDue()) {
            wake();
        }
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void runTick() {
        try {
            tick.run();
        } catch (RuntimeException e) {
            // a failed tick must not end the ticking: nothing would schedule the next one
            LOG.warn("Tick failed", e);
        }
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private boolean isDue() {
        try {
            return due.getAsBoolean();
        } catch (RuntimeException e) {
            // cannot tell: keep ticking rather than leave a bypass untimed
            LOG.warn("Cannot tell whether a tick is due; ticking on", e);
            return true;
        }
    }

    private void reschedule() {
        try {
            scheduler.schedule(this::run, periodMillis);
        } catch (RejectedExecutionException e) {
            running.set(false);
            LOG.debug("Tick not rescheduled: executor shut down");
        }
    }
}
