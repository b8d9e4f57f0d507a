/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UidTest {
    private static final String HEX = "00112233445566778899aabbccddeeff01234567";

    @Test
    void hexBytesAndFrameFieldsAreTheSameUid() {
        final Uid uid = Uid.parse(HEX);
        assertEquals(HEX, uid.toString());
        assertEquals(uid, Uid.of(uid.toBytes()));
        final byte[] frame = new byte[3 + Uid.LENGTH];
        uid.write(frame, 3);
        assertTrue(uid.matches(frame, 3));
        assertEquals(uid, Uid.read(frame, 3));
        assertEquals(uid.hashCode(), Uid.read(frame, 3).hashCode());
        frame[3 + Uid.LENGTH - 1] ^= 1;
        assertFalse(uid.matches(frame, 3));
        assertNotEquals(uid, Uid.read(frame, 3));
    }

    @Test
    void isImmutable() {
        final byte[] raw = Uid.parse(HEX).toBytes();
        final Uid uid = Uid.of(raw);
        raw[0] = 42;
        uid.toBytes()[1] = 42;
        assertArrayEquals(Uid.parse(HEX).toBytes(), uid.toBytes());
    }

    @Test
    void ordersAsUnsignedBytes() {
        assertTrue(Uid.parse("7f" + "00".repeat(19)).compareTo(Uid.parse("80" + "00".repeat(19))) < 0);
        assertTrue(Uid.parse("ff" + "00".repeat(19)).compareTo(Uid.parse("01" + "00".repeat(19))) > 0);
    }

    @Test
    void refusesWhatIsNotTwentyBytes() {
        assertThrows(IllegalArgumentException.class, () -> Uid.of(null));
        assertThrows(IllegalArgumentException.class, () -> Uid.of(new byte[19]));
        assertThrows(IllegalArgumentException.class, () -> Uid.parse(null));
        assertThrows(IllegalArgumentException.class, () -> Uid.parse(HEX.substring(2)));
        assertThrows(IllegalArgumentException.class, () -> Uid.parse("zz" + HEX.substring(2)));
    }
}
