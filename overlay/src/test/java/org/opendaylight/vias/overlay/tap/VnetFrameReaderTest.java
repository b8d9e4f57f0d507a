/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.tap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.opendaylight.vias.overlay.tap.TcpFrames.ACK;
import static org.opendaylight.vias.overlay.tap.TcpFrames.ETH;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads that cannot become frames are counted under their reason and skipped; the next good read still arrives. */
class VnetFrameReaderTest {
    private final OffloadCounters counters = new OffloadCounters();
    private final PacketSource source = new PacketSource();
    private final VnetFrameReader reader = new VnetFrameReader(source, counters, 70000, 1514);

    private static byte[] gso(int gsoType, int gsoSize, byte[] frame) {
        final VirtioNetHeader h = new VirtioNetHeader();
        h.flags = VirtioNetHeader.F_NEEDS_CSUM;
        h.gsoType = gsoType;
        h.gsoSize = gsoSize;
        h.csumStart = ETH + 20;
        h.csumOffset = 16;
        return TcpFrames.withHeader(h, frame);
    }

    @Test
    void malformedReadsAreCountedAndDroppedAndTheReaderGoesOn() throws IOException {
        final byte[] good = TcpFrames.tcp(TcpFrames.pattern(100, 1), 1, ACK, 0, 0, 1);
        final byte[] big = TcpFrames.tcp(TcpFrames.pattern(3000, 2), 1, ACK, 0, 0, 1);
        final VirtioNetHeader outside = new VirtioNetHeader();
        outside.flags = VirtioNetHeader.F_NEEDS_CSUM;
        outside.csumStart = good.length - 1;
        outside.csumOffset = 0;
        final VirtioNetHeader fieldOutside = new VirtioNetHeader();
        fieldOutside.flags = VirtioNetHeader.F_NEEDS_CSUM;
        fieldOutside.csumStart = 34;
        fieldOutside.csumOffset = 0xffff;
        final byte[] fragment = big.clone();
        fragment[ETH + 6] = 0x20; // MF
        final byte[] noTcpHeader = Arrays.copyOf(big, ETH + 20 + 10);
        TcpFrames.put16(noTcpHeader, ETH + 2, 30);
        final byte[] badDataOffset = big.clone();
        badDataOffset[ETH + 20 + 12] = 0x20; // 8 bytes
        final byte[] big6 = TcpFrames.tcp6(TcpFrames.pattern(3000, 4), 1, ACK, 0, 1234, 5678);
        final byte[] extensionHeader6 = big6.clone();
        extensionHeader6[ETH + 6] = 0; // hop-by-hop options: TSO6 frames carry TCP right after the fixed header
        source.add(new byte[3])
            .add(new byte[VirtioNetHeader.LENGTH])
            .add(TcpFrames.withHeader(outside, good))
            .add(TcpFrames.withHeader(fieldOutside, good))
            .add(gso(VirtioNetHeader.GSO_UDP_L4, 1000, TcpFrames.udp(TcpFrames.pattern(3000, 3))))
            // TCPv6 is enabled, but these are an IPv4 frame and an IPv6 frame with an extension header
            .add(gso(VirtioNetHeader.GSO_TCPV6, 1000, big))
            .add(gso(VirtioNetHeader.GSO_TCPV6, 1000, extensionHeader6))
            .add(gso(VirtioNetHeader.GSO_TCPV4, 1000, big6))
            .add(gso(VirtioNetHeader.GSO_TCPV6, 1000, Arrays.copyOf(big6, ETH + 40 + 10)))
            .add(gso(VirtioNetHeader.GSO_UDP, 1000, big))
            .add(gso(VirtioNetHeader.GSO_TCPV4, 1000, TcpFrames.udp(TcpFrames.pattern(3000, 3))))
            .add(gso(VirtioNetHeader.GSO_TCPV4, 1000, TcpFrames.arp()))
            .add(gso(VirtioNetHeader.GSO_TCPV4, 0, big))
            .add(gso(VirtioNetHeader.GSO_TCPV4, 1000, fragment))
            .add(gso(VirtioNetHeader.GSO_TCPV4, 1000, noTcpHeader))
            .add(gso(VirtioNetHeader.GSO_TCPV4, 1000, badDataOffset))
            .add(gso(VirtioNetHeader.GSO_TCPV4, 1000, Arrays.copyOf(big, 20)))
            .add(TcpFrames.withHeader(new VirtioNetHeader(), good));
        final List<byte[]> frames = PacketSource.drain(reader);
        assertEquals(1, frames.size(), "only the good frame comes out");
        assertArrayEquals(good, frames.get(0));
        assertEquals(2, counters.drops(OffloadDrop.SHORT_VNET_HEADER));
        assertEquals(2, counters.drops(OffloadDrop.BAD_CHECKSUM_OFFSETS));
        assertEquals(2, counters.drops(OffloadDrop.UNSUPPORTED_GSO));
        assertEquals(11, counters.drops(OffloadDrop.BAD_GSO_FRAME));
        assertEquals(0, counters.gsoFrames.sum());
    }

    @Test
    void aFrameLargerThanTheCallersBufferIsReportedAsOversize() throws IOException {
        final byte[] frame = TcpFrames.tcp(TcpFrames.pattern(1000, 1), 1, ACK, 0, 0, 1);
        source.add(TcpFrames.withHeader(new VirtioNetHeader(), frame));
        assertEquals(-frame.length, reader.read(new byte[2000], 0, 500));
        assertEquals(0, reader.read(new byte[2000], 0, 2000), "nothing left");
    }

    @Test
    void segmentsOfOneReadComeOutBeforeTheNextRead() throws IOException {
        final byte[] after = TcpFrames.arp();
        source.add(TcpFrames.gsoPacket(TcpFrames.pattern(4000, 5), 1, ACK, 0, 0, 1448))
            .add(TcpFrames.withHeader(new VirtioNetHeader(), after));
        final List<byte[]> frames = PacketSource.drain(reader);
        assertEquals(4, frames.size());
        assertArrayEquals(after, frames.get(3));
        assertEquals(3, counters.gsoSegments.sum());
    }

    @Test
    void theMtuSetLaterLimitsTheSegments() throws IOException {
        reader.setMaxSegmentFrame(600);
        source.add(TcpFrames.gsoPacket(TcpFrames.pattern(4000, 5), 1, ACK, 0, 0, 1448));
        final List<byte[]> frames = PacketSource.drain(reader);
        assertEquals(8, frames.size(), "4000 bytes in segments of 600 - 54");
        frames.forEach(f -> assertEquals(true, f.length <= 600));
    }
}
