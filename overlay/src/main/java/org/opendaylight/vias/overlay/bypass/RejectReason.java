/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

/** Why a responder refused a request; the flow stays on the overlay. Codes are on the wire and stable. */
public enum RejectReason {
    /** A code this version does not know (a newer peer); treated like any refusal. */
    OTHER(0),
    /** The responder's policy does not allow a cleartext bypass with the requester. */
    POLICY(1),
    /** The responder cannot bypass this protocol or version. */
    UNSUPPORTED(2),
    /** No underlay port free on the responder. */
    NO_PORT(3),
    /** The responder has as many bypasses as it allows. */
    LIMIT(4),
    /** Both sides asked for the same flow at once; the side with the lower UID keeps its request. */
    COLLISION(5),
    /** The flow is already bypassed (under another id). */
    DUPLICATE_FLOW(6),
    /** The id is in use on the responder for something else. */
    ID_IN_USE(7),
    /** The responder could not install its rules. */
    INSTALL_FAILED(8),
    /** A request for a bypass the responder has already closed (a late retransmission). */
    STALE(9),
    /**
     * The responder's NAT maps a new port unpredictably (symmetric, or not port-preserving), so there is no endpoint
     * it could announce for the bypass port. Added after version 1's first codes: an older peer decodes it as
     * {@link #OTHER}.
     */
    NAT_UNSUPPORTED(10);

    private final int code;

    RejectReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static RejectReason ofCode(int code) {
        for (RejectReason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        return OTHER;
    }
}
