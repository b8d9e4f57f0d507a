/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.nat.HostPortProbe;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.bypass.PortReservation.Reservation;
import org.opendaylight.vias.overlay.ice.NatBehaviour;
import org.opendaylight.vias.overlay.ice.SelectedPath;
import org.opendaylight.vias.overlay.meter.FlowKey;

class PathMappingTest {
    private static final InetSocketAddress BASE = new InetSocketAddress("10.201.0.2", 50123);
    private static final InetSocketAddress PEER = new InetSocketAddress("203.0.113.12", 50999);
    private static final FlowKey TCP = FlowKey.tcp("10.0.0.1", 5001, "10.0.0.2", 5201);

    private static SelectedPath path(final InetSocketAddress reflexive) {
        return new SelectedPath("host", BASE, "srflx", PEER, BASE, reflexive);
    }

    @Test
    void oneToOneNatAnnouncesThePublicAddressAndKeepsOurOwn() {
        final PathMapping m = PathMapping.of(path(new InetSocketAddress("203.0.113.11", 50123)), Optional.empty())
            .orElseThrow();
        assertEquals(new PathMapping(Ipv4.parse("10.201.0.2"), Ipv4.parse("203.0.113.11"),
            NatBehaviour.PORT_PRESERVING), m);
        assertTrue(m.predictable());
        assertEquals("port-preserving 203.0.113.11 for 10.201.0.2", m.toString());
    }

    @Test
    void noStunAnswerAnnouncesOurOwnAddress() {
        final PathMapping m = PathMapping.of(path(null), Optional.empty()).orElseThrow();
        assertEquals(PathMapping.direct(Ipv4.parse("10.201.0.2")), m);
        assertTrue(m.predictable());
    }

    @Test
    void portChangingNatIsUnpredictable() {
        final PathMapping m = PathMapping.of(path(new InetSocketAddress("203.0.113.11", 61000)), Optional.empty())
            .orElseThrow();
        assertEquals(NatBehaviour.PORT_CHANGING, m.nat());
        assertFalse(m.predictable());
    }

    @Test
    void relayedPathIsUnpredictableOnBothSides() {
        // The symmetric side: its selected candidate is relayed, its "base" the relay's address on the TURN server.
        final InetSocketAddress relay = new InetSocketAddress("10.220.0.1", 49152);
        final PathMapping relayedHere = PathMapping.of(new SelectedPath("relay", relay, "srflx", PEER, relay, null),
            Optional.empty()).orElseThrow();
        assertEquals(NatBehaviour.RELAYED, relayedHere.nat());
        assertFalse(relayedHere.predictable());
        assertEquals("relayed: no direct path", relayedHere.toString());
        // The other side: its own host candidate, port-preserving, but the pair ends at the peer's relay.
        final PathMapping relayedThere = PathMapping.of(new SelectedPath("host", BASE, "relay", relay, BASE,
            new InetSocketAddress("203.0.113.11", 50123)), Optional.empty()).orElseThrow();
        assertFalse(relayedThere.predictable());
        final BypassPorts ports = new BypassPorts(50000, 50010, HostPortProbe.none(), InstantSource.system(),
            flow -> Optional.of(relayedHere), () -> true);
        assertFalse(ports.mappingPredictable(TCP));
    }

    @Test
    void configuredUnderlayAddressReplacesTheBase() {
        final PathMapping m = PathMapping.of(path(new InetSocketAddress("203.0.113.11", 50123)),
            Optional.of(Ipv4.parse("10.201.0.9"))).orElseThrow();
        assertEquals(Ipv4.parse("10.201.0.9"), m.underlayIp());
        assertEquals(Ipv4.parse("203.0.113.11"), m.publicIp());
    }

    @Test
    void portsAnnounceThePublicEndpointAndRefuseUnpredictableNats() {
        final PathMapping oneToOne = new PathMapping(Ipv4.parse("10.201.0.2"), Ipv4.parse("203.0.113.11"),
            NatBehaviour.PORT_PRESERVING);
        final BypassPorts ports = new BypassPorts(50000, 50010, HostPortProbe.none(), InstantSource.system(),
            flow -> Optional.of(oneToOne), () -> true);
        final Reservation r = ports.reserve(1, TCP).orElseThrow();
        assertEquals(Ipv4.parse("203.0.113.11"), r.endpoint().ip());
        assertEquals(r.allocatedPort(), r.endpoint().port());
        assertEquals(Ipv4.parse("10.201.0.2"), r.underlayIp());
        assertTrue(ports.mappingPredictable(TCP));
        final BypassPorts symmetric = new BypassPorts(50000, 50010, HostPortProbe.none(), InstantSource.system(),
            flow -> Optional.of(new PathMapping(Ipv4.parse("10.201.0.2"), Ipv4.parse("10.201.0.2"),
                NatBehaviour.PORT_CHANGING)), () -> true);
        assertFalse(symmetric.mappingPredictable(TCP));
    }

    @Test
    void aNatNotDeclaredOneToOneNeedsThePathOpenedAndNoNatNeedsNothing() {
        // STUN shows a port-restricted (filtering) NAT exactly as a one-to-one one: port-preserving, another address
        final PathMapping behindNat = new PathMapping(Ipv4.parse("10.201.0.2"), Ipv4.parse("203.0.113.11"),
            NatBehaviour.PORT_PRESERVING);
        final BypassPorts undeclared = new BypassPorts(50000, 50010, HostPortProbe.none(), InstantSource.system(),
            flow -> Optional.of(behindNat), () -> false);
        assertTrue(undeclared.mappingPredictable(TCP));
        assertTrue(undeclared.needsOpening(TCP));
        final BypassPorts declared = new BypassPorts(50000, 50010, HostPortProbe.none(), InstantSource.system(),
            flow -> Optional.of(behindNat), () -> true);
        assertTrue(declared.mappingPredictable(TCP));
        assertFalse(declared.needsOpening(TCP));
        final PathMapping noNat = new PathMapping(Ipv4.parse("10.201.0.2"), Ipv4.parse("10.201.0.2"),
            NatBehaviour.NONE);
        final BypassPorts none = new BypassPorts(50000, 50010, HostPortProbe.none(), InstantSource.system(),
            flow -> Optional.of(noNat), () -> false);
        assertTrue(none.mappingPredictable(TCP));
        assertFalse(none.needsOpening(TCP));
    }
}
