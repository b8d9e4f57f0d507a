/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

/** Why a received message, well-formed or not, was refused; each is counted ({@link BypassCounters}). */
public enum Refusal {
    /** Not decodable; the decoder's reason is counted separately. */
    MALFORMED,
    /** The sender UID in the message is not the authenticated peer it came from (or is this node). */
    WRONG_PEER,
    /** Sequence number already seen or too old: a replay. */
    REPLAYED,
    /** About a bypass this node does not have with that peer. */
    UNKNOWN_BYPASS,
    /** A request this node's policy does not allow. */
    POLICY,
    /** A request this node cannot honour (protocol, limit, port, id, duplicate flow, collision). */
    CANNOT_HONOUR,
    /** A message that does not fit the bypass's state (e.g. confirm from the responder). */
    OUT_OF_STATE
}
