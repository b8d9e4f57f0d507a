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
 * Counters of one link (or of the node, for drops that have no link). Lock-free; read by {@link #snapshot()}.
 * "frames" are IPOP messages of type ETHERNET; bytes count the Ethernet frame, not the encapsulation.
 */
public final class LinkCounters {
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder controlIn = new LongAdder();
    private final LongAdder controlOut = new LongAdder();
    private final LongAdder handshakes = new LongAdder();
    private final LongAdder handshakeFailures = new LongAdder();
    private final LongAdder[] drops = new LongAdder[DropReason.values().length];
    private final LongAdder[] rejections = new LongAdder[CertificateRejection.values().length];
    /** The node's running totals this link's rejections also count in, or null. */
    private final RejectionTotals totals;

    public LinkCounters() {
        this(null);
    }

    public LinkCounters(final RejectionTotals totals) {
        this.totals = totals;
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
        for (int i = 0; i < rejections.length; i++) {
            rejections[i] = new LongAdder();
        }
    }

    public void frameIn(int bytes) {
        framesIn.increment();
        bytesIn.add(bytes);
    }

    public void frameOut(int bytes) {
        framesOut.increment();
        bytesOut.add(bytes);
    }

    public void controlIn() {
        controlIn.increment();
    }

    public void controlOut() {
        controlOut.increment();
    }

    public void handshake(boolean success) {
        (success ? handshakes : handshakeFailures).increment();
    }

    public void drop(DropReason reason) {
        drops[reason.ordinal()].increment();
    }

    public long drops(DropReason reason) {
        return drops[reason.ordinal()].sum();
    }

    /** The peer's certificate was refused (handshake failed, or an established session was ended). */
    public void rejected(CertificateRejection reason) {
        rejections[reason.ordinal()].increment();
        if (totals != null) {
            totals.add(reason);
        }
    }

    public long rejections(CertificateRejection reason) {
        return rejections[reason.ordinal()].sum();
    }

    public Snapshot snapshot() {
        final Map<DropReason, Long> dropMap = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            final long n = drops[reason.ordinal()].sum();
            if (n != 0) {
                dropMap.put(reason, n);
            }
        }
        final Map<CertificateRejection, Long> rejectionMap = new EnumMap<>(CertificateRejection.class);
        for (CertificateRejection reason : CertificateRejection.values()) {
            final long n = rejections[reason.ordinal()].sum();
            if (n != 0) {
                rejectionMap.put(reason, n);
            }
        }
        return new Snapshot(framesIn.sum(), bytesIn.sum(), framesOut.sum(), bytesOut.sum(), controlIn.sum(),
            controlOut.sum(), handshakes.sum(), handshakeFailures.sum(), dropMap, rejectionMap);
    }

    /** An immutable copy of the counters, for the runner's status output and (later) ODL operational state. */
    public record Snapshot(long framesIn, long bytesIn, long framesOut, long bytesOut, long controlIn,
            long controlOut, long handshakes, long handshakeFailures, Map<DropReason, Long> drops,
            Map<CertificateRejection, Long> rejections) {

        public long totalDrops() {
            return drops.values().stream().mapToLong(Long::longValue).sum();
        }

        /** These counters with {@code more} drops added, by reason (drops counted outside the link's own counters). */
        public Snapshot plusDrops(Map<DropReason, Long> more) {
            if (more.isEmpty()) {
                return this;
            }
            final Map<DropReason, Long> sum = new EnumMap<>(DropReason.class);
            sum.putAll(drops);
            more.forEach((reason, count) -> {
                if (count != 0) {
                    sum.merge(reason, count, Long::sum);
                }
            });
            return new Snapshot(framesIn, bytesIn, framesOut, bytesOut, controlIn, controlOut, handshakes,
                handshakeFailures, sum, rejections);
        }

        @Override
        public String toString() {
            return "framesIn=" + framesIn + " bytesIn=" + bytesIn + " framesOut=" + framesOut + " bytesOut=" + bytesOut
                + " controlIn=" + controlIn + " controlOut=" + controlOut + " handshakes=" + handshakes
                + " handshakeFailures=" + handshakeFailures + " drops=" + drops + " rejections=" + rejections;
        }
    }
}
