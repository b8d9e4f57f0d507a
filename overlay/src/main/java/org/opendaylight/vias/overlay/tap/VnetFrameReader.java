/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.tap;

import java.io.IOException;

/**
 * Turns reads of a TAP with {@code IFF_VNET_HDR} into plain Ethernet frames, one per call: a GSO frame is cut into
 * segments ({@link TcpSegmenter}) handed out one by one, a frame with {@code NEEDS_CSUM} gets its checksum, and a read
 * that cannot be made into frames (short, bad offsets, a GSO type not asked for, not TCP over IPv4 or IPv6) is counted under its
 * {@link OffloadDrop} and skipped, so the reader goes on with the next one. One reader thread; not thread-safe.
 */
public final class VnetFrameReader {
    /** The device side: one read(2) at a time into a buffer the reader copies from. */
    public interface Source {
        /** Reads one packet (virtio_net_hdr + frame); returns its length, or 0 if none is waiting. */
        int read() throws IOException;

        /** Copies {@code len} bytes of the last packet from {@code from} to {@code dst[off..]}. */
        void copy(int from, byte[] dst, int off, int len);
    }

    private final Source source;
    private final OffloadCounters counters;
    private final byte[] gsoFrame;
    private final byte[] headerBytes = new byte[VirtioNetHeader.LENGTH];
    private final VirtioNetHeader header = new VirtioNetHeader();
    private final TcpSegmenter segmenter = new TcpSegmenter();
    private volatile int maxSegmentFrame;

    /**
     * @param maxPacket largest read (header included) the source returns
     * @param maxSegmentFrame largest frame to cut a GSO frame into (TAP MTU + Ethernet header)
     */
    public VnetFrameReader(Source source, OffloadCounters counters, int maxPacket, int maxSegmentFrame) {
        this.source = source;
        this.counters = counters;
        this.gsoFrame = new byte[maxPacket];
        this.maxSegmentFrame = maxSegmentFrame;
    }

    /** Changes the largest segment frame (the TAP's MTU was set); takes effect with the next GSO frame. */
    public void setMaxSegmentFrame(int maxSegmentFrame) {
        this.maxSegmentFrame = maxSegmentFrame;
    }

    /**
     * Reads one frame into {@code buf[off..]}.
     *
     * @return its length, 0 if nothing is waiting, or -length if it does not fit in {@code len} (then dropped)
     */
    public int read(byte[] buf, int off, int len) throws IOException {
        while (true) {
            if (segmenter.hasNext()) {
                final int next = segmenter.nextLength();
                if (next > len) {
                    segmenter.reset();
                    return -next;
                }
                counters.gsoSegments.increment();
                return segmenter.next(buf, off);
            }
            final int n = source.read();
            if (n <= 0) {
                return 0;
            }
            final int frame = n - VirtioNetHeader.LENGTH;
            if (frame <= 0) {
                // an empty frame must not look like "nothing waiting" (0) to the caller
                counters.drop(OffloadDrop.SHORT_VNET_HEADER);
                continue;
            }
            source.copy(0, headerBytes, 0, VirtioNetHeader.LENGTH);
            header.decode(headerBytes, 0);
            if (header.gsoType == VirtioNetHeader.GSO_NONE) {
                if (frame > len) {
                    return -frame;
                }
                source.copy(VirtioNetHeader.LENGTH, buf, off, frame);
                final OffloadDrop bad = TcpSegmenter.completeChecksum(header, buf, off, frame);
                if (bad != null) {
                    counters.drop(bad);
                    continue;
                }
                if ((header.flags & VirtioNetHeader.F_NEEDS_CSUM) != 0) {
                    counters.checksumsCompleted.increment();
                }
                return frame;
            }
            source.copy(VirtioNetHeader.LENGTH, gsoFrame, 0, frame);
            final OffloadDrop bad = segmenter.load(header, gsoFrame, 0, frame, maxSegmentFrame);
            if (bad != null) {
                counters.drop(bad);
                continue;
            }
            counters.gsoFrames.increment();
        }
    }
}
