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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.overlay.tap.TcpFrames.ACK;
import static org.opendaylight.vias.overlay.tap.TcpFrames.ETH;
import static org.opendaylight.vias.overlay.tap.TcpFrames.PSH;
import static org.opendaylight.vias.overlay.tap.TcpFrames.SYN;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Joining received TCP segments into GSO writes, and that a joined write cuts back into exactly the segments. */
class TcpCoalescerTest {
    private final OffloadCounters counters = new OffloadCounters();
    private final TcpCoalescer coalescer = new TcpCoalescer(counters);
    private final List<byte[]> written = new ArrayList<>();
    private final TcpCoalescer.Sink sink = (header, frame, off, len) -> {
        final byte[] packet = new byte[VirtioNetHeader.LENGTH + len];
        System.arraycopy(header, 0, packet, 0, VirtioNetHeader.LENGTH);
        System.arraycopy(frame, off, packet, VirtioNetHeader.LENGTH, len);
        written.add(packet);
    };

    private static List<byte[]> segments(int count, int size, long seq, int lastFlags) {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            frames.add(TcpFrames.tcp(TcpFrames.pattern(size, i), seq + (long) i * size,
                i == count - 1 ? lastFlags : ACK, 0, 12, 100 + i));
        }
        return frames;
    }

    private void addAll(List<byte[]> frames) throws IOException {
        for (byte[] f : frames) {
            coalescer.add(f, 0, f.length, sink);
        }
        coalescer.flush(sink);
    }

    private static VirtioNetHeader header(byte[] packet) {
        return new VirtioNetHeader().decode(packet, 0);
    }

    private static byte[] frame(byte[] packet) {
        return Arrays.copyOfRange(packet, VirtioNetHeader.LENGTH, packet.length);
    }

    /** What the host makes of a joined write: the segments a TAP without offloads would have received. */
    private static List<byte[]> cut(byte[] packet) throws IOException {
        final PacketSource source = new PacketSource().add(packet);
        return PacketSource.drain(new VnetFrameReader(source, new OffloadCounters(), 70000, 65535 + ETH));
    }

    @Test
    void consecutiveSegmentsBecomeOneGsoWriteThatCutsBackIntoThem() throws IOException {
        final List<byte[]> in = segments(5, 1448, 4000, ACK | PSH);
        addAll(in);
        assertEquals(1, written.size());
        final VirtioNetHeader h = header(written.get(0));
        assertEquals(VirtioNetHeader.F_NEEDS_CSUM, h.flags);
        assertEquals(VirtioNetHeader.GSO_TCPV4, h.gsoType);
        assertEquals(1448, h.gsoSize);
        assertEquals(ETH + 20, h.csumStart);
        assertEquals(16, h.csumOffset);
        assertEquals(ETH + 20 + 32, h.hdrLen);
        final byte[] joined = frame(written.get(0));
        assertEquals(ETH + 20 + 32 + 5 * 1448, joined.length);
        assertEquals(joined.length - ETH, TcpFrames.ipTotalLength(joined));
        assertTrue(TcpFrames.ipChecksumOk(joined));
        assertEquals(ACK | PSH, TcpFrames.flags(joined), "PSH of the last segment");
        // the field holds the pseudo-header sum: completing it over the segment gives a valid checksum
        final byte[] completed = joined.clone();
        assertEquals(null, TcpSegmenter.completeChecksum(h, completed, 0, completed.length));
        assertTrue(TcpFrames.tcpChecksumOk(completed));
        final List<byte[]> back = cut(written.get(0));
        assertEquals(5, back.size());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(in.get(i), back.get(i), "segment " + i + " byte for byte");
        }
        assertEquals(1, counters.joinedFrames.sum());
        assertEquals(5, counters.joinedSegments.sum());
    }

    @Test
    void aShorterSegmentEndsTheGroup() throws IOException {
        final List<byte[]> in = new ArrayList<>(segments(3, 1448, 0, ACK));
        in.add(TcpFrames.tcp(TcpFrames.pattern(500, 9), 3 * 1448, ACK, 0, 12, 200));
        in.add(TcpFrames.tcp(TcpFrames.pattern(1448, 9), 3 * 1448 + 500, ACK, 0, 12, 201));
        addAll(in);
        assertEquals(2, written.size());
        assertEquals(3 * 1448 + 500, TcpFrames.payload(frame(written.get(0))).length);
        assertEquals(1448, header(written.get(0)).gsoSize);
        assertArrayEquals(in.get(4), frame(written.get(1)), "a lone segment goes as it came");
        assertEquals(VirtioNetHeader.GSO_NONE, header(written.get(1)).gsoType);
        assertEquals(0, header(written.get(1)).flags);
    }

    @Test
    void pshEndsTheGroup() throws IOException {
        final List<byte[]> in = new ArrayList<>(segments(2, 1000, 0, ACK | PSH));
        in.addAll(segments(2, 1000, 2000, ACK));
        addAll(in);
        assertEquals(2, written.size());
        assertEquals(2, cut(written.get(0)).size());
        assertEquals(2, cut(written.get(1)).size());
    }

    @Test
    void gapsReorderingAndOtherFlowsAreNotJoinedAndKeepTheirOrder() throws IOException {
        final byte[] a0 = TcpFrames.tcp(TcpFrames.pattern(1000, 1), 0, ACK, 0, 0, 1);
        final byte[] a2 = TcpFrames.tcp(TcpFrames.pattern(1000, 2), 2000, ACK, 0, 0, 2); // a gap: 1000 missing
        final byte[] a1 = TcpFrames.tcp(TcpFrames.pattern(1000, 3), 1000, ACK, 0, 0, 3); // late
        final byte[] b0 = TcpFrames.tcp(TcpFrames.pattern(1000, 4), 3000, ACK, 0, 0, 4, 1235, 5678);
        final byte[] a3 = TcpFrames.tcp(TcpFrames.pattern(1000, 5), 3000, ACK, 0, 0, 5);
        addAll(List.of(a0, a2, a1, b0, a3));
        assertEquals(5, written.size());
        final List<byte[]> in = List.of(a0, a2, a1, b0, a3);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(in.get(i), frame(written.get(i)), "frame " + i);
        }
        assertEquals(0, counters.joinedFrames.sum());
    }

    @Test
    void differentAckWindowOrOptionsAreNotJoined() throws IOException {
        final List<byte[]> base = segments(2, 1000, 0, ACK);
        final byte[] ack = base.get(1).clone();
        ack[ETH + 20 + 11]++;
        TcpFrames.fixChecksums(ack);
        final byte[] window = base.get(1).clone();
        window[ETH + 20 + 15]++;
        TcpFrames.fixChecksums(window);
        final byte[] option = base.get(1).clone();
        option[ETH + 20 + 25]++;
        TcpFrames.fixChecksums(option);
        final byte[] ttl = base.get(1).clone();
        ttl[ETH + 8]--;
        TcpFrames.fixChecksums(ttl);
        for (byte[] second : List.of(ack, window, option, ttl)) {
            written.clear();
            addAll(List.of(base.get(0), second));
            assertEquals(2, written.size());
        }
    }

    @Test
    void aSegmentWithABadChecksumIsNotJoinedButWrittenAsItCame() throws IOException {
        final List<byte[]> in = segments(4, 1000, 0, ACK);
        final byte[] bad = in.get(2).clone();
        bad[bad.length - 1] ^= 0x55;
        addAll(List.of(in.get(0), in.get(1), bad, in.get(3)));
        assertEquals(3, written.size());
        assertEquals(2, cut(written.get(0)).size(), "the two good ones joined");
        assertArrayEquals(bad, frame(written.get(1)), "the bad one unchanged, for the host to drop");
        assertArrayEquals(in.get(3), frame(written.get(2)));
        final byte[] badFirst = in.get(0).clone();
        badFirst[ETH + 20 + 40] ^= 1;
        written.clear();
        addAll(List.of(badFirst, in.get(1), in.get(2)));
        assertEquals(2, written.size());
        assertArrayEquals(badFirst, frame(written.get(0)));
        assertEquals(2, cut(written.get(1)).size());
    }

    @Test
    void nonCandidatesGoAsTheyCameInOrder() throws IOException {
        final byte[] syn = TcpFrames.tcp(new byte[0], 0, SYN, 0, 0, 1);
        final byte[] pureAck = TcpFrames.tcp(new byte[0], 1, ACK, 0, 0, 2);
        final byte[] options = TcpFrames.tcp(TcpFrames.pattern(1000, 1), 1, ACK, 4, 0, 3);
        final byte[] options2 = TcpFrames.tcp(TcpFrames.pattern(1000, 1), 1001, ACK, 4, 0, 4);
        final byte[] udp = TcpFrames.udp(TcpFrames.pattern(1000, 2));
        final byte[] arp = TcpFrames.arp();
        final byte[] padded = Arrays.copyOf(TcpFrames.tcp(TcpFrames.pattern(2, 2), 1, ACK, 0, 0, 5), 60);
        final List<byte[]> in = List.of(syn, pureAck, options, options2, udp, arp, padded);
        addAll(in);
        assertEquals(in.size(), written.size());
        for (int i = 0; i < in.size(); i++) {
            assertArrayEquals(in.get(i), frame(written.get(i)), "frame " + i);
            assertEquals(0, header(written.get(i)).gsoType);
        }
    }

    @Test
    void aJoinedFrameStaysWithinOneIpv4Packet() throws IOException {
        final List<byte[]> in = segments(60, 1448, 77, ACK);
        addAll(in);
        assertTrue(written.size() >= 2);
        int segments = 0;
        for (byte[] packet : written) {
            assertTrue(packet.length - VirtioNetHeader.LENGTH - ETH <= 65535);
            final List<byte[]> back = cut(packet);
            for (byte[] f : back) {
                assertArrayEquals(in.get(segments), f, "segment " + segments);
                segments++;
            }
        }
        assertEquals(60, segments);
    }

    private static List<byte[]> segments6(int count, int size, long seq, int lastFlags) {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            frames.add(TcpFrames.tcp6(TcpFrames.pattern(size, i), seq + (long) i * size,
                i == count - 1 ? lastFlags : ACK, 12, 1234, 5678));
        }
        return frames;
    }

    @Test
    void consecutiveIpv6SegmentsBecomeOneTcpv6GsoWriteThatCutsBackIntoThem() throws IOException {
        final List<byte[]> in = segments6(6, 1428, 0xffffffffL - 2000, ACK | PSH);
        addAll(in);
        assertEquals(1, written.size());
        final VirtioNetHeader h = header(written.get(0));
        assertEquals(VirtioNetHeader.F_NEEDS_CSUM, h.flags);
        assertEquals(VirtioNetHeader.GSO_TCPV6, h.gsoType);
        assertEquals(1428, h.gsoSize);
        assertEquals(ETH + 40, h.csumStart);
        assertEquals(16, h.csumOffset);
        assertEquals(ETH + 40 + 32, h.hdrLen);
        final byte[] joined = frame(written.get(0));
        assertEquals(ETH + 40 + 32 + 6 * 1428, joined.length);
        assertEquals(joined.length - ETH - 40, TcpFrames.ipv6PayloadLength(joined));
        assertEquals(ACK | PSH, TcpFrames.flags(joined), "PSH of the last segment");
        final byte[] completed = joined.clone();
        assertEquals(null, TcpSegmenter.completeChecksum(h, completed, 0, completed.length));
        assertTrue(TcpFrames.tcpChecksumOk(completed), "the pseudo-header sum is the IPv6 one");
        final List<byte[]> back = cut(written.get(0));
        assertEquals(6, back.size());
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(in.get(i), back.get(i), "segment " + i + " byte for byte");
        }
        assertEquals(6, counters.joinedSegments.sum());
    }

    @Test
    void ipv6SegmentsOfAnotherFlowLabelHopLimitAddressOrBadChecksumAreNotJoined() throws IOException {
        final List<byte[]> base = segments6(2, 1000, 0, ACK);
        final byte[] flowLabel = base.get(1).clone();
        flowLabel[ETH + 3]++;
        final byte[] hopLimit = base.get(1).clone();
        hopLimit[ETH + 7]--;
        final byte[] address = base.get(1).clone();
        address[ETH + 39]++;
        TcpFrames.fixChecksums(address);
        final byte[] badChecksum = base.get(1).clone();
        badChecksum[badChecksum.length - 1] ^= 0x21;
        for (byte[] second : List.of(flowLabel, hopLimit, address, badChecksum)) {
            written.clear();
            addAll(List.of(base.get(0), second));
            assertEquals(2, written.size());
            assertArrayEquals(second, frame(written.get(1)), "written as it came");
        }
        written.clear();
        addAll(base);
        assertEquals(1, written.size(), "unchanged, they join");
    }

    @Test
    void ipv4AndIpv6SegmentsOfTheSamePortsAndSequenceAreNotJoined() throws IOException {
        final byte[] v4 = TcpFrames.tcp(TcpFrames.pattern(1000, 1), 0, ACK, 0, 12, 1);
        final byte[] v6 = TcpFrames.tcp6(TcpFrames.pattern(1000, 2), 1000, ACK, 12, 1234, 5678);
        final byte[] v6again = TcpFrames.tcp6(TcpFrames.pattern(1000, 3), 2000, ACK, 12, 1234, 5678);
        addAll(List.of(v4, v6, v6again));
        assertEquals(2, written.size());
        assertArrayEquals(v4, frame(written.get(0)));
        assertEquals(VirtioNetHeader.GSO_TCPV6, header(written.get(1)).gsoType);
        final byte[] extension = TcpFrames.tcp6(TcpFrames.pattern(1000, 4), 3000, ACK, 12, 1234, 5678);
        extension[ETH + 6] = 0;
        final byte[] lengthMismatch = Arrays.copyOf(TcpFrames.tcp6(TcpFrames.pattern(10, 4), 3000, ACK, 0, 1, 2), 90);
        written.clear();
        addAll(List.of(extension, lengthMismatch));
        assertEquals(2, written.size());
        assertEquals(0, header(written.get(0)).gsoType);
        assertEquals(0, header(written.get(1)).gsoType);
    }
}
