/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Ipv4;

class FrameParserTest {
    private static int parse(byte[] frame) {
        return FrameParser.l4Offset(frame, 0, frame.length);
    }

    @Test
    void acceptsUnicastTcpAndUdp() {
        assertEquals(34, parse(TestFrames.tcp("10.0.0.1", 1, "10.0.0.2", 2, 60)));
        assertEquals(34, parse(TestFrames.udp("10.0.0.1", 1, "10.0.0.2", 2, 60)));
    }

    @Test
    void honoursIpOptions() {
        final byte[] frame = TestFrames.tcp("10.0.0.1", 1, "10.0.0.2", 2, 80);
        frame[14] = 0x46;
        assertEquals(38, parse(frame));
    }

    @Test
    void refusesWhatMustStayOnTheOverlay() {
        assertEquals(NotMeterable.GROUP_MAC.code(), parse(TestFrames.arp()));
        final byte[] arpUnicast = TestFrames.arp();
        arpUnicast[0] = 0x02;
        assertEquals(NotMeterable.NOT_IPV4.code(), parse(arpUnicast));
        assertEquals(NotMeterable.NOT_TCP_UDP.code(),
            parse(TestFrames.ipv4(1, Ipv4.parse("10.0.0.1"), 0, Ipv4.parse("10.0.0.2"), 0, 98)));
        assertEquals(NotMeterable.NOT_UNICAST.code(), parse(TestFrames.udp("10.0.0.1", 1, "224.0.0.251", 5353, 80)));
        assertEquals(NotMeterable.NOT_UNICAST.code(),
            parse(TestFrames.udp("10.0.0.1", 68, "255.255.255.255", 67, 300)));
        assertEquals(NotMeterable.NOT_UNICAST.code(), parse(TestFrames.udp("0.0.0.0", 68, "10.0.0.1", 67, 300)));
        final byte[] multicastMac = TestFrames.udp("10.0.0.1", 1, "10.0.0.2", 2, 60);
        multicastMac[0] = 0x01;
        assertEquals(NotMeterable.GROUP_MAC.code(), parse(multicastMac));
    }

    @Test
    void refusesFragmentsButNotDontFragment() {
        final byte[] first = TestFrames.udp("10.0.0.1", 1, "10.0.0.2", 2, 1500);
        first[20] = 0x20;
        assertEquals(NotMeterable.FRAGMENT.code(), parse(first));
        final byte[] later = TestFrames.udp("10.0.0.1", 1, "10.0.0.2", 2, 1500);
        later[21] = (byte) 185;
        assertEquals(NotMeterable.FRAGMENT.code(), parse(later));
        final byte[] dontFragment = TestFrames.udp("10.0.0.1", 1, "10.0.0.2", 2, 1500);
        dontFragment[20] = 0x40;
        assertEquals(34, parse(dontFragment));
    }

    @Test
    void refusesTruncatedAndBadHeaders() {
        final byte[] frame = TestFrames.tcp("10.0.0.1", 1, "10.0.0.2", 2, 100);
        assertEquals(NotMeterable.TRUNCATED.code(), FrameParser.l4Offset(frame, 0, 41));
        assertEquals(NotMeterable.TRUNCATED.code(), FrameParser.l4Offset(frame, 0, 60));
        frame[14] = 0x44;
        assertEquals(NotMeterable.BAD_HEADER.code(), parse(frame));
        frame[14] = 0x65;
        assertEquals(NotMeterable.BAD_HEADER.code(), parse(frame));
        final byte[] shortTcp = TestFrames.tcp("10.0.0.1", 1, "10.0.0.2", 2, 100);
        shortTcp[16] = 0;
        shortTcp[17] = 30;
        assertEquals(NotMeterable.TRUNCATED.code(), parse(shortTcp));
    }

    @Test
    void neverReadsOutsideTheFrame() {
        final Random random = new Random(5);
        final byte[] buf = new byte[200];
        for (int i = 0; i < 200_000; i++) {
            random.nextBytes(buf);
            if (random.nextBoolean()) {
                buf[12] = 0x08;
                buf[13] = 0;
                buf[14] = (byte) (0x40 | random.nextInt(16));
                buf[0] &= (byte) 0xfe;
            }
            final int off = random.nextInt(50);
            final int len = random.nextInt(buf.length - off + 1);
            final int l4 = FrameParser.l4Offset(buf, off, len);
            if (l4 >= 0) {
                assertTrue(l4 + 4 <= off + len);
                FlowKey.parse(buf, off, len).orElseThrow();
            }
        }
    }
}
