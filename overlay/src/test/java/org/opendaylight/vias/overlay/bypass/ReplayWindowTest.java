/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    @Test
    void refusesRepeatsAndTooOldButAcceptsReordering() {
        final ReplayWindow window = new ReplayWindow();
        assertFalse(window.accept(0));
        assertTrue(window.accept(1000));
        assertFalse(window.accept(1000));
        assertTrue(window.accept(1002));
        assertTrue(window.accept(1001));
        assertFalse(window.accept(1001));
        assertTrue(window.accept(1002 - 63));
        assertFalse(window.accept(1002 - 64));
        assertTrue(window.accept(5000));
        assertFalse(window.accept(1002));
        assertTrue(window.accept(4999));
    }
}
