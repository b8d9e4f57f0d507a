/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ViasRuntime.Listener}s and the calls to them: a new one is first told the current config and bridges;
 * one that throws is logged and the others are still called (one failing component must not stop the NAT or the
 * bypass from hearing of a change). Called on the manager's thread.
 */
final class RuntimeListeners {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeListeners.class);

    private final List<ViasRuntime.Listener> listeners = new CopyOnWriteArrayList<>();

    /** Adds {@code listener} after replaying {@code config} and every bridge to it. */
    void add(final ViasRuntime.Listener listener, final Config config, final ViasSettings settings,
            final Collection<ViasRuntime.ConnectedBridge> bridges) {
        listeners.add(listener);
        callSafely(listener, l -> l.configChanged(config, settings));
        for (ViasRuntime.ConnectedBridge bridge : bridges) {
            callSafely(listener, l -> l.bridgeUpdated(bridge));
        }
    }

    void remove(final ViasRuntime.Listener listener) {
        listeners.remove(listener);
    }

    void notify(final Consumer<ViasRuntime.Listener> call) {
        for (ViasRuntime.Listener listener : listeners) {
            callSafely(listener, call);
        }
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private static void callSafely(final ViasRuntime.Listener listener, final Consumer<ViasRuntime.Listener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("VIAS: listener {} failed", listener, e);
        }
    }
}
