/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import java.util.concurrent.CompletionStage;

/**
 * Programs the local switch; the controller implements it with OpenFlowPlugin. Each rule carries a cookie made of
 * the VIAS marker, the direction's purpose and {@link BypassPath#id()}, an idle timeout, and asks for flow-removed
 * (reported back as {@link BypassNegotiator#ruleRemoved}). ARP, ICMP, multicast and broadcast must never match.
 *
 * <p>The negotiator orders calls so no packet is lost: a node installs INBOUND before its peer may send on the
 * underlay, and removes OUTBOUND before INBOUND. A returned stage completes when the switch has the change (barrier);
 * it may complete on any thread. Install and remove of the same rule must be idempotent.
 */
public interface RuleInstaller {
    CompletionStage<Void> install(BypassPath path, RuleDirection direction);

    CompletionStage<Void> remove(BypassPath path, RuleDirection direction);

    /** Removes both rules of a bypass the negotiator does not know (found by {@link BypassNegotiator#reconcile}). */
    CompletionStage<Void> removeOrphan(long id);

    /**
     * Sends one path probe on the bypass's 5-tuple out of the uplink (a packet-out; best effort, never blocks). Only
     * called for bypasses through filtering NATs.
     */
    void sendProbe(BypassPath path, PathProbe probe);
}
