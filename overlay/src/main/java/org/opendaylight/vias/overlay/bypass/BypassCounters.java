/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import java.util.EnumMap;
import java.util.Map;

/**
 * The negotiator's counters, for operational state. Guarded by the negotiator's lock; read through
 * {@link BypassNegotiator#counters()}, which copies.
 */
public final class BypassCounters {
    private final long[] sent = new long[MessageType.values().length];
    private final long[] received = new long[MessageType.values().length];
    private final long[] decodeErrors = new long[DecodeError.values().length];
    private final long[] refusals = new long[Refusal.values().length];
    long retransmissions;
    long activated;
    long rejectedByPeer;
    long unanswered;
    long tornDown;
    long installFailures;
    long removeFailures;
    long orphansRemoved;
    long reinstalled;
    long duplicates;
    long natUnsupported;
    long leftToPeer;
    long probesSent;
    long probesHeard;
    long pathsNotOpened;
    long pathsLost;

    void sent(MessageType type) {
        sent[type.ordinal()]++;
    }

    void received(MessageType type) {
        received[type.ordinal()]++;
    }

    void decodeError(DecodeError error) {
        decodeErrors[error.ordinal()]++;
        refusals[Refusal.MALFORMED.ordinal()]++;
    }

    void refused(Refusal refusal) {
        refusals[refusal.ordinal()]++;
    }

    Snapshot snapshot() {
        return new Snapshot(toMap(MessageType.class, sent), toMap(MessageType.class, received),
            toMap(DecodeError.class, decodeErrors), toMap(Refusal.class, refusals), retransmissions, activated,
            rejectedByPeer, unanswered, tornDown, installFailures, removeFailures, orphansRemoved, reinstalled,
            duplicates, natUnsupported, leftToPeer, probesSent, probesHeard, pathsNotOpened, pathsLost);
    }

    private static <E extends Enum<E>> Map<E, Long> toMap(Class<E> type, long[] values) {
        final Map<E, Long> map = new EnumMap<>(type);
        for (E key : type.getEnumConstants()) {
            if (values[key.ordinal()] != 0) {
                map.put(key, values[key.ordinal()]);
            }
        }
        return map;
    }

    /**
     * @param refused         every refused message by reason (forged, replayed, malformed... requests included)
     * @param rejectedByPeer  our requests the peer rejected
     * @param unanswered      our requests given up after {@link NegotiatorConfig#maxAttempts()}
     * @param duplicates      duplicate requests, accepts and confirms answered without doing anything twice
     * @param natUnsupported  bypasses not made because a side's NAT maps ports unpredictably: ours (as requester
     *                        or responder) or the peer's (its NAT_UNSUPPORTED reject)
     * @param leftToPeer      flows this node detected and left to the peer (the lower UID) to ask for
     * @param probesSent      path probes sent (bypasses through filtering NATs)
     * @param probesHeard     path probes of peers that reached us
     * @param pathsNotOpened  bypasses given up because the path did not prove open both ways in time
     * @param pathsLost       active bypasses ended because the peer's probes stopped arriving
     */
    public record Snapshot(Map<MessageType, Long> sent, Map<MessageType, Long> received,
            Map<DecodeError, Long> decodeErrors, Map<Refusal, Long> refused, long retransmissions, long activated,
            long rejectedByPeer, long unanswered, long tornDown, long installFailures, long removeFailures,
            long orphansRemoved, long reinstalled, long duplicates, long natUnsupported, long leftToPeer,
            long probesSent, long probesHeard, long pathsNotOpened, long pathsLost) {

        public long refused(Refusal refusal) {
            return refused.getOrDefault(refusal, 0L);
        }

        public long sent(MessageType type) {
            return sent.getOrDefault(type, 0L);
        }
    }
}
