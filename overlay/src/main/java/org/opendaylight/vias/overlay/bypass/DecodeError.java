/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

/** Why a received control message was not decoded; each is counted. */
public enum DecodeError {
    /** Shorter than the header. */
    TRUNCATED,
    /** Does not start with the bypass magic: not a bypass message. */
    BAD_MAGIC,
    /** A version this node does not speak. */
    UNSUPPORTED_VERSION,
    UNKNOWN_TYPE,
    /** Length does not match the type. */
    BAD_LENGTH,
    /** A field out of range: sequence 0, id out of range, non-unicast address, port 0, non-zero reserved byte... */
    BAD_FIELD
}
