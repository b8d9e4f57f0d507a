/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowRule;

/**
 * What the VIAS controller application offers to its console commands and to the components that add rules
 * (bypass, NAT): the effective config, the connected bridges, and rule installation by purpose.
 */
public interface ViasRuntime {

    /** A rule VIAS owns on a bridge as the switch reports it (OPERATIONAL inventory with flow statistics). */
    record OwnedFlow(String nodeId, short tableId, String name, int priority, long cookie, long packets,
            long bytes, String rendered) {
    }

    /** A bridge connected over OpenFlow. */
    record ConnectedBridge(String nodeId, String name, boolean managed) {
    }

    ViasSettings settings();

    /** Connected bridges by node id. */
    Map<String, ConnectedBridge> bridges();

    /**
     * Makes the VIAS rules of the given purposes on bridge {@code nodeId} exactly {@code rules}: writes them to the
     * CONFIG inventory (the Forwarding Rules Manager pushes them and re-pushes after a reconnect) and deletes the
     * rules of those purposes that are not in the list. Every rule's cookie purpose must be in {@code purposes}.
     */
    void replaceRules(String nodeId, Set<Cookie.Purpose> purposes, List<FlowRule> rules) throws Exception;

    /** The VIAS rules (cookie marker 0x56A5) currently on each connected bridge, with counters. */
    List<OwnedFlow> ownedFlows() throws Exception;

    /** Recomputes and rewrites the base pipeline on every connected bridge. */
    void reinstallPipeline();

    /** VIAS bundle version. */
    String version();
}
