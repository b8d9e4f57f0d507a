/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.counters;

/** Why a datagram or frame was dropped. Every drop in the data plane is counted under exactly one reason. */
public enum DropReason {
    /** Decrypted datagram shorter than the IPOP header. */
    SHORT_MESSAGE,
    /** IPOP version byte is not ours. */
    BAD_VERSION,
    /** IPOP type byte is unknown. */
    BAD_TYPE,
    /** Payload length invalid for the type (e.g. a KEEPALIVE with payload). */
    BAD_LENGTH,
    /** Source UID is not the UID the link authenticated. */
    SOURCE_MISMATCH,
    /** Destination UID is not ours. */
    UNKNOWN_DESTINATION,
    /** ETHERNET payload shorter than an Ethernet header. */
    SHORT_FRAME,
    /** Frame larger than the link or TAP MTU allows. */
    OVERSIZE,
    /** Datagram that is not a DTLS 1.2 record arrived on an encrypted link. */
    NOT_DTLS,
    /** Frame for a link that is not (yet) established. */
    LINK_DOWN,
    /** Receive queue of the link full: the decryptor cannot keep up. */
    QUEUE_FULL,
    /** Frame from the TAP with no peer to send it to (router mode: no route). */
    NO_ROUTE,
    /** The TAP device refused a write. */
    TAP_WRITE_FAILED,
    /** The transport refused a send. */
    SEND_FAILED,
    /** A CONTROL message arrived but no handler is registered. */
    NO_CONTROL_HANDLER,
    /** Datagram of the link's ICE pair that arrived before the link took the transport over (no receiver yet). */
    NO_RECEIVER,
    /**
     * STUN (consent freshness, checks) or a stray datagram read from the link's own host socket that found the queue
     * to ice4j full: ice4j's threads did not keep up.
     */
    ICE_QUEUE_FULL
}
