/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.wire;

/** The type byte of an IPOP message (see overlay/README.md, "Wire format"). */
public enum MessageType {
    /** Payload is one Ethernet frame from/to the TAP device. */
    ETHERNET(0x01),
    /** Payload is an opaque control message for the {@code ControlChannel} (VIAS bypass negotiation). */
    CONTROL(0x02),
    /** Empty payload; proves the link is alive and keeps NAT bindings open. */
    KEEPALIVE(0x03);

    private final byte code;

    MessageType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The type for a code, or null if unknown. */
    public static MessageType fromCode(byte code) {
        return switch (code) {
            case 0x01 -> ETHERNET;
            case 0x02 -> CONTROL;
            case 0x03 -> KEEPALIVE;
            default -> null;
        };
    }
}
