/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

    @Test
    void unsetBridgeAndDefaultsAreFine() {
        assertTrue(ConfigValidator.problems(new ConfigValidator.Proposed(null, null, null), List.of()).isEmpty());
    }

    @Test
    void connectedBridgeIsFine() {
        assertTrue(ConfigValidator.problems(new ConfigValidator.Proposed("br0", null, null), List.of("br0"))
            .isEmpty());
    }

    @Test
    void unknownBridgeNamesTheField() {
        final List<String> problems = ConfigValidator.problems(new ConfigValidator.Proposed("nope", null, null),
            List.of("br0"));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("switch/bridge-name: unknown bridge 'nope'"), problems.get(0));
    }

    @Test
    void invertedPortRangeNamesTheField() {
        final List<String> problems = ConfigValidator.problems(new ConfigValidator.Proposed(null, 5000, 4000),
            List.of());
        assertEquals(List.of("nat/port-range-end: 4000 is below nat/port-range-start 5000"), problems);
    }

    @Test
    void settingsDecideWhichBridgesAreManaged() {
        assertTrue(ViasSettings.DEFAULTS.manages("anything"));
        assertTrue(ViasSettings.DEFAULTS.withBridgeName("br0").manages("br0"));
        assertTrue(!ViasSettings.DEFAULTS.withBridgeName("br0").manages("br1"));
    }
}
