/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.impl.nat.NatStateDelta.Key;
import org.opendaylight.vias.nat.NatMapping;
import org.opendaylight.vias.nat.NatProtocol;
import org.opendaylight.vias.rules.HostPort;
import org.opendaylight.vias.rules.Ipv4Prefix;

class NatStateDeltaTest {
    private static final int PUBLIC = Ipv4Prefix.parseAddress("10.0.0.1");
    private static final int NVM = Ipv4Prefix.parseAddress("192.168.1.2");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static NatService.MappingView view(final long id, final NatProtocol protocol, final int externalPort,
            final Instant lastUsed, final long out, final long in) {
        return new NatService.MappingView(new NatMapping(id, protocol, new HostPort(NVM, 40000 + (int) id),
            new HostPort(PUBLIC, externalPort), false), lastUsed, out, in);
    }

    private static NatService.MappingView tcp(final long id, final int externalPort) {
        return view(id, NatProtocol.TCP, externalPort, T0, 0, 0);
    }

    @Test
    void withoutAPreviousPublicationEveryMappingIsWrittenAsAWholeList() {
        final List<NatService.MappingView> current = List.of(tcp(1, 32000), tcp(2, 32001),
            view(3, NatProtocol.ICMP, 32000, null, 0, 0));
        final NatStateDelta delta = NatStateDelta.between(null, current);
        assertTrue(delta.full());
        assertEquals(current, delta.put());
        assertEquals(List.of(), delta.delete());
        assertEquals(3, delta.after().size());
        assertEquals(current.get(2), delta.after().get(new Key(NatProtocol.ICMP, 32000)));
        assertFalse(delta.noEntryChange());
    }

    @Test
    void aFullPublicationOfNoMappingStillWritesTheEmptyList() {
        final NatStateDelta delta = NatStateDelta.between(null, List.of());
        assertTrue(delta.full());
        assertFalse(delta.noEntryChange(), "the list must be written over whatever an unknown earlier write left");
    }

    @Test
    void unchangedMappingsAreNotWrittenAgain() {
        final List<NatService.MappingView> current = List.of(tcp(1, 32000), tcp(2, 32001));
        final NatStateDelta first = NatStateDelta.between(null, current);
        // the same values in new objects, as every snapshot builds them
        final NatStateDelta second = NatStateDelta.between(first.after(), List.of(tcp(1, 32000), tcp(2, 32001)));
        assertFalse(second.full());
        assertEquals(List.of(), second.put());
        assertEquals(List.of(), second.delete());
        assertTrue(second.noEntryChange());
        assertEquals(first.after(), second.after());
    }

    @Test
    void onlyAddedAndChangedMappingsArePutAndGoneOnesDeleted() {
        final NatStateDelta first = NatStateDelta.between(null, List.of(tcp(1, 32000), tcp(2, 32001),
            tcp(3, 32002), view(4, NatProtocol.UDP, 32000, T0, 5, 5)));
        final NatService.MappingView used = view(2, NatProtocol.TCP, 32001, T0.plusSeconds(7), 0, 0);
        final NatService.MappingView counted = view(4, NatProtocol.UDP, 32000, T0, 9, 5);
        final NatService.MappingView added = tcp(5, 32003);
        final NatService.MappingView reusedPort = tcp(6, 32002);
        final NatStateDelta delta = NatStateDelta.between(first.after(),
            List.of(used, reusedPort, counted, added));
        assertFalse(delta.full());
        // last use, a counter, a new mapping, and a new mapping on a port whose previous mapping ended
        assertEquals(List.of(used, reusedPort, counted, added), delta.put());
        assertEquals(List.of(new Key(NatProtocol.TCP, 32000)), delta.delete());
        assertEquals(4, delta.after().size());
        assertEquals(reusedPort, delta.after().get(new Key(NatProtocol.TCP, 32002)));
    }

    @Test
    void deletionsComeInKeyOrder() {
        final List<NatService.MappingView> many = new ArrayList<>();
        for (int port = 32010; port >= 32000; port--) {
            many.add(view(port - 31999, NatProtocol.UDP, port, T0, 0, 0));
            many.add(tcp(100 + port - 32000, port));
        }
        final NatStateDelta delta = NatStateDelta.between(NatStateDelta.between(null, many).after(), List.of());
        final List<Key> expected = new ArrayList<>();
        for (NatProtocol protocol : List.of(NatProtocol.TCP, NatProtocol.UDP)) {
            for (int port = 32000; port <= 32010; port++) {
                expected.add(new Key(protocol, port));
            }
        }
        assertEquals(expected, delta.delete());
        assertEquals(List.of(), delta.put());
        assertTrue(delta.after().isEmpty());
    }

    @Test
    void twoMappingsOnOneKeyAreRefusedNamingTheKey() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> NatStateDelta.between(null, List.of(tcp(1, 32000), tcp(2, 32000))));
        assertTrue(e.getMessage().contains("tcp external port 32000"), e.getMessage());
        assertTrue(e.getMessage().contains("mappings 1 and 2"), e.getMessage());
    }

    @Test
    void theResultCannotBeChangedAfterwards() {
        final NatStateDelta delta = NatStateDelta.between(null, new ArrayList<>(List.of(tcp(1, 32000))));
        assertThrows(UnsupportedOperationException.class, () -> delta.after().clear());
        assertThrows(UnsupportedOperationException.class, () -> delta.put().clear());
    }
}
