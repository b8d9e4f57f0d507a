/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for the real system to reach a state: polls a condition until it holds, and otherwise fails the test with
 * what was awaited and the diagnostics of that moment (flows, logs, state), never a bare timeout.
 */
final class Await {
    /** Short enough for the bypass timings the tests check, long enough not to load the controller being watched. */
    private static final long POLL_MS = 250;

    private Await() {
    }

    static void await(final String what, final Duration timeout, final BooleanSupplier condition,
            final Supplier<String> diagnostics) {
        await(what, timeout, condition, diagnostics, null);
    }

    /**
     * As {@link #await(String, Duration, BooleanSupplier, Supplier)}, and stops at once when {@code karaf} (if not
     * null) has exited: the condition can then never come true, and minutes of waiting would hide why.
     */
    static void await(final String what, final Duration timeout, final BooleanSupplier condition,
            final Supplier<String> diagnostics, final Karaf karaf) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (karaf != null && !karaf.alive()) {
                fail("Karaf exited while waiting for " + what + "\n" + diagnostics.get());
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
        // the last poll may have been just before the deadline and the state reached just after it
        if (condition.getAsBoolean()) {
            return;
        }
        fail("timed out after " + timeout.toSeconds() + " s waiting for " + what + "\n" + diagnostics.get());
    }
}
