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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.overlay.tap.TcpFrames.ACK;
import static org.opendaylight.vias.overlay.tap.TcpFrames.CWR;
import static org.opendaylight.vias.overlay.tap.TcpFrames.ETH;
import static org.opendaylight.vias.overlay.tap.TcpFrames.FIN;
import static org.opendaylight.vias.overlay.tap.TcpFrames.PSH;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cutting TSO frames into segments (through {@link VnetFrameReader}, as the TAP queue does) and completing checksums. */
class TcpSegmenterTest {
    private static final int MTU_FRAME = 1500 + ETH;

    private final OffloadCounters counters = new OffloadCounters();

    private List<byte[]> read(int maxFrame, byte[]... packets) throws IOException {
        final PacketSource source = new PacketSource();
        for (byte[] p : packets) {
            source.add(p);
        }
        return PacketSource.drain(new VnetFrameReader(source, counters, 70000, maxFrame));
    }

    /** Every segment a well-formed frame of at most maxFrame; payloads joined are the original; headers per segment. */
    private static void assertSegmentsOf(byte[] payload, long seq, int flags, int mss, int maxFrame,
            List<byte[]> frames) {
        final ByteArrayOutputStream joined = new ByteArrayOutputStream();
        final int expected = Math.max(1, (payload.length + mss - 1) / mss);
        assertEquals(expected, frames.size(), "segments");
        for (int i = 0; i < frames.size(); i++) {
            final byte[] f = frames.get(i);
            final boolean last = i == frames.size() - 1;
            assertTrue(f.length <= maxFrame, "segment " + i + " of " + f.length + " bytes fits " + maxFrame);
            if (TcpFrames.isIpv6(f)) {
                assertEquals(f.length - ETH - 40, TcpFrames.ipv6PayloadLength(f), "IPv6 payload length of " + i);
            } else {
                assertEquals(f.length - ETH, TcpFrames.ipTotalLength(f), "IPv4 total length of segment " + i);
                assertEquals(100 + i, TcpFrames.ipId(f), "IPv4 id of segment " + i);
                assertTrue(TcpFrames.ipChecksumOk(f), "IPv4 checksum of segment " + i);
            }
            assertTrue(TcpFrames.tcpChecksumOk(f), "TCP checksum of segment " + i);
            assertEquals(seq + (long) i * mss & 0xffffffffL, TcpFrames.seq(f), "sequence number of segment " + i);
            int want = flags;
            if (!last) {
                want &= ~(FIN | PSH);
            }
            if (i > 0) {
                want &= ~CWR;
            }
            assertEquals(want, TcpFrames.flags(f), "flags of segment " + i);
            if (!last) {
                assertEquals(mss, TcpFrames.payload(f).length, "payload of segment " + i);
            }
            joined.writeBytes(TcpFrames.payload(f));
        }
        assertArrayEquals(payload, joined.toByteArray(), "the payload, cut and joined");
    }

    @Test
    void aTsoFrameBecomesMssSegmentsWithTheirOwnHeadersAndChecksums() throws IOException {
        final byte[] payload = TcpFrames.pattern(10_000, 7);
        final List<byte[]> frames = read(MTU_FRAME,
            TcpFrames.gsoPacket(payload, 1000, ACK | PSH | FIN | CWR, 0, 12, 1448));
        assertSegmentsOf(payload, 1000, ACK | PSH | FIN | CWR, 1448, MTU_FRAME, frames);
        assertEquals(1, counters.gsoFrames.sum());
        assertEquals(7, counters.gsoSegments.sum());
    }

    @Test
    void oddSizesAndASequenceNumberThatWraps() throws IOException {
        for (int size : new int[] {1, 2, 999, 1000, 1001, 1447, 1448, 1449, 2896, 2897, 65_000}) {
            for (int mss : new int[] {1, 3, 536, 1001, 1448}) {
                if (size / mss > 5000) {
                    continue;
                }
                final byte[] payload = TcpFrames.pattern(size, size);
                final long seq = 0xffffffffL - 700;
                final List<byte[]> frames = read(MTU_FRAME, TcpFrames.gsoPacket(payload, seq, ACK, 0, 0, mss));
                assertSegmentsOf(payload, seq, ACK, mss, MTU_FRAME, frames);
            }
        }
    }

    @Test
    void segmentsLargerThanThePathMtuAreCutSmaller() throws IOException {
        // gso_size says 8000, but the overlay carries frames of at most 1414 bytes (1400 MTU): cut at 1414 - 66
        final int maxFrame = 1414;
        final byte[] payload = TcpFrames.pattern(20_000, 3);
        final List<byte[]> frames = read(maxFrame, TcpFrames.gsoPacket(payload, 5, ACK | PSH, 0, 12, 8000));
        assertSegmentsOf(payload, 5, ACK | PSH, maxFrame - (ETH + 20 + 32), maxFrame, frames);
    }

    @Test
    void ipv4OptionsAreCopiedIntoEverySegment() throws IOException {
        final byte[] payload = TcpFrames.pattern(5000, 9);
        final List<byte[]> frames = read(MTU_FRAME, TcpFrames.gsoPacket(payload, 77, ACK, 8, 12, 1400));
        assertSegmentsOf(payload, 77, ACK, 1400, MTU_FRAME, frames);
        for (byte[] f : frames) {
            assertEquals(28, TcpFrames.ipLen(f));
            assertEquals(1, f[ETH + 20], "the options came along");
        }
    }

    @Test
    void aTso6FrameBecomesMssSegmentsWithTheirOwnHeadersAndChecksums() throws IOException {
        final byte[] payload = TcpFrames.pattern(10_000, 11);
        final byte[] packet = TcpFrames.gsoPacket6(payload, 0xffffffffL - 3000, ACK | PSH | FIN | CWR, 12, 1428);
        final List<byte[]> frames = read(MTU_FRAME, packet);
        assertSegmentsOf(payload, 0xffffffffL - 3000, ACK | PSH | FIN | CWR, 1428, MTU_FRAME, frames);
        final byte[] original = TcpFrames.tcp6(payload, 0, ACK, 12, 1234, 5678);
        for (byte[] f : frames) {
            assertTrue(TcpFrames.isIpv6(f));
            // version, traffic class, flow label, next header, hop limit and addresses as the host sent them
            assertArrayEquals(Arrays.copyOfRange(original, ETH, ETH + 4), Arrays.copyOfRange(f, ETH, ETH + 4));
            assertArrayEquals(Arrays.copyOfRange(original, ETH + 6, ETH + 40), Arrays.copyOfRange(f, ETH + 6, ETH + 40));
        }
        assertEquals(1, counters.gsoFrames.sum());
        assertEquals(8, counters.gsoSegments.sum());
    }

    @Test
    void tso6OddSizesAndSegmentsLargerThanThePath() throws IOException {
        for (int size : new int[] {1, 1427, 1428, 1429, 7777, 65_000}) {
            for (int mss : new int[] {7, 1220, 1428, 9000}) {
                final byte[] payload = TcpFrames.pattern(size, size + mss);
                final List<byte[]> frames = read(MTU_FRAME, TcpFrames.gsoPacket6(payload, 42, ACK, 0, mss));
                // the path takes 1500 - 40 - 20 bytes of TCP payload at most
                assertSegmentsOf(payload, 42, ACK, Math.min(mss, MTU_FRAME - (ETH + 40 + 20)), MTU_FRAME, frames);
            }
        }
    }

    @Test
    void aGsoFrameWithoutPayloadIsOneSegment() throws IOException {
        final List<byte[]> frames = read(MTU_FRAME, TcpFrames.gsoPacket(new byte[0], 1, ACK | FIN, 0, 0, 1448));
        assertEquals(1, frames.size());
        assertTrue(TcpFrames.tcpChecksumOk(frames.get(0)));
        assertEquals(ACK | FIN, TcpFrames.flags(frames.get(0)));
    }

    @Test
    void aPartialChecksumIsCompletedForTcpAndUdp() throws IOException {
        for (byte[] frame : List.of(TcpFrames.tcp(TcpFrames.pattern(333, 1), 9, ACK, 0, 12, 1),
                TcpFrames.udp(TcpFrames.pattern(333, 2)))) {
            final byte[] wire = frame.clone();
            final boolean tcp = frame[ETH + 9] == 6;
            final int start = ETH + 20;
            final int field = start + (tcp ? 16 : 6);
            // as the host hands it over: the pseudo-header sum (folded, not complemented) in the field
            final int l4 = frame.length - start;
            TcpFrames.put16(frame, field, TcpFrames.fold(TcpFrames.pseudo(frame, tcp ? 6 : 17, l4)));
            final VirtioNetHeader h = new VirtioNetHeader();
            h.flags = VirtioNetHeader.F_NEEDS_CSUM;
            h.csumStart = start;
            h.csumOffset = tcp ? 16 : 6;
            final List<byte[]> frames = read(MTU_FRAME, TcpFrames.withHeader(h, frame));
            assertEquals(1, frames.size());
            assertEquals(TcpFrames.fold(TcpFrames.sum(wire, start, l4, TcpFrames.pseudo(wire, tcp ? 6 : 17, l4))),
                TcpFrames.fold(TcpFrames.sum(frames.get(0), start, l4,
                    TcpFrames.pseudo(frames.get(0), tcp ? 6 : 17, l4))), "checksum verifies");
            assertArrayEquals(wire, frames.get(0), "the frame as a TAP without offloads would have sent it");
        }
        assertEquals(2, counters.checksumsCompleted.sum());
    }

    @Test
    void aFrameWithoutOffloadsPassesUnchanged() throws IOException {
        final byte[] arp = TcpFrames.arp();
        final List<byte[]> frames = read(MTU_FRAME, TcpFrames.withHeader(new VirtioNetHeader(), arp));
        assertEquals(1, frames.size());
        assertArrayEquals(arp, frames.get(0));
        assertEquals(0, counters.checksumsCompleted.sum());
    }

    @Test
    void completeChecksumLeavesFramesWithoutNeedsCsumAlone() {
        final byte[] frame = TcpFrames.udp(TcpFrames.pattern(10, 1));
        final byte[] before = frame.clone();
        assertNull(TcpSegmenter.completeChecksum(new VirtioNetHeader(), frame, 0, frame.length));
        assertArrayEquals(before, frame);
    }
}
