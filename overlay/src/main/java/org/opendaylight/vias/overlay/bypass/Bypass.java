/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import java.util.EnumSet;
import java.util.Set;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.meter.FlowKey;

/** The negotiator's mutable record of one bypass. Guarded by the negotiator's lock. */
final class Bypass {
    final long id;
    final Uid peer;
    final BypassPath.Role role;
    /** Oriented local VM to remote VM. */
    final FlowKey flow;
    /** Null for a request refused before a port was reserved. */
    final PortReservation.Reservation local;
    PortReservation.Reservation remote;
    BypassState state;
    /** Rules this node believes are on the switch. */
    final Set<RuleDirection> installed = EnumSet.noneOf(RuleDirection.class);
    /** Rules the switch removed on idle timeout: not reinstalled by reconcile; both gone means the flow ended. */
    final Set<RuleDirection> idled = EnumSet.noneOf(RuleDirection.class);
    boolean installing;
    /** Taken back from persistence after a restart and not yet checked against the switch. */
    boolean restored;
    /** Restored with rules missing: they go back only once the peer names the bypass in a keepalive. */
    boolean awaitingPeer;
    boolean portHeld;
    /** Retransmission of the message the state waits an answer for. */
    boolean retrying;
    int attempts;
    long nextAttemptAt;
    /** Requester: when the request was first sent. */
    long firstSentAt;
    long closedAt;
    /** Our NAT towards the peer filters (requester: said so in the request). */
    boolean localFiltered;
    /** The path goes through a filtering NAT on either side: opened and watched with path probes. */
    boolean opening;
    /** A path probe of the peer reached us (the path works towards us). */
    boolean heardPeer;
    long lastProbeHeard;
    long nextProbeAt;
    /** While opening: when an unproven path is given up. */
    long openDeadline;
    /** Our answer to a refused request, repeated to its duplicates. */
    RejectReason rejectReason;
    TeardownReason teardownReason;
    String reason;

    Bypass(long id, Uid peer, BypassPath.Role role, FlowKey flow, PortReservation.Reservation local,
            BypassState state) {
        this.id = id;
        this.peer = peer;
        this.role = role;
        this.flow = flow;
        this.local = local;
        this.state = state;
        this.portHeld = local != null;
    }

    boolean live() {
        return state != BypassState.CLOSED;
    }

    /** Agreed with the peer: what keepalives list and what the keepalive timeout guards. */
    boolean agreed() {
        return state == BypassState.ACCEPTED || state == BypassState.ACTIVE;
    }

    BypassPath path() {
        return local == null || remote == null ? null : new BypassPath(id, peer, role, flow, local, remote);
    }

    void retryAt(long when) {
        retrying = true;
        nextAttemptAt = when;
    }

    BypassStatus status() {
        return new BypassStatus(id, peer, role, state, flow, path(), Set.copyOf(installed), reason);
    }
}
