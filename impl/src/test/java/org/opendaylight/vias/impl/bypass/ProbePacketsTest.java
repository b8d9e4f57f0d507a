/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.nat.Checksums;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.bypass.BypassPath;
import org.opendaylight.vias.overlay.bypass.PathProbe;
import org.opendaylight.vias.overlay.bypass.PortReservation.Reservation;
import org.opendaylight.vias.overlay.bypass.RuleDirection;
import org.opendaylight.vias.overlay.bypass.UnderlayEndpoint;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.MacAddress;
import org.opendaylight.vias.rules.OfctlFormat;

class ProbePacketsTest {
    private static final MacAddress LOCAL = MacAddress.of("02:00:00:00:00:a1");
    private static final MacAddress NEXT = MacAddress.of("02:00:00:00:00:01");

    private static BypassPath path(final FlowKey flow) {
        // our own address behind a NAT, the peer's public endpoint
        final Reservation local = new Reservation(UnderlayEndpoint.of("203.0.113.1", 30001), 30001,
            org.opendaylight.vias.overlay.Ipv4.parse("10.201.0.2"));
        final Reservation remote = new Reservation(UnderlayEndpoint.of("203.0.113.2", 30007), 30007);
        return new BypassPath(42, Uid.of(new byte[Uid.LENGTH]), BypassPath.Role.REQUESTER, flow, local, remote);
    }

    @Test
    void tcpAndUdpProbesCarryTheBypassFiveTupleTheMarkAndValidChecksums() {
        for (FlowKey flow : new FlowKey[] {FlowKey.tcp("192.168.1.2", 40000, "192.168.2.3", 5201),
            FlowKey.udp("192.168.1.2", 40000, "192.168.2.3", 5201)}) {
            final byte[] f = ProbePackets.frame(path(flow), new PathProbe(42, true), LOCAL, NEXT);
            assertEquals(NEXT, MacAddress.of(f, 0));
            assertEquals(LOCAL, MacAddress.of(f, 6));
            assertEquals(PathProbe.DSCP, (f[15] & 0xff) >>> 2);
            assertEquals(flow.protocol(), f[23] & 0xff);
            assertEquals(org.opendaylight.vias.overlay.Ipv4.parse("10.201.0.2"), Checksums.u32(f, 26));
            assertEquals(org.opendaylight.vias.overlay.Ipv4.parse("203.0.113.2"), Checksums.u32(f, 30));
            assertEquals(30001, Checksums.u16(f, 34));
            assertEquals(30007, Checksums.u16(f, 36));
            assertTrue(Checksums.verifies(f, 14, 20), "IP header checksum");
            final int l4Length = f.length - 34;
            final byte[] pseudo = new byte[12 + l4Length];
            System.arraycopy(f, 26, pseudo, 0, 8);
            pseudo[9] = (byte) flow.protocol();
            Checksums.putU16(pseudo, 10, l4Length);
            System.arraycopy(f, 34, pseudo, 12, l4Length);
            assertTrue(Checksums.verifies(pseudo, 0, pseudo.length), "L4 checksum of " + flow);
            assertEquals(new PathProbe(42, true), ProbePackets.parse(f).orElseThrow());
        }
    }

    @Test
    void framesThatAreNoProbeAreDropped() {
        final byte[] f = ProbePackets.frame(path(FlowKey.udp("192.168.1.2", 40000, "192.168.2.3", 5201)),
            new PathProbe(42, false), LOCAL, NEXT);
        final byte[] unmarked = f.clone();
        unmarked[15] = 0;
        assertTrue(ProbePackets.parse(unmarked).isEmpty());
        assertTrue(ProbePackets.parse(java.util.Arrays.copyOf(f, f.length - 1)).isEmpty());
        assertTrue(ProbePackets.parse(new byte[0]).isEmpty());
        assertTrue(ProbePackets.parse(null).isEmpty());
        final Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            final byte[] junk = f.clone();
            junk[14 + random.nextInt(junk.length - 14)] = (byte) random.nextInt();
            ProbePackets.parse(junk);
            final byte[] noise = new byte[random.nextInt(80)];
            random.nextBytes(noise);
            ProbePackets.parse(noise);
        }
    }

    @Test
    void theProbeRuleMatchesTheInboundFiveTupleAndTheMarkAboveTheInboundRule() {
        final BypassPath path = path(FlowKey.tcp("192.168.1.2", 40000, "192.168.2.3", 5201));
        final FlowRule probe = BypassRules.probe(path, 3, 100);
        final FlowRule inbound = BypassRules.inbound(path, 3, MacAddress.of("02:00:00:00:01:02"), 100, 30);
        assertEquals(inbound.priority() + 1, probe.priority());
        assertEquals(RuleDirection.PROBE, BypassRules.direction(probe.cookie().purpose()));
        assertEquals("cookie=0x56a508000000002a,table=10,priority=101,tcp,in_port=3,nw_src=203.0.113.2,"
            + "nw_dst=10.201.0.2,tp_src=30007,tp_dst=30001,nw_tos=252 actions=CONTROLLER:65535",
            OfctlFormat.rule(probe));
        assertEquals(inbound.match().toBuilder().ipDscp(PathProbe.DSCP).build(), probe.match());
    }
}
