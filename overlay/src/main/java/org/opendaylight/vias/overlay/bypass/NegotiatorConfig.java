/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import java.time.Duration;

/**
 * Timers and limits of the negotiator. {@link BypassNegotiator#tick()} must run at least every
 * {@code retryInterval / 2} (the controller runs it every 50 ms) for retries to be timely.
 *
 * @param retryInterval     from the first transmission of a request, accept or teardown to the first retransmission;
 *                          each later wait doubles, up to 8 times this
 * @param maxAttempts       transmissions before giving up (a requester then leaves the flow on the overlay and backs
 *                          off the peer, which probably does not support bypass, or only the flow when the peer
 *                          sent anything since the request)
 * @param keepaliveInterval between keepalives to a peer we share a bypass with
 * @param keepaliveTimeout  silence from such a peer after which all its bypasses are torn down
 * @param closedRetention   how long a closed bypass is remembered, to answer late duplicates the same way
 * @param peerBackoff       how long a peer that did not answer or refused is not asked again
 * @param flowBackoff       how long a flow whose bypass failed for a passing reason (the peer's switch refused the
 *                          rules, no port, limit) is not asked again; without it a heavy flow is asked for again at
 *                          every detection window, a few times a second, for as long as the peer's switch is broken
 * @param peerAsksWithin    a flow both ends detect is asked for by the end with the lower UID; the other end waits
 *                          this long for that request before asking itself (0: both ask, and the collision rule
 *                          keeps the lower UID's request). Half the requests, and no refused ones, when both detect
 * @param maxBypasses       bypasses (any state but closed) at once
 * @param capabilities      what this node offers
 */
public record NegotiatorConfig(Duration retryInterval, int maxAttempts, Duration keepaliveInterval,
        Duration keepaliveTimeout, Duration closedRetention, Duration peerBackoff, Duration flowBackoff,
        Duration peerAsksWithin, int maxBypasses, Capabilities capabilities, PathProbing probing) {

    /**
     * Timing of path probes ({@link PathProbe}) for bypasses through filtering NATs.
     *
     * @param interval          between probes while the path is being opened
     * @param openTimeout       a path not proven both ways by then is given up (the flow stays on the overlay)
     * @param keepaliveInterval between probes on an active bypass: keeps idle NAT mappings open (well below the
     *                          usual 30 s UDP timeout) and shows the path still works
     * @param lossTimeout       no probe from the peer for this long: the path is lost (a NAT rebinding, a flushed
     *                          mapping) and the flow goes back to the overlay
     */
    public record PathProbing(Duration interval, Duration openTimeout, Duration keepaliveInterval,
            Duration lossTimeout) {
        public static final PathProbing DEFAULT = new PathProbing(Duration.ofMillis(100), Duration.ofSeconds(2),
            Duration.ofSeconds(1), Duration.ofMillis(3500));

        public PathProbing {
            if (interval.isNegative() || interval.isZero() || keepaliveInterval.isNegative()
                    || keepaliveInterval.isZero()) {
                throw new IllegalArgumentException("probing intervals: must be > 0");
            }
            if (openTimeout.compareTo(interval) <= 0) {
                throw new IllegalArgumentException("openTimeout: must be longer than interval");
            }
            if (lossTimeout.compareTo(keepaliveInterval.multipliedBy(2)) <= 0) {
                throw new IllegalArgumentException("lossTimeout: must be longer than two keepalive intervals");
            }
        }
    }

    /**
     * 200 ms x 5 attempts (an unsupported peer costs 1 s), keepalive 2 s, timeout 6 s, peer back-off 60 s, flow
     * back-off 10 s, a detected flow left to the peer for 500 ms (two of the meter's 250 ms detection steps), 1024
     * bypasses, path probes {@link PathProbing#DEFAULT}.
     */
    public static final NegotiatorConfig DEFAULT = new NegotiatorConfig(Duration.ofMillis(200), 5,
        Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(30), Duration.ofSeconds(60),
        Duration.ofSeconds(10), Duration.ofMillis(500), 1024, Capabilities.CURRENT, PathProbing.DEFAULT);

    public NegotiatorConfig {
        if (retryInterval.isNegative() || retryInterval.isZero()) {
            throw new IllegalArgumentException("retryInterval: must be > 0");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: must be >= 1");
        }
        if (keepaliveTimeout.compareTo(keepaliveInterval) <= 0) {
            throw new IllegalArgumentException("keepaliveTimeout: must be longer than keepaliveInterval");
        }
        if (flowBackoff.isNegative()) {
            throw new IllegalArgumentException("flowBackoff: must be >= 0");
        }
        if (peerAsksWithin.isNegative()) {
            throw new IllegalArgumentException("peerAsksWithin: must be >= 0");
        }
        if (maxBypasses < 1) {
            throw new IllegalArgumentException("maxBypasses: must be >= 1");
        }
    }
}
