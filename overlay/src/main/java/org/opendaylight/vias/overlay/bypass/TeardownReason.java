/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

/** Why a bypass ended; traffic of the flow goes back to the overlay. Codes are on the wire and stable. */
public enum TeardownReason {
    /** A code this version does not know. */
    OTHER(0),
    /** The switch removed a rule on idle timeout: the flow ended. */
    IDLE(1),
    /** Asked for by an operator or by shutdown. */
    ADMIN(2),
    /** The overlay link to the peer went down. */
    PEER_DOWN(3),
    /** No message from the peer for the keepalive timeout. */
    PEER_TIMEOUT(4),
    /** The sender's switch disconnected or lost the rules. */
    SWITCH_DOWN(5),
    /** The sender does not know the bypass (e.g. it restarted): the receiver must remove its rules. */
    UNKNOWN_BYPASS(6),
    /** The sender gave up on the bypass before it was active (answer or confirmation came too late). */
    ABANDONED(7),
    /** Installing a rule failed. */
    INSTALL_FAILED(8),
    /** Through filtering NATs: the path probes did not get through both ways in time. */
    PATH_NOT_OPENED(9),
    /** Through filtering NATs: the peer's path probes stopped arriving (a NAT rebinding, a flushed mapping). */
    PATH_LOST(10);

    private final int code;

    TeardownReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static TeardownReason ofCode(int code) {
        for (TeardownReason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        return OTHER;
    }
}
