/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.opendaylight.vias.testing.HostPreconditions.requireTools;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs scripts/testbed-selftest: NAT mapping/filtering per type, servers listening, clean teardown. */
class TestbedSelftestIT {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void testbedBuildsTheThreeNatTypesAndRemovesEverything() throws Exception {
        Testbed.requireHost();
        requireTools("python3");
        final Testbed.Result r = new Testbed().exec(110, "scripts/testbed-selftest");
        assertEquals(0, r.code(), r.output());
    }
}
