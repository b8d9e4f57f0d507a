/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.overlay.tap.TcpFrames.ACK;
import static org.opendaylight.vias.overlay.tap.TcpFrames.ETH;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated TAP reads through {@link VnetFrameReader}, and random and mutated frames through
 * {@link TcpCoalescer}: nothing may throw, every read is either made into frames or counted as dropped, no frame is
 * larger than allowed, and whatever the coalescer joins cuts back into segments with valid checksums.
 */
class OffloadFuzzTest {
    private static final int ROUNDS = 30_000;
    private static final int MAX_FRAME = 1514;

    private static byte[] mutate(Random random, byte[] packet) {
        byte[] p = packet.clone();
        switch (random.nextInt(5)) {
            case 0 -> p[random.nextInt(p.length)] = (byte) random.nextInt(256);
            case 1 -> {
                // a header field: flags, GSO type, sizes, checksum offsets
                final int at = random.nextInt(Math.min(VirtioNetHeader.LENGTH + ETH + 60, p.length));
                p[at] = (byte) random.nextInt(256);
            }
            case 2 -> p = Arrays.copyOf(p, random.nextInt(p.length + 1));
            case 3 -> {
                p = new byte[random.nextInt(200)];
                random.nextBytes(p);
            }
            default -> {
                // unchanged
            }
        }
        return p;
    }

    @Test
    void readsNeverThrowAndAreFramesOrCountedDrops() throws IOException {
        final Random random = new Random(17);
        final OffloadCounters counters = new OffloadCounters();
        final PacketSource source = new PacketSource();
        final VnetFrameReader reader = new VnetFrameReader(source, counters, 70000, MAX_FRAME);
        final byte[] buf = new byte[70000];
        long plainFrames = 0;
        long reads = 0;
        for (int i = 0; i < ROUNDS; i++) {
            final byte[] seed = switch (random.nextInt(3)) {
                case 0 -> TcpFrames.gsoPacket(TcpFrames.pattern(random.nextInt(20000), i), random.nextInt(), ACK,
                    4 * random.nextInt(3), 4 * random.nextInt(4), 1 + random.nextInt(3000));
                case 1 -> TcpFrames.gsoPacket6(TcpFrames.pattern(random.nextInt(20000), i), random.nextInt(), ACK,
                    4 * random.nextInt(4), 1 + random.nextInt(3000));
                default -> TcpFrames.withHeader(new VirtioNetHeader(),
                    TcpFrames.udp(TcpFrames.pattern(random.nextInt(1400), i)));
            };
            final byte[] packet = mutate(random, seed);
            if (packet.length == 0) {
                continue; // a TAP read never returns 0 bytes (the source would report "nothing waiting")
            }
            reads++;
            source.add(packet);
            final long gsoBefore = counters.gsoFrames.sum();
            int n;
            int frames = 0;
            while ((n = reader.read(buf, 0, buf.length)) != 0) {
                assertTrue(n > 0, "fits the buffer");
                frames++;
                if (counters.gsoFrames.sum() == gsoBefore) {
                    plainFrames++;
                } else {
                    assertTrue(n <= MAX_FRAME, "a cut segment fits the path: " + n);
                }
            }
            assertTrue(frames <= 20000, "bounded");
        }
        long drops = 0;
        for (OffloadDrop reason : OffloadDrop.values()) {
            drops += counters.drops(reason);
        }
        assertEquals(reads, plainFrames + counters.gsoFrames.sum() + drops, "every read accounted for");
        assertTrue(counters.gsoFrames.sum() > 0 && drops > 0, "both paths exercised: " + counters);
    }

    @Test
    void coalescingNeverThrowsAndJoinsOnlyValidSegments() throws IOException {
        final Random random = new Random(23);
        final OffloadCounters counters = new OffloadCounters();
        final TcpCoalescer coalescer = new TcpCoalescer(counters);
        final List<byte[]> written = new ArrayList<>();
        final TcpCoalescer.Sink sink = (header, frame, off, len) -> {
            assertTrue(len <= ETH + 65535, "one IPv4 packet at most");
            final byte[] packet = new byte[VirtioNetHeader.LENGTH + len];
            System.arraycopy(header, 0, packet, 0, VirtioNetHeader.LENGTH);
            System.arraycopy(frame, off, packet, VirtioNetHeader.LENGTH, len);
            written.add(packet);
        };
        long seq = 0;
        int added = 0;
        for (int i = 0; i < ROUNDS; i++) {
            final int size = random.nextInt(4) == 0 ? 1 + random.nextInt(1428) : 1428;
            final int flags = random.nextInt(8) == 0 ? ACK | 0x08 : ACK;
            // runs of IPv4 and of IPv6 segments, so both families get joined, and switch from one to the other
            byte[] frame = i / 300 % 2 == 0
                ? TcpFrames.tcp(TcpFrames.pattern(size, i), seq, flags, 0, 12, i)
                : TcpFrames.tcp6(TcpFrames.pattern(size, i), seq, flags, 12, 1234, 5678);
            seq += size;
            if (random.nextInt(6) == 0) {
                // a flipped byte anywhere: a bad checksum, another flow, a broken header, a gap in the sequence
                frame[random.nextInt(frame.length)] ^= (byte) (1 + random.nextInt(255));
            } else if (random.nextInt(20) == 0) {
                frame = Arrays.copyOf(frame, random.nextInt(frame.length + 1));
            }
            coalescer.add(frame, 0, frame.length, sink);
            added++;
            if (random.nextInt(50) == 0) {
                coalescer.flush(sink);
            }
        }
        coalescer.flush(sink);
        int segments = 0;
        int joined6 = 0;
        for (byte[] packet : written) {
            final VirtioNetHeader h = new VirtioNetHeader().decode(packet, 0);
            if (h.gsoType == VirtioNetHeader.GSO_NONE) {
                segments++;
                continue;
            }
            if (h.gsoType == VirtioNetHeader.GSO_TCPV6) {
                joined6++;
            }
            final List<byte[]> back = PacketSource.drain(new VnetFrameReader(new PacketSource().add(packet),
                new OffloadCounters(), 70000, 65535 + ETH));
            for (byte[] f : back) {
                assertTrue(TcpFrames.ipChecksumOk(f) && TcpFrames.tcpChecksumOk(f), "a joined segment is valid");
            }
            segments += back.size();
        }
        assertEquals(added, segments, "every frame written exactly once");
        assertTrue(counters.joinedFrames.sum() > joined6 && joined6 > 0, "joins of both families happened");
    }
}
