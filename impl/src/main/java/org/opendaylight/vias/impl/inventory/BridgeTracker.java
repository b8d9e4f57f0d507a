/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.inventory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.opendaylight.vias.impl.ViasRuntime.ConnectedBridge;

/**
 * The bridges connected over OpenFlow, and what each inventory change means for them: connected, ports changed,
 * disconnected, or nothing to do. Pure (no ODL I/O); safe to read from any thread, updated by one.
 */
public final class BridgeTracker {

    /** What an inventory change means. */
    public enum Change {
        /** Newly connected, or connected under another name: its pipeline is written and listeners told. */
        CONNECTED,
        /** Its port numbers or LOCAL MAC changed: rules naming ports must be rewritten. */
        PORTS_CHANGED,
        DISCONNECTED,
        NONE
    }

    private final Map<String, ConnectedBridge> bridges = new ConcurrentHashMap<>();

    /**
     * Takes in what the inventory now shows of node {@code nodeId}.
     *
     * @param observed the bridge as its node shows it, or empty when the node is gone or not an OpenFlow switch
     * @param manages  whether the config in force manages a bridge of that name (for a newly connected bridge)
     */
    public Change update(final String nodeId, final Optional<BridgeInventory.Observed> observed,
            final Predicate<String> manages) {
        if (observed.isEmpty()) {
            return bridges.remove(nodeId) != null ? Change.DISCONNECTED : Change.NONE;
        }
        final BridgeInventory.Observed now = observed.orElseThrow();
        final ConnectedBridge previous = bridges.get(nodeId);
        if (previous == null || !Objects.equals(previous.name(), now.name())) {
            bridges.put(nodeId, new ConnectedBridge(nodeId, now.name(), manages.test(now.name()), now.ports(),
                now.localMac()));
            return Change.CONNECTED;
        }
        if (!previous.ports().equals(now.ports()) || !Objects.equals(previous.localMac(), now.localMac())) {
            bridges.put(nodeId, new ConnectedBridge(nodeId, now.name(), previous.managed(), now.ports(),
                now.localMac()));
            return Change.PORTS_CHANGED;
        }
        return Change.NONE;
    }

    /** Sets whether VIAS manages bridge {@code nodeId} (the config may have changed); empty when not connected. */
    public Optional<ConnectedBridge> setManaged(final String nodeId, final boolean managed) {
        return Optional.ofNullable(bridges.computeIfPresent(nodeId,
            (id, old) -> new ConnectedBridge(id, old.name(), managed, old.ports(), old.localMac())));
    }

    public Optional<ConnectedBridge> get(final String nodeId) {
        return Optional.ofNullable(bridges.get(nodeId));
    }

    /** Connected bridges by node id, sorted. */
    public Map<String, ConnectedBridge> all() {
        return new TreeMap<>(bridges);
    }

    /** The names of the connected bridges that report one. */
    public Collection<String> names() {
        final List<String> names = new ArrayList<>();
        for (ConnectedBridge bridge : bridges.values()) {
            if (bridge.name() != null) {
                names.add(bridge.name());
            }
        }
        return names;
    }
}
