/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;

class RuntimeListenersTest {

    /** Records what it is told; throws on every bridge update when {@code failing}. */
    private static final class Recorder implements ViasRuntime.Listener {
        final List<String> heard = new ArrayList<>();
        final boolean failing;

        Recorder(final boolean failing) {
            this.failing = failing;
        }

        @Override
        public void configChanged(final Config config, final ViasSettings settings) {
            heard.add("config " + settings.equals(ViasSettings.DEFAULTS));
        }

        @Override
        public void bridgeUpdated(final ViasRuntime.ConnectedBridge bridge) {
            heard.add("bridge " + bridge.nodeId());
            if (failing) {
                throw new IllegalStateException("broken listener");
            }
        }

        @Override
        public void bridgeDisconnected(final String nodeId) {
            heard.add("gone " + nodeId);
        }
    }

    @Test
    void aNewListenerHearsTheConfigAndEveryBridgeFirst() {
        final RuntimeListeners listeners = new RuntimeListeners();
        final Recorder recorder = new Recorder(false);
        listeners.add(recorder, null, ViasSettings.DEFAULTS, List.of(
            new ViasRuntime.ConnectedBridge("openflow:1", "br0", true),
            new ViasRuntime.ConnectedBridge("openflow:2", "br1", false)));
        assertEquals(List.of("config true", "bridge openflow:1", "bridge openflow:2"), recorder.heard);
    }

    @Test
    void oneFailingListenerDoesNotKeepTheOthersFromHearingAndARemovedOneHearsNothing() {
        final RuntimeListeners listeners = new RuntimeListeners();
        final Recorder broken = new Recorder(true);
        final Recorder healthy = new Recorder(false);
        final Recorder removed = new Recorder(false);
        // the broken one throws during its own replay too: it stays registered, and so do the others
        listeners.add(broken, null, ViasSettings.DEFAULTS, List.of(
            new ViasRuntime.ConnectedBridge("openflow:1", "br0", true)));
        listeners.add(healthy, null, ViasSettings.DEFAULTS, List.of());
        listeners.add(removed, null, ViasSettings.DEFAULTS, List.of());
        listeners.remove(removed);

        final ViasRuntime.ConnectedBridge bridge = new ViasRuntime.ConnectedBridge("openflow:3", "br2", true);
        listeners.notify(listener -> listener.bridgeUpdated(bridge));
        listeners.notify(listener -> listener.bridgeDisconnected("openflow:3"));

        assertEquals(List.of("config true", "bridge openflow:1", "bridge openflow:3", "gone openflow:3"),
            broken.heard);
        assertEquals(List.of("config true", "bridge openflow:3", "gone openflow:3"), healthy.heard);
        assertEquals(List.of("config true"), removed.heard);
    }
}
