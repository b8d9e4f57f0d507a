/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.impl.ViasRuntime.ConnectedBridge;

class BridgeTrackerTest {
    private static final Predicate<String> MANAGES_BR0 = "br0"::equals;
    private static final String NODE = "openflow:1";

    private static Optional<BridgeInventory.Observed> seen(final String name, final Map<String, Long> ports,
            final String mac) {
        return BridgeInventory.observe(InventoryNodes.bridge(NODE, name, mac, ports));
    }

    @Test
    void readsNamePortsAndLocalMacFromTheInventoryNode() {
        final BridgeInventory.Observed observed = seen("br0", Map.of("uplink", 1L, "vnet0", 7L),
            "aa:bb:cc:00:00:01").orElseThrow();
        assertEquals("br0", observed.name());
        // LOCAL has no port number: left out
        assertEquals(Map.of("uplink", 1L, "vnet0", 7L), observed.ports());
        assertEquals("aa:bb:cc:00:00:01", observed.localMac());
    }

    @Test
    void aNodeThatIsNoSwitchOrIsGoneIsNoBridge() {
        assertTrue(BridgeInventory.observe(InventoryNodes.notASwitch(NODE)).isEmpty());
        assertTrue(BridgeInventory.observe(null).isEmpty());
    }

    @Test
    void connectsPortChangesAndDisconnects() {
        final BridgeTracker tracker = new BridgeTracker();
        assertEquals(BridgeTracker.Change.CONNECTED, tracker.update(NODE, seen("br0", Map.of("uplink", 1L), null),
            MANAGES_BR0));
        final ConnectedBridge connected = tracker.get(NODE).orElseThrow();
        assertTrue(connected.managed());
        assertEquals(Optional.of(1L), connected.portNumber("uplink"));
        assertNull(connected.localMac());

        // statistics or counters changed: nothing VIAS follows
        assertEquals(BridgeTracker.Change.NONE, tracker.update(NODE, seen("br0", Map.of("uplink", 1L), null),
            MANAGES_BR0));
        assertEquals(BridgeTracker.Change.PORTS_CHANGED, tracker.update(NODE,
            seen("br0", Map.of("uplink", 1L, "vnet0", 2L), null), MANAGES_BR0));
        assertEquals(Optional.of(2L), tracker.get(NODE).orElseThrow().portNumber("vnet0"));
        assertEquals(BridgeTracker.Change.PORTS_CHANGED, tracker.update(NODE,
            seen("br0", Map.of("uplink", 1L, "vnet0", 2L), "aa:bb:cc:00:00:02"), MANAGES_BR0));

        assertEquals(BridgeTracker.Change.DISCONNECTED, tracker.update(NODE, Optional.empty(), MANAGES_BR0));
        assertTrue(tracker.all().isEmpty());
        assertEquals(BridgeTracker.Change.NONE, tracker.update(NODE, Optional.empty(), MANAGES_BR0));
    }

    @Test
    void aPortChangeKeepsTheManagedFlagTheConfigSetButANewNameIsANewBridge() {
        final BridgeTracker tracker = new BridgeTracker();
        tracker.update(NODE, seen("br0", Map.of(), null), MANAGES_BR0);
        tracker.setManaged(NODE, false);
        tracker.update(NODE, seen("br0", Map.of("uplink", 1L), null), MANAGES_BR0);
        assertFalse(tracker.get(NODE).orElseThrow().managed());

        assertEquals(BridgeTracker.Change.CONNECTED, tracker.update(NODE, seen("br1", Map.of(), null),
            MANAGES_BR0));
        assertEquals("br1", tracker.get(NODE).orElseThrow().name());
        assertFalse(tracker.get(NODE).orElseThrow().managed());
    }

    @Test
    void setManagedOnlyTouchesConnectedBridgesAndNamesListsThoseWithOne() {
        final BridgeTracker tracker = new BridgeTracker();
        assertTrue(tracker.setManaged(NODE, true).isEmpty());
        assertTrue(tracker.all().isEmpty());
        tracker.update(NODE, seen("br0", Map.of(), null), name -> false);
        tracker.update("openflow:2", BridgeInventory.observe(InventoryNodes.bridge("openflow:2", null, null,
            Map.of())), name -> false);
        assertTrue(tracker.setManaged(NODE, true).orElseThrow().managed());
        assertEquals(List.of("br0"), List.copyOf(tracker.names()));
        assertEquals(List.of(NODE, "openflow:2"), List.copyOf(tracker.all().keySet()));
    }
}
