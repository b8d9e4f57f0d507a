/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

/** The type byte of a bypass control message. Codes are on the wire and stable. */
public enum MessageType {
    REQUEST(1),
    ACCEPT(2),
    REJECT(3),
    CONFIRM(4),
    TEARDOWN(5),
    TEARDOWN_ACK(6),
    KEEPALIVE(7);

    private static final MessageType[] BY_CODE = new MessageType[8];

    static {
        for (MessageType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type of a code, or null if unknown. */
    public static MessageType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
