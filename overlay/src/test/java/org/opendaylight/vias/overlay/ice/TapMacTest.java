/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Uid;

/** The discovery node's TAP MAC: one per UID, so peers' learning switches never confuse two nodes. */
class TapMacTest {

    @Test
    void uidsThatDifferOnlyInTheirLastBytesGetDistinctMacs() {
        // the testbed's UIDs (scripts/testbed-node: the site number as 40 hex digits) all used to get 02:00:00:00:00:00
        final Set<String> macs = new HashSet<>();
        for (int site = 1; site <= 1000; site++) {
            macs.add(HexFormat.of().formatHex(IceOverlayNode.macOf(Uid.parse(String.format("%040x", site)))));
        }
        assertEquals(1000, macs.size(), "one MAC per UID");
    }

    @Test
    void macIsLocallyAdministeredUnicastAndStable() {
        final Uid uid = Uid.parse("00000000000000000000000000000000000000a7");
        final byte[] mac = IceOverlayNode.macOf(uid);
        assertEquals(6, mac.length);
        assertEquals(0x02, mac[0] & 0x03, "locally administered (bit 1) and unicast (bit 0 clear)");
        assertArrayEquals(mac, IceOverlayNode.macOf(Uid.parse(uid.toString())), "the same UID, the same MAC");
    }
}
