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
    void negativeThresholdAndMalformedAddressesNameTheirFields() {
        final List<String> problems = ConfigValidator.problems(new ConfigValidator.Proposed(null, null, null, -5L, 0L,
            java.util.Map.of("nat/gateway-address", "10.0.0.300", "nat/public-address", "10.0.0.1"),
            java.util.Map.of("nat/internal-network", "192.168.1.0/40")), List.of());
        assertEquals(4, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("bypass/threshold-packets-per-second: must be at least 1, was -5"));
        assertTrue(problems.get(1).startsWith("bypass/threshold-bytes-per-second:"));
        assertTrue(problems.get(2).startsWith("nat/gateway-address: '10.0.0.300'"), problems.get(2));
        assertTrue(problems.get(3).startsWith("nat/internal-network:"), problems.get(3));
    }

    @Test
    void settingsDecideWhichBridgesAreManaged() {
        assertTrue(ViasSettings.DEFAULTS.manages("anything"));
        assertTrue(ViasSettings.DEFAULTS.withBridgeName("br0").manages("br0"));
        assertTrue(!ViasSettings.DEFAULTS.withBridgeName("br0").manages("br1"));
    }
}
