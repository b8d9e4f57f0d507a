/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.bypass.BypassPath;
import org.opendaylight.vias.overlay.bypass.PortReservation.Reservation;
import org.opendaylight.vias.overlay.bypass.UnderlayEndpoint;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.rules.MacAddress;

class AgreedStoreTest {
    private static final FlowKey FLOW = FlowKey.tcp("10.0.0.1", 5001, "10.0.0.2", 5201);

    @Test
    void aBypassBehindANatKeepsItsOwnAddressAcrossARestart() {
        final AgreedStore.Stored stored = new AgreedStore.Stored(new BypassPath(7, BypassRulesTest.PEER,
            BypassPath.Role.RESPONDER, FLOW,
            new Reservation(UnderlayEndpoint.of("203.0.113.11", 50000), 50000, Ipv4.parse("10.201.0.2")),
            new Reservation(UnderlayEndpoint.of("203.0.113.12", 50001), 50001)), MacAddress.of("02:00:00:00:10:01"));
        assertEquals(stored, AgreedStore.decode(AgreedStore.encode(stored)));
    }

    @Test
    void aV1LineHadItsOwnAddressInTheEndpoint() {
        final String v1 = "v1 7 " + BypassRulesTest.PEER + " REQUESTER 6 " + Integer.toUnsignedString(FLOW.srcIp())
            + " 5001 " + Integer.toUnsignedString(FLOW.dstIp()) + " 5201 "
            + Integer.toUnsignedString(Ipv4.parse("192.0.2.1")) + " 50000 50000 "
            + Integer.toUnsignedString(Ipv4.parse("192.0.2.2")) + " 50001 50001 -";
        final BypassPath path = AgreedStore.decode(v1).path();
        assertEquals(Ipv4.parse("192.0.2.1"), path.local().underlayIp());
        assertEquals(new Reservation(UnderlayEndpoint.of("192.0.2.1", 50000), 50000), path.local());
    }
}
