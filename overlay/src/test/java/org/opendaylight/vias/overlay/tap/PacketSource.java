/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.tap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A TAP stand-in for {@link VnetFrameReader}: hands out queued packets (virtio_net_hdr + frame) one read at a time. */
final class PacketSource implements VnetFrameReader.Source {
    final Deque<byte[]> packets = new ArrayDeque<>();
    private byte[] last;

    PacketSource add(byte[] packet) {
        packets.add(packet);
        return this;
    }

    @Override
    public int read() {
        last = packets.poll();
        return last == null ? 0 : last.length;
    }

    @Override
    public void copy(int from, byte[] dst, int off, int len) {
        System.arraycopy(last, from, dst, off, len);
    }

    /** Everything a reader makes of the queued packets, frame by frame. */
    static List<byte[]> drain(VnetFrameReader reader) throws java.io.IOException {
        final List<byte[]> frames = new ArrayList<>();
        final byte[] buf = new byte[70000];
        int n;
        while ((n = reader.read(buf, 0, buf.length)) != 0) {
            frames.add(java.util.Arrays.copyOf(buf, n));
        }
        return frames;
    }
}
