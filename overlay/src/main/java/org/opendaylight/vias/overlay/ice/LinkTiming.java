/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

/**
 * The link state machine's timers, in milliseconds.
 *
 * @param setupTimeout  an offer, ICE checks or the first DTLS handshake taking longer than this fail the attempt
 * @param downGrace     a DTLS session that was up and is down for this long (re-handshake failed) fails the link
 * @param silence       a link that was up and heard nothing from the peer for this long (no consent-freshness
 *                      response, no record) has lost its path: NAT rebinding, conntrack flush, peer gone. Must be a
 *                      few consent intervals ({@link IceSession#CONSENT_INTERVAL_MILLIS}) so one lost check is not a
 *                      failure
 * @param backoffMin    first retry delay after a failed set-up; doubles per failure
 * @param backoffMax    retry delay cap
 * @param requestEvery  the controlled side repeats its REQUEST at most this often
 */
public record LinkTiming(long setupTimeout, long downGrace, long silence, long backoffMin, long backoffMax,
        long requestEvery) {

    public static final LinkTiming DEFAULT = new LinkTiming(20_000, 3_000, 1_000, 1_000, 30_000, 5_000);

    public LinkTiming {
        if (setupTimeout <= 0 || downGrace <= 0 || silence <= 0 || backoffMin <= 0 || backoffMax < backoffMin
                || requestEvery <= 0) {
            throw new IllegalArgumentException("invalid link timing " + setupTimeout + "/" + downGrace + "/"
                + silence + "/" + backoffMin + "/" + backoffMax + "/" + requestEvery);
        }
    }

    /** Retry delay after the {@code failures}-th consecutive failure (1-based). */
    long backoff(int failures) {
        return Math.min(backoffMax, backoffMin << Math.min(Math.max(failures, 1) - 1, 16));
    }
}
