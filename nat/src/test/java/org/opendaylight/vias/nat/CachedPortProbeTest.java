/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.opendaylight.vias.nat.Frames.ip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.rules.HostPort;

class CachedPortProbeTest {
    private static final int HOST = ip("10.0.0.1");
    private final MutableClock clock = new MutableClock();
    /** What the host uses now; changed by the tests. */
    private final Set<Integer> hostPorts = new HashSet<>(Set.of(5000));
    private final List<NatProtocol> asked = new ArrayList<>();
    private boolean failing;
    private final HostPortProbe host = (protocol, address) -> {
        asked.add(protocol);
        if (failing) {
            throw new UncheckedIOException(new IOException("no /proc"));
        }
        return Set.copyOf(hostPorts);
    };
    private final CachedPortProbe probe = new CachedPortProbe(host, Duration.ofMillis(500), clock);

    @Test
    void answersFromOneReadUntilItIsMaxAgeOld() {
        assertEquals(Set.of(5000), probe.portsInUse(NatProtocol.TCP, HOST));
        hostPorts.add(5001);
        clock.advance(Duration.ofMillis(499));
        assertEquals(Set.of(5000), probe.portsInUse(NatProtocol.TCP, HOST));
        assertEquals(1, probe.reads());
        clock.advance(Duration.ofMillis(1));
        assertEquals(Set.of(5000, 5001), probe.portsInUse(NatProtocol.TCP, HOST));
        assertEquals(2, probe.reads());
    }

    @Test
    void eachProtocolAndAddressHasItsOwnSnapshot() {
        probe.portsInUse(NatProtocol.TCP, HOST);
        probe.portsInUse(NatProtocol.UDP, HOST);
        probe.portsInUse(NatProtocol.TCP, ip("10.0.0.2"));
        probe.portsInUse(NatProtocol.TCP, HOST);
        assertEquals(List.of(NatProtocol.TCP, NatProtocol.UDP, NatProtocol.TCP), asked);
    }

    @Test
    void aFailedReadIsNotCachedAndPropagates() {
        failing = true;
        assertThrows(UncheckedIOException.class, () -> probe.portsInUse(NatProtocol.TCP, HOST));
        failing = false;
        assertEquals(Set.of(5000), probe.portsInUse(NatProtocol.TCP, HOST));
        assertEquals(2, asked.size());
        assertEquals(1, probe.reads());
    }

    @Test
    void aClockThatWentBackReadsAgain() {
        probe.portsInUse(NatProtocol.TCP, HOST);
        clock.advance(Duration.ofMillis(-1));
        probe.portsInUse(NatProtocol.TCP, HOST);
        assertEquals(2, probe.reads());
    }

    @Test
    void refusesANonPositiveMaxAge() {
        assertThrows(IllegalArgumentException.class, () -> new CachedPortProbe(host, Duration.ZERO, clock));
        assertThrows(IllegalArgumentException.class, () -> new CachedPortProbe(host, Duration.ofMillis(-1), clock));
    }

    @Test
    void theAllocatorSkipsAPortTheSnapshotHoldsAndAsksOncePerMaxAge() throws Exception {
        hostPorts.clear();
        hostPorts.add(20000);
        final PortAllocator ports = new PortAllocator(20000, 20010, Duration.ofSeconds(300), probe, clock);
        final NatMapping first = ports.allocate(NatProtocol.TCP, HOST, new HostPort(ip("192.168.1.2"), 1000));
        assertEquals(20001, first.external().port());
        for (int i = 1; i < 5; i++) {
            ports.allocate(NatProtocol.TCP, HOST, new HostPort(ip("192.168.1.2"), 1000 + i));
        }
        assertEquals(1, probe.reads());
    }
}
