/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MacAddressTest {
    @Test
    void readsSixBytesAtAnOffsetInCanonicalForm() {
        final byte[] frame = {0x7f, (byte) 0xAB, 0x00, 0x0c, (byte) 0xff, 0x10, 0x01, 0x02};
        assertEquals("ab:00:0c:ff:10:01", MacAddress.of(frame, 1).value());
        assertArrayEquals(new byte[] {(byte) 0xAB, 0x00, 0x0c, (byte) 0xff, 0x10, 0x01},
            MacAddress.of(frame, 1).toBytes());
    }

    @Test
    void refusesTooFewBytes() {
        assertThrows(IndexOutOfBoundsException.class, () -> MacAddress.of(new byte[6], 1));
    }

    @Test
    void textIsLowerCasedAndChecked() {
        assertEquals("aa:bb:cc:dd:ee:ff", MacAddress.of("AA:BB:CC:DD:EE:FF").value());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.of("aa:bb:cc:dd:ee"));
    }
}
