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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a TAP queue with a virtio_net_hdr writes, with joining (GRO) allowed or not. The queue writes to a plain file
 * instead of a TAP (write(2) is the same call), so the test needs no privileges.
 */
class TapQueueWriteTest {
    private static final int SEGMENT = 1000;

    private Path file;
    private int fd;
    private TapDevice.Queue queue;
    private final OffloadCounters counters = new OffloadCounters();

    @BeforeEach
    void open() throws IOException {
        file = Files.createTempFile("tap-queue", ".bin");
        fd = LibC.open(file.toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
        assertTrue(fd >= 0, "open " + file);
        queue = new TapDevice.Queue(fd, new TapOffloads(true, true), counters);
    }

    @AfterEach
    void close() throws IOException {
        queue.close();
        Files.deleteIfExists(file);
    }

    private static List<byte[]> segments(int count) {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            frames.add(TcpFrames.tcp(TcpFrames.pattern(SEGMENT, i), 1000L + (long) i * SEGMENT, ACK, 0, 12, 7 + i));
        }
        return frames;
    }

    private void writeBatch(List<byte[]> frames) throws IOException {
        queue.beginWriteBatch();
        for (byte[] f : frames) {
            queue.write(f, 0, f.length);
        }
        queue.endWriteBatch();
    }

    /** The written (virtio_net_hdr, frame) records, cut by each frame's IPv4 total length. */
    private List<byte[]> written() throws IOException {
        final byte[] all = Files.readAllBytes(file);
        final List<byte[]> frames = new ArrayList<>();
        int at = 0;
        while (at < all.length) {
            final int frameStart = at + VirtioNetHeader.LENGTH;
            final int len = TcpFrames.ETH + TcpFrames.get16(all, frameStart + TcpFrames.ETH + 2);
            final byte[] packet = new byte[VirtioNetHeader.LENGTH + len];
            System.arraycopy(all, at, packet, 0, packet.length);
            frames.add(packet);
            at = frameStart + len;
        }
        return frames;
    }

    @Test
    void joinsABatchWhileAllowed() throws IOException {
        writeBatch(segments(3));
        final List<byte[]> out = written();
        assertEquals(1, out.size(), "three segments of one flow, one GSO write");
        assertEquals(VirtioNetHeader.GSO_TCPV4, new VirtioNetHeader().decode(out.get(0), 0).gsoType);
        assertEquals(1, counters.joinedFrames.sum());
    }

    @Test
    void writesEachFrameWhenJoiningIsNotAllowed() throws IOException {
        queue.allowCoalescing(false);
        writeBatch(segments(3));
        final List<byte[]> out = written();
        assertEquals(3, out.size(), "a reader that takes no GSO frames gets every segment as it came");
        for (byte[] p : out) {
            assertEquals(VirtioNetHeader.GSO_NONE, new VirtioNetHeader().decode(p, 0).gsoType);
            assertEquals(VirtioNetHeader.LENGTH + TcpFrames.ETH + 20 + 32 + SEGMENT, p.length);
        }
        assertEquals(0, counters.joinedFrames.sum());
        queue.allowCoalescing(true);
        writeBatch(segments(2));
        assertEquals(4, written().size(), "allowed again: the next batch is joined");
    }

    @Test
    void aBatchBegunWhileAllowedIsWrittenOutWhenJoiningStopsMidway() throws IOException {
        final List<byte[]> frames = segments(2);
        queue.beginWriteBatch();
        queue.write(frames.get(0), 0, frames.get(0).length);
        queue.allowCoalescing(false);
        queue.write(frames.get(1), 0, frames.get(1).length);
        queue.endWriteBatch();
        final List<byte[]> out = written();
        assertEquals(1, out.size(), "nothing held back is lost");
        assertEquals(2 * SEGMENT, out.get(0).length - VirtioNetHeader.LENGTH - TcpFrames.ETH - 20 - 32);
    }
}
