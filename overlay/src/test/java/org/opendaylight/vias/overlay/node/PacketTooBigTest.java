/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Frames;

class PacketTooBigTest {
    @Test
    void ipv4FragmentationNeededIsWellFormed() {
        final byte[] frame = Frames.ipv4(Frames.mac(2), Frames.mac(1), 0x0afb0001, 0x0afb0002, 1500, true);
        final byte[] reply = PacketTooBig.build(frame, 0, frame.length, 1379);
        assertNotNull(reply);
        assertArrayEquals(Frames.mac(1), Arrays.copyOfRange(reply, 0, 6));
        assertEquals(0, PacketTooBig.checksum(reply, 14, 20, 0), "IP header checksum verifies");
        assertEquals(0, PacketTooBig.checksum(reply, 34, reply.length - 34, 0), "ICMP checksum verifies");
        assertArrayEquals(Arrays.copyOfRange(frame, 14 + 12, 14 + 16), Arrays.copyOfRange(reply, 14 + 16, 14 + 20));
        assertArrayEquals(Arrays.copyOfRange(frame, 14, 14 + 28), Arrays.copyOfRange(reply, 34 + 8, 34 + 36));
    }

    @Test
    void noReplyWithoutDontFragmentOrForNonIp() {
        final byte[] frame = Frames.ipv4(Frames.mac(2), Frames.mac(1), 0x0afb0001, 0x0afb0002, 1500, false);
        assertNull(PacketTooBig.build(frame, 0, frame.length, 1379));
        final byte[] arp = Frames.ethernet(Frames.BROADCAST, Frames.mac(1), 0x0806, 1500);
        assertNull(PacketTooBig.build(arp, 0, arp.length, 1379));
    }

    @Test
    void ipv6PacketTooBig() {
        final byte[] frame = Frames.ethernet(Frames.mac(2), Frames.mac(1), 0x86dd, 1500);
        frame[14] = 0x60;
        frame[14 + 6] = 17;
        final byte[] reply = PacketTooBig.build(frame, 0, frame.length, 1379);
        assertNotNull(reply);
        assertEquals(2, reply[14 + 40]);
        assertEquals(1280 + 14, reply.length);
    }
}
