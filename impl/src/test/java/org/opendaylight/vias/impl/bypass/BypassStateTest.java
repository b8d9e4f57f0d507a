/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.bypass.BypassCounters;
import org.opendaylight.vias.overlay.bypass.BypassState;
import org.opendaylight.vias.overlay.bypass.MessageType;
import org.opendaylight.vias.overlay.bypass.Refusal;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Path;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.Flow;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.bypass.counters.RefusedKey;

/** What operational state and the flow ids look like. */
class BypassStateTest {
    static final Uid PEER = Uid.parse("00000000000000000000000000000000000000b2");

    @Test
    void flowViewBecomesTheStateFlowEntry() {
        final FlowKey flow = FlowKey.udp("10.0.0.1", 4000, "10.0.0.2", 5000);
        final Flow entry = BypassService.toFlow(new BypassEngine.FlowView(BypassEngine.flowId(flow), flow, PEER, true,
            42, BypassState.ACTIVE, null, 2_500_000, 1000, 1_200_000, 3500, 1_700_000_000_000L,
            new BypassEngine.SetupSteps(1_700_000_000_100L, 1_700_000_000_300L, 1_700_000_000_400L)));
        assertEquals("udp:10.0.0.1:4000>10.0.0.2:5000", entry.getId());
        assertEquals(Flow.Protocol.Udp, entry.getProtocol());
        assertEquals("10.0.0.2", entry.getDestinationAddress().getValue());
        assertEquals(5000, entry.getDestinationPort().getValue().intValue());
        assertEquals(Path.Bypass, entry.getPath());
        assertEquals(42, entry.getBypassId().longValue());
        assertEquals("active", entry.getBypassState());
        assertEquals(2_500_000, entry.getRateBytesPerSecond().longValue());
        assertEquals(1_200_000, entry.getBytes().getValue().longValue());
        assertEquals(400, entry.getActiveAt().longValue() - entry.getDetectedAt().longValue());
        assertEquals(100, entry.getRequestedAt().longValue() - entry.getDetectedAt().longValue());
        assertEquals(300, entry.getAcceptedAt().longValue() - entry.getDetectedAt().longValue());
        assertEquals(PEER.toString(), entry.getPeerUid().getValue());
        assertNull(entry.getReason());
    }

    @Test
    void countersListEveryRefusalReason() {
        final BypassCounters.Snapshot snapshot = new BypassCounters.Snapshot(Map.of(MessageType.REQUEST, 3L),
            Map.of(MessageType.ACCEPT, 2L), Map.of(), Map.of(Refusal.REPLAYED, 4L, Refusal.WRONG_PEER, 1L), 0, 2, 1,
            0, 1, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0);
        final org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.BypassCounters counters =
            BypassService.toCounters(snapshot, 5, 7);
        assertEquals(3, counters.getRequestsSent().getValue().longValue());
        assertEquals(2, counters.getAcceptsReceived().getValue().longValue());
        assertEquals(5, counters.getHeavyFlows().getValue().longValue());
        assertEquals(8, counters.getLeftToPeer().getValue().longValue());
        assertEquals(7, counters.getReportsDeferred().getValue().longValue());
        assertEquals(Refusal.values().length, counters.getRefused().size());
        assertEquals(4, counters.getRefused().get(new RefusedKey("replayed")).getCount().getValue().longValue());
        assertEquals(1, counters.getRefused().get(new RefusedKey("wrong-peer")).getCount().getValue().longValue());
        assertEquals(0, counters.getRefused().get(new RefusedKey("malformed")).getCount().getValue().longValue());
    }

    @Test
    void flowIdsParseInBothDirectionsAndBadOnesNameTheProblem() {
        final FlowKey flow = FlowKey.tcp("10.0.0.1", 5001, "10.0.0.2", 5201);
        assertEquals(flow, BypassEngine.parseFlowId(BypassEngine.flowId(flow)));
        assertThrows(IllegalArgumentException.class, () -> BypassEngine.parseFlowId("icmp:1.2.3.4:1>1.2.3.5:2"));
        assertThrows(IllegalArgumentException.class, () -> BypassEngine.parseFlowId("tcp:1.2.3.4>1.2.3.5:2"));
        assertThrows(IllegalArgumentException.class, () -> BypassEngine.parseFlowId("tcp:1.2.3.4:x>1.2.3.5:2"));
    }

    @Test
    void onlyBypassCookiesCountAsInstalledBypassRules() {
        assertEquals(List.of(new org.opendaylight.vias.overlay.bypass.InstalledRule(9,
                org.opendaylight.vias.overlay.bypass.RuleDirection.INBOUND)),
            BypassEngine.installedRules(List.of(Cookie.of(Cookie.Purpose.BYPASS_INBOUND, 9).value(),
                Cookie.of(Cookie.Purpose.PIPELINE, 1).value(), Cookie.of(Cookie.Purpose.NAT_INCOMING, 9).value(),
                0x1234L)));
    }
}
