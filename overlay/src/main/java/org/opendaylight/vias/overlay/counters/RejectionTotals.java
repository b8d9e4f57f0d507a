/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.counters;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A node's certificate rejections by reason over all its links and link attempts. Each attempt has its own
 * {@link LinkCounters}, which start at zero; the node's operator wants the running total (how often, say, a revoked
 * node has tried to come back), so every link's counters also add to these.
 */
public final class RejectionTotals {
    private final LongAdder[] counts = new LongAdder[CertificateRejection.values().length];

    public RejectionTotals() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void add(final CertificateRejection reason) {
        counts[reason.ordinal()].increment();
    }

    /** The reasons seen so far, with their counts. */
    public Map<CertificateRejection, Long> snapshot() {
        final Map<CertificateRejection, Long> out = new EnumMap<>(CertificateRejection.class);
        for (CertificateRejection reason : CertificateRejection.values()) {
            final long n = counts[reason.ordinal()].sum();
            if (n != 0) {
                out.put(reason, n);
            }
        }
        return out;
    }
}
