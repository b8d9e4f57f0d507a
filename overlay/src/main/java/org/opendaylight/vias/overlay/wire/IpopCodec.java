/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.wire;

import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.DropReason;

/**
 * The IPOP message layout, version 1:
 * <pre>
 *  offset  size  field
 *  0       1     version (1)
 *  1       1     type ({@link MessageType})
 *  2       20    source UID
 *  22      20    destination UID
 *  42      n     payload (Ethernet frame for ETHERNET, opaque bytes for CONTROL, empty for KEEPALIVE)
 * </pre>
 * The seed's format is the two UIDs followed by the frame; the leading version/type bytes let the same authenticated
 * link carry control messages and let a future version be rejected instead of misparsed.
 *
 * <p>Encoding writes the header in place in front of a payload the caller already placed at {@link #HEADER_LENGTH},
 * so a frame read from the TAP device is never copied to be framed.
 */
public final class IpopCodec {
    public static final byte VERSION = 1;
    public static final int VERSION_OFFSET = 0;
    public static final int TYPE_OFFSET = 1;
    public static final int SOURCE_OFFSET = 2;
    public static final int DESTINATION_OFFSET = SOURCE_OFFSET + Uid.LENGTH;
    public static final int HEADER_LENGTH = DESTINATION_OFFSET + Uid.LENGTH;
    /** Destination MAC + source MAC + EtherType. */
    public static final int ETHERNET_HEADER_LENGTH = 14;

    private IpopCodec() {
    }

    /** Writes the header into {@code buf[off, off + HEADER_LENGTH)}. */
    public static void writeHeader(byte[] buf, int off, MessageType type, Uid source, Uid destination) {
        buf[off + VERSION_OFFSET] = VERSION;
        buf[off + TYPE_OFFSET] = type.code();
        source.write(buf, off + SOURCE_OFFSET);
        destination.write(buf, off + DESTINATION_OFFSET);
    }

    /** Rewrites only the destination, for flooding one frame to several peers. */
    public static void writeDestination(byte[] buf, int off, Uid destination) {
        destination.write(buf, off + DESTINATION_OFFSET);
    }

    /**
     * Validates a received message from the link to {@code expectedSource}.
     *
     * @param self our UID; the message must be addressed to it (no multi-hop forwarding in this version)
     * @param expectedSource the authenticated peer of the link; a different source UID is a spoof or a misconfiguration
     * @param maxFrame the largest Ethernet frame the TAP accepts
     * @return null if the message is well-formed, else why it must be dropped
     */
    public static DropReason validate(byte[] buf, int off, int len, Uid self, Uid expectedSource, int maxFrame) {
        if (len < HEADER_LENGTH) {
            return DropReason.SHORT_MESSAGE;
        }
        if (buf[off + VERSION_OFFSET] != VERSION) {
            return DropReason.BAD_VERSION;
        }
        final MessageType type = MessageType.fromCode(buf[off + TYPE_OFFSET]);
        if (type == null) {
            return DropReason.BAD_TYPE;
        }
        if (!expectedSource.matches(buf, off + SOURCE_OFFSET)) {
            return DropReason.SOURCE_MISMATCH;
        }
        if (!self.matches(buf, off + DESTINATION_OFFSET)) {
            return DropReason.UNKNOWN_DESTINATION;
        }
        final int payload = len - HEADER_LENGTH;
        return switch (type) {
            case ETHERNET -> payload < ETHERNET_HEADER_LENGTH ? DropReason.SHORT_FRAME
                : payload > maxFrame ? DropReason.OVERSIZE : null;
            case KEEPALIVE -> payload != 0 ? DropReason.BAD_LENGTH : null;
            case CONTROL -> null;
        };
    }

    /** The type of a message that passed {@link #validate}. */
    public static MessageType type(byte[] buf, int off) {
        return MessageType.fromCode(buf[off + TYPE_OFFSET]);
    }
}
