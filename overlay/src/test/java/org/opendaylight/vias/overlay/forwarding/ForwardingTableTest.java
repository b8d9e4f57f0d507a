/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.forwarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Frames;
import org.opendaylight.vias.overlay.Uid;

class ForwardingTableTest {
    private static final Uid P1 = Uid.parse("1111111111111111111111111111111111111111");
    private static final Uid P2 = Uid.parse("2222222222222222222222222222222222222222");

    @Test
    void switchFloodsGroupAndUnknownAndUnicastsLearned() {
        final AtomicLong now = new AtomicLong(1000);
        final SwitchTable table = new SwitchTable(300_000, now::get);
        final byte[] arp = Frames.ethernet(Frames.BROADCAST, Frames.mac(1), 0x0806, 28);
        final byte[] ipv6Nd = Frames.ethernet(new byte[] {0x33, 0x33, -1, 0, 0, 1}, Frames.mac(1), 0x86dd, 72);
        final byte[] mdns = Frames.ethernet(new byte[] {1, 0, 0x5e, 0, 0, (byte) 0xfb}, Frames.mac(1), 0x0800, 60);
        final byte[] toMac9 = Frames.ethernet(Frames.mac(9), Frames.mac(1), 0x0800, 60);
        assertSame(ForwardingTable.FLOOD, table.destinationOf(arp, 0, arp.length));
        assertSame(ForwardingTable.FLOOD, table.destinationOf(ipv6Nd, 0, ipv6Nd.length));
        assertSame(ForwardingTable.FLOOD, table.destinationOf(mdns, 0, mdns.length));
        assertSame(ForwardingTable.FLOOD, table.destinationOf(toMac9, 0, toMac9.length), "unknown unicast floods");

        final byte[] fromMac9 = Frames.ethernet(Frames.mac(1), Frames.mac(9), 0x0800, 60);
        table.learn(fromMac9, 0, fromMac9.length, P2);
        assertEquals(P2, table.destinationOf(toMac9, 0, toMac9.length));
        assertSame(ForwardingTable.FLOOD, table.destinationOf(arp, 0, arp.length), "broadcast still floods");

        // a MAC that moves follows its new peer
        table.learn(fromMac9, 0, fromMac9.length, P1);
        assertEquals(P1, table.destinationOf(toMac9, 0, toMac9.length));

        // aging
        now.addAndGet(300_001);
        assertSame(ForwardingTable.FLOOD, table.destinationOf(toMac9, 0, toMac9.length));
        table.learn(fromMac9, 0, fromMac9.length, P1);
        assertEquals(P1, table.destinationOf(toMac9, 0, toMac9.length));

        table.forget(P1);
        assertSame(ForwardingTable.FLOOD, table.destinationOf(toMac9, 0, toMac9.length));
        assertEquals(0, table.size());
    }

    @Test
    void switchNeverLearnsGroupSourceAddresses() {
        final SwitchTable table = new SwitchTable(300_000, () -> 0);
        final byte[] bogus = Frames.ethernet(Frames.mac(1), Frames.BROADCAST, 0x0800, 60);
        table.learn(bogus, 0, bogus.length, P1);
        assertEquals(0, table.size());
    }

    @Test
    void routerLongestPrefixMatchAndFloodsNonIp() {
        final RouteTable table = new RouteTable(List.of(RouteTable.Route.parse("10.1.0.0/16", P1),
            RouteTable.Route.parse("10.1.2.0/24", P2)));
        final byte[] to123 = Frames.ipv4(Frames.mac(2), Frames.mac(1), 0x0a000001, 0x0a010203, 60, false);
        final byte[] to193 = Frames.ipv4(Frames.mac(2), Frames.mac(1), 0x0a000001, 0x0a010903, 60, false);
        final byte[] toOther = Frames.ipv4(Frames.mac(2), Frames.mac(1), 0x0a000001, 0x0b000001, 60, false);
        final byte[] arp = Frames.ethernet(Frames.BROADCAST, Frames.mac(1), 0x0806, 28);
        assertEquals(P2, table.destinationOf(to123, 0, to123.length));
        assertEquals(P1, table.destinationOf(to193, 0, to193.length));
        assertNull(table.destinationOf(toOther, 0, toOther.length));
        assertSame(ForwardingTable.FLOOD, table.destinationOf(arp, 0, arp.length));
    }
}
