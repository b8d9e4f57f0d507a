/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.rules.MacAddress;

class NextHopsTest {
    static final List<String> ROUTES = List.of(
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
        "eth0\t00000000\t0100A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0",
        "eth0\t0000A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0",
        "br1\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
        "down0\t000300C0\t00000000\t0000\t0\t0\t0\t00FFFFFF\t0\t0\t0",
        "garbage line");
    static final List<String> ARP = List.of(
        "IP address       HW type     Flags       HW address            Mask     Device",
        "192.168.0.1      0x1         0x2         52:54:00:12:34:56     *        eth0",
        "192.0.2.2        0x1         0x2         02:00:00:00:00:B1     *        br1",
        "192.0.2.9        0x1         0x0         00:00:00:00:00:00     *        br1",
        "not an entry");

    @Test
    void onLinkAddressResolvesToItsOwnMac() {
        final NextHops hops = new NextHops(() -> ROUTES, () -> ARP);
        assertEquals(Ipv4.parse("192.0.2.2"), hops.nextHopAddress(Ipv4.parse("192.0.2.2")));
        assertEquals(Optional.of(MacAddress.of("02:00:00:00:00:b1")), hops.resolve(Ipv4.parse("192.0.2.2")));
    }

    @Test
    void offLinkAddressResolvesToTheGatewaysMac() {
        final NextHops hops = new NextHops(() -> ROUTES, () -> ARP);
        assertEquals(Ipv4.parse("192.168.0.1"), hops.nextHopAddress(Ipv4.parse("203.0.113.7")));
        assertEquals(Optional.of(MacAddress.of("52:54:00:12:34:56")), hops.resolve(Ipv4.parse("203.0.113.7")));
    }

    @Test
    void incompleteEntriesAndDownRoutesAreIgnored() {
        final NextHops hops = new NextHops(() -> ROUTES, () -> ARP);
        assertEquals(Optional.empty(), hops.resolve(Ipv4.parse("192.0.2.9")));
        // 192.0.3.0/24 is down: the default route's gateway is the next hop.
        assertEquals(Ipv4.parse("192.168.0.1"), hops.nextHopAddress(Ipv4.parse("192.0.3.5")));
        assertEquals(2, NextHops.parseArp(ARP).size());
        assertEquals(3, NextHops.parseRoutes(ROUTES).size());
    }
}
