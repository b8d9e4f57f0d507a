/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RejectionTotalsTest {
    @Test
    void everyLinkAttemptAddsToTheNodesTotalsWhileEachAttemptStartsAtZero() {
        final RejectionTotals totals = new RejectionTotals();
        final LinkCounters first = new LinkCounters(totals);
        first.rejected(CertificateRejection.REVOKED);
        first.rejected(CertificateRejection.REVOKED);
        final LinkCounters second = new LinkCounters(totals);
        second.rejected(CertificateRejection.REVOKED);
        second.rejected(CertificateRejection.UID_MISMATCH);
        new LinkCounters().rejected(CertificateRejection.EXPIRED);
        assertEquals(1, second.rejections(CertificateRejection.REVOKED));
        assertEquals(Map.of(CertificateRejection.REVOKED, 3L, CertificateRejection.UID_MISMATCH, 1L),
            totals.snapshot());
    }
}
