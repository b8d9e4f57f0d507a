/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OvsPortTest {
    @Test
    void theKernelDatapathTakesJoinedFramesTheUserspaceOneOnlyWithItsTso() {
        // ovs-vsctl prints an unset datapath_type as "" (the kernel datapath) and other_config values quoted
        assertTrue(OvsPort.takesJoinedFrames("\"\"", ""));
        assertTrue(OvsPort.takesJoinedFrames("system", ""));
        assertTrue(OvsPort.takesJoinedFrames("system", "\"false\""), "the kernel datapath ignores userspace TSO");
        assertFalse(OvsPort.takesJoinedFrames("netdev", ""), "userspace datapath, userspace TSO not set");
        assertFalse(OvsPort.takesJoinedFrames("netdev", "\"false\""));
        assertTrue(OvsPort.takesJoinedFrames("netdev", "\"true\""));
        assertTrue(OvsPort.takesJoinedFrames(" netdev\n", "true\n"));
        assertFalse(OvsPort.takesJoinedFrames("dummy", "\"yes\""), "only the value Open vSwitch reads as on counts");
    }

    @Test
    void commandsGoToTheConfiguredDatabase() {
        assertEquals(List.of("ovs-vsctl", "--timeout=10", "--db=unix:/run/x/db.sock", "get", "bridge", "br0",
            "datapath_type"), new OvsPort(Map.of("OVS_DB", "unix:/run/x/db.sock"))
            .command(List.of("get", "bridge", "br0", "datapath_type")));
    }
}
