/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

/**
 * A bypass's byte rate from its rules' byte counter, which the switch statistics refresh only every few seconds
 * (every 10 s in the distribution). The rate is taken between the last two changes of the counter, so it does not
 * depend on how often, or by how many readers ({@code state/flow}, {@code vias:flows}, the view), it is asked; a
 * counter that stood still for {@link #STALE_MS} means no traffic, rate 0. Between the first reading and the
 * counter's first change (or {@link #STALE_MS}) there is no rate yet, {@link #NOT_MEASURED}: a bypass that just
 * became active carries traffic the switch has not reported yet, and 0 would say it carries nothing. Thread-safe.
 */
final class RuleRate {
    /** The rate of a bypass whose counter the statistics have not refreshed since its first reading. */
    static final long NOT_MEASURED = -1;
    /** Longer than one statistics period: an unchanged counter after that means the flow carried nothing. */
    static final long STALE_MS = 15_000;

    private long bytes = -1;
    private long atMs;
    private long rate;

    /** Bytes per second, given the counter's value read at {@code nowMs}; {@link #NOT_MEASURED} before it changed. */
    synchronized long update(final long counter, final long nowMs) {
        if (bytes < 0 || counter < bytes) {
            // first reading, or the rules were re-installed and their counters restarted
            bytes = counter;
            atMs = nowMs;
            rate = NOT_MEASURED;
        } else if (counter > bytes) {
            if (nowMs > atMs) {
                rate = (counter - bytes) * 1000 / (nowMs - atMs);
            }
            bytes = counter;
            atMs = nowMs;
        } else if (nowMs - atMs > STALE_MS) {
            rate = 0;
        }
        return rate;
    }
}
