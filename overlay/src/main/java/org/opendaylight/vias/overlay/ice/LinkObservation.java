/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

/**
 * What the shell sees of one peer's link at a tick, as values the {@link LinkMachine} compares between ticks.
 *
 * @param transportOpen the ICE transport is usable (false once ice4j or the socket gave up on the pair)
 * @param secureUp      the DTLS session is up
 * @param inbound       authenticated records received from the peer so far (frames + control); any change is a
 *                      sign of life
 * @param frames        frames in + out, for the idle timer of on-demand links
 * @param consentStamp  when ICE consent freshness (RFC 7675) last confirmed the selected pair, in the ICE stack's
 *                      own time base, or -1 if never; only its changes matter: each is a STUN round trip that worked
 */
public record LinkObservation(boolean transportOpen, boolean secureUp, long inbound, long frames,
        long consentStamp) {

    /** No link in the data plane (yet). */
    public static final LinkObservation NONE = new LinkObservation(true, false, 0, 0, -1);
}
