/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TapOffloadsTest {
    @Test
    void parsesTheSwitch() {
        assertEquals(new TapOffloads(true, true), TapOffloads.parse("tso,gro"));
        assertEquals(new TapOffloads(true, true), TapOffloads.parse(" GRO , tso "));
        assertEquals(new TapOffloads(true, false), TapOffloads.parse("tso"));
        assertEquals(new TapOffloads(false, true), TapOffloads.parse("gro"));
        assertEquals(TapOffloads.NONE, TapOffloads.parse("none"));
        assertFalse(TapOffloads.NONE.vnetHeader());
        assertTrue(TapOffloads.parse("gro").vnetHeader(), "GRO writes need the header too");
        assertEquals("tso,gro", TapOffloads.parse(TapOffloads.DEFAULT).toString());
    }

    @Test
    void refusesWhatItDoesNotKnowAndSaysWhy() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> TapOffloads.parse("tso,ufo"));
        assertTrue(e.getMessage().contains("'ufo'") && e.getMessage().contains(TapOffloads.PROPERTY), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TapOffloads.parse("true"));
        assertThrows(IllegalArgumentException.class, () -> TapOffloads.parse(""));
    }
}
