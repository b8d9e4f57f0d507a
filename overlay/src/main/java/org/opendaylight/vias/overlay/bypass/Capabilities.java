/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import org.opendaylight.vias.overlay.meter.FlowKey;

/**
 * What a requester can do, sent in every request so a responder can refuse what it cannot honour rather than guess.
 *
 * @param maxVersion highest protocol version the sender speaks
 * @param features   bit set of {@link #TCP} and {@link #UDP}: protocols it can bypass
 */
public record Capabilities(int maxVersion, int features) {
    public static final int TCP = 1;
    public static final int UDP = 2;
    /** Takes part in opening a path through filtering NATs (path probes, see {@link PathProbe}). */
    public static final int OPENING = 4;
    /**
     * Not a capability but a flag of the one REQUEST that carries it: the requester sits behind a NAT that filters
     * unsolicited inbound packets, so the path must be opened from both sides before the flow moves.
     */
    public static final int FILTERED = 8;
    public static final Capabilities CURRENT = new Capabilities(BypassCodec.VERSION, TCP | UDP | OPENING);

    public Capabilities {
        if (maxVersion < 1 || maxVersion > 0xff) {
            throw new IllegalArgumentException("maxVersion: must be in 1..255, was " + maxVersion);
        }
        if (features < 0 || features > 0xff) {
            throw new IllegalArgumentException("features: must be in 0..255, was " + features);
        }
    }

    public boolean supportsOpening() {
        return (features & OPENING) != 0;
    }

    /** Whether a request with these features says its sender's NAT filters. */
    public boolean filtered() {
        return (features & FILTERED) != 0;
    }

    /** These capabilities with the {@link #FILTERED} flag set as given. */
    public Capabilities withFiltered(boolean value) {
        return new Capabilities(maxVersion, value ? features | FILTERED : features & ~FILTERED);
    }

    public boolean supports(int protocol) {
        return protocol == FlowKey.TCP && (features & TCP) != 0 || protocol == FlowKey.UDP && (features & UDP) != 0;
    }
}
