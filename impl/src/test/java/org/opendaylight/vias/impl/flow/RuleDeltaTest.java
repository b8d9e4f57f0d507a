/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.impl.bypass.BypassRules;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.bypass.BypassPath;
import org.opendaylight.vias.overlay.bypass.PortReservation.Reservation;
import org.opendaylight.vias.overlay.bypass.UnderlayEndpoint;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.MacAddress;

class RuleDeltaTest {
    private static final Uid PEER = Uid.parse("00000000000000000000000000000000000000b2");
    private static final MacAddress VM = MacAddress.of("02:00:00:00:10:01");

    /** The inbound rule of bypass {@code id}; its match depends only on the ports, not on the id. */
    private static FlowRule inbound(final long id, final int localPort, final MacAddress vm) {
        final BypassPath path = new BypassPath(id, PEER, BypassPath.Role.REQUESTER,
            FlowKey.tcp("10.0.0.1", 5001, "10.0.0.2", 5201),
            new Reservation(UnderlayEndpoint.of("192.0.2.1", localPort), localPort),
            new Reservation(UnderlayEndpoint.of("192.0.2.2", 30001), 30001));
        return BypassRules.inbound(path, 3, vm, 102, 30);
    }

    private static Map<Long, RuleDelta.Placed> placed(final FlowRule... rules) {
        final Map<Long, RuleDelta.Placed> out = new HashMap<>();
        for (FlowRule rule : rules) {
            out.put(rule.cookie().value(), RuleDelta.Placed.of(rule));
        }
        return out;
    }

    @Test
    void nothingToDoWhenTheSwitchHoldsWhatIsWanted() {
        final FlowRule rule = inbound(7, 30000, VM);
        assertTrue(RuleDelta.between(placed(rule), List.of(rule)).isEmpty());
    }

    @Test
    void aNewerBypassWithTheSameMatchIsAddedAndTheOldOneRemovedByItsOwnCookie() {
        // Bypass 7 ended, bypass 8 of the same flow got the same ports: identical match, other cookie.
        final FlowRule old = inbound(7, 30000, VM);
        final FlowRule next = inbound(8, 30000, VM);
        assertEquals(old.match(), next.match());
        final RuleDelta delta = RuleDelta.between(placed(old), List.of(next));
        assertEquals(List.of(next), delta.additions());
        assertEquals(List.of(RuleDelta.Placed.of(old)), delta.removals());
        assertTrue(delta.removals().get(0).cookie() != next.cookie().value());
    }

    @Test
    void changedActionsOnTheSameMatchAreOneAddWhichReplacesTheRule() {
        final FlowRule before = inbound(7, 30000, VM);
        final FlowRule after = inbound(7, 30000, MacAddress.of("02:00:00:00:10:02"));
        final RuleDelta delta = RuleDelta.between(placed(before), List.of(after));
        assertEquals(List.of(after), delta.additions());
        assertEquals(List.of(), delta.removals());
    }

    @Test
    void aChangedMatchUnderTheSameCookieRemovesTheOldRuleFirst() {
        final FlowRule before = inbound(7, 30000, VM);
        final FlowRule after = inbound(7, 30002, VM);
        final RuleDelta delta = RuleDelta.between(placed(before), List.of(after));
        assertEquals(List.of(after), delta.additions());
        assertEquals(List.of(RuleDelta.Placed.of(before)), delta.removals());
    }

    @Test
    void rulesOnlySeenOnTheSwitchAreKeptWhenWantedAndRemovedByCookieWhenNot() {
        final FlowRule kept = inbound(7, 30000, VM);
        final FlowRule ended = inbound(9, 30004, VM);
        final Map<Long, RuleDelta.Placed> found = new HashMap<>();
        found.put(kept.cookie().value(), new RuleDelta.Placed((short) 10, kept.cookie().value(), null));
        found.put(ended.cookie().value(), new RuleDelta.Placed((short) 10, ended.cookie().value(), null));
        final RuleDelta delta = RuleDelta.between(found, List.of(kept));
        assertEquals(List.of(), delta.additions());
        assertEquals(List.of(new RuleDelta.Placed((short) 10, ended.cookie().value(), null)), delta.removals());
    }

    @Test
    void twoWantedRulesWithOneCookieAreRefused() {
        final FlowRule rule = inbound(7, 30000, VM);
        assertThrows(IllegalArgumentException.class,
            () -> RuleDelta.between(Map.of(), List.of(rule, inbound(7, 30002, VM))));
    }
}
