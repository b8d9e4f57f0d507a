/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Frames;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.DropReason;

class IpopCodecTest {
    private static final Uid A = Uid.parse("00112233445566778899aabbccddeeff00112233");
    private static final Uid B = Uid.parse("ffeeddccbbaa99887766554433221100ffeeddcc");
    private static final int MAX = 1514;

    private static byte[] message(MessageType type, Uid src, Uid dst, byte[] payload) {
        final byte[] buf = new byte[IpopCodec.HEADER_LENGTH + payload.length];
        System.arraycopy(payload, 0, buf, IpopCodec.HEADER_LENGTH, payload.length);
        IpopCodec.writeHeader(buf, 0, type, src, dst);
        return buf;
    }

    @Test
    void headerLayoutIsVersionTypeSourceDestination() {
        final byte[] frame = Frames.ethernet(Frames.BROADCAST, Frames.mac(1), 0x0806, 28);
        final byte[] msg = message(MessageType.ETHERNET, A, B, frame);
        assertEquals(42, IpopCodec.HEADER_LENGTH);
        assertEquals(1, msg[0]);
        assertEquals(1, msg[1]);
        assertArrayEquals(A.toBytes(), Arrays.copyOfRange(msg, 2, 22));
        assertArrayEquals(B.toBytes(), Arrays.copyOfRange(msg, 22, 42));
        assertArrayEquals(frame, Arrays.copyOfRange(msg, 42, msg.length));
        assertNull(IpopCodec.validate(msg, 0, msg.length, B, A, MAX));
        assertEquals(MessageType.ETHERNET, IpopCodec.type(msg, 0));
    }

    @Test
    void validatesAtAnOffset() {
        final byte[] msg = message(MessageType.CONTROL, A, B, new byte[] {1, 2, 3});
        final byte[] shifted = new byte[msg.length + 10];
        System.arraycopy(msg, 0, shifted, 7, msg.length);
        assertNull(IpopCodec.validate(shifted, 7, msg.length, B, A, MAX));
    }

    @Test
    void rejectsEachMalformation() {
        final byte[] frame = Frames.ethernet(Frames.mac(2), Frames.mac(1), 0x0800, 100);
        final byte[] good = message(MessageType.ETHERNET, A, B, frame);
        assertEquals(DropReason.SHORT_MESSAGE, IpopCodec.validate(good, 0, 41, B, A, MAX));
        final byte[] version = good.clone();
        version[0] = 2;
        assertEquals(DropReason.BAD_VERSION, IpopCodec.validate(version, 0, version.length, B, A, MAX));
        final byte[] type = good.clone();
        type[1] = 9;
        assertEquals(DropReason.BAD_TYPE, IpopCodec.validate(type, 0, type.length, B, A, MAX));
        assertEquals(DropReason.SOURCE_MISMATCH, IpopCodec.validate(good, 0, good.length, B, B, MAX));
        assertEquals(DropReason.UNKNOWN_DESTINATION, IpopCodec.validate(good, 0, good.length, A, A, MAX));
        assertEquals(DropReason.SHORT_FRAME, IpopCodec.validate(good, 0, 42 + 13, B, A, MAX));
        assertEquals(DropReason.OVERSIZE, IpopCodec.validate(good, 0, good.length, B, A, frame.length - 1));
        final byte[] keepalive = message(MessageType.KEEPALIVE, A, B, new byte[1]);
        assertEquals(DropReason.BAD_LENGTH, IpopCodec.validate(keepalive, 0, keepalive.length, B, A, MAX));
        final byte[] emptyKeepalive = message(MessageType.KEEPALIVE, A, B, new byte[0]);
        assertNull(IpopCodec.validate(emptyKeepalive, 0, emptyKeepalive.length, B, A, MAX));
    }

    @Test
    void uidParsingNamesTheRule() {
        assertEquals("must be 40 hex chars", assertThrows(IllegalArgumentException.class, () -> Uid.parse("12"))
            .getMessage());
        assertEquals("must be 40 hex chars", assertThrows(IllegalArgumentException.class,
            () -> Uid.parse("zz112233445566778899aabbccddeeff00112233")).getMessage());
        assertEquals(A, Uid.parse(A.toString()));
    }
}
