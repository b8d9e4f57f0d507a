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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.nat.Frames.ip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcNetPortProbeTest {
    private static final String HEADER =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    @TempDir
    Path procNet;

    /** Lines as a little-endian kernel prints them: 10.0.0.1 is 0100000A. */
    @Test
    void findsTheHostsSocketsOnItsAddressAndOnWildcards() throws IOException {
        Files.writeString(procNet.resolve("tcp"), HEADER
            + "   0: 0100000A:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n"
            + "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1\n"
            + "   2: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3 1\n"
            + "   3: 0200000A:4E20 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4 1\n"
            + "   4: 0100000A:9C40 0700000A:0050 01 00000000:00000000 00:00000000 00000000     0        0 5 1\n");
        Files.writeString(procNet.resolve("tcp6"), HEADER
            + "   0: 00000000000000000000000000000000:1389 00000000000000000000000000000000:0000 0A 0 0 0 0 0 6\n"
            + "   1: 0000000000000000FFFF00000100000A:138A 00000000000000000000000000000000:0000 0A 0 0 0 0 0 7\n"
            + "   2: 0000000000000000FFFF00000200000A:138B 00000000000000000000000000000000:0000 0A 0 0 0 0 0 8\n"
            + "   3: 000080FE00000000000000000100000A:138C 00000000000000000000000000000000:0000 0A 0 0 0 0 0 9\n"
            + "garbage line\n");
        final ProcNetPortProbe probe = new ProcNetPortProbe(procNet, ByteOrder.LITTLE_ENDIAN);
        // 8080 on 10.0.0.1, 22 on 0.0.0.0, 40000 connected from 10.0.0.1, 5001 on ::, 5002 on ::ffff:10.0.0.1;
        // not 631 on 127.0.0.1, 20000 on 10.0.0.2, 5003 on ::ffff:10.0.0.2, 5004 on a link-local v6 address
        assertEquals(Set.of(8080, 22, 40000, 5001, 5002), probe.portsInUse(NatProtocol.TCP, ip("10.0.0.1")));
    }

    @Test
    void readsUdpAndIcmpTablesAndToleratesAMissingV6Table() throws IOException {
        Files.writeString(procNet.resolve("udp"), HEADER
            + "  10: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1 2\n");
        Files.writeString(procNet.resolve("icmp"), HEADER
            + "  11: 0100000A:1234 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1 2\n");
        final ProcNetPortProbe probe = new ProcNetPortProbe(procNet, ByteOrder.LITTLE_ENDIAN);
        assertEquals(Set.of(5353), probe.portsInUse(NatProtocol.UDP, ip("10.0.0.1")));
        assertEquals(Set.of(0x1234), probe.portsInUse(NatProtocol.ICMP, ip("10.0.0.1")));
    }

    @Test
    void aBigEndianKernelPrintsAddressesInNetworkOrder() throws IOException {
        Files.writeString(procNet.resolve("tcp"), HEADER
            + "   0: 0A000001:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n");
        assertEquals(Set.of(8080),
            new ProcNetPortProbe(procNet, ByteOrder.BIG_ENDIAN).portsInUse(NatProtocol.TCP, ip("10.0.0.1")));
    }

    @Test
    void aMissingV4TableIsAnErrorSoTheAllocatorRefusesInsteadOfGuessing() {
        final UncheckedIOException e = assertThrows(UncheckedIOException.class,
            () -> new ProcNetPortProbe(procNet).portsInUse(NatProtocol.TCP, ip("10.0.0.1")));
        assertTrue(e.getMessage().contains("tcp"), e.getMessage());
    }

    @Test
    void readsThisMachinesRealTables() {
        // Smoke test against the live kernel: must parse without error (contents vary).
        if (Files.isReadable(Path.of("/proc/net/tcp"))) {
            new ProcNetPortProbe(Path.of("/proc/net")).portsInUse(NatProtocol.TCP, ip("127.0.0.1"));
            new ProcNetPortProbe(Path.of("/proc/net")).portsInUse(NatProtocol.UDP, ip("127.0.0.1"));
        }
    }
}
