/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.node;

import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.opendaylight.vias.overlay.tap.FramePort;

/** A TAP stand-in: tests put frames "from the host" into {@link #toOverlay}, read what the overlay wrote. */
final class MemoryPort implements FramePort {
    final BlockingQueue<byte[]> toOverlay = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> toHost = new LinkedBlockingQueue<>();

    /** A frame {@link #awaitReadable} took off the queue; only the single reader thread touches it. */
    private byte[] peeked;

    @Override
    public int read(byte[] buf, int off, int len) {
        final byte[] frame = peeked != null ? peeked : toOverlay.poll();
        peeked = null;
        if (frame == null) {
            return 0;
        }
        if (frame.length > len) {
            return -frame.length;
        }
        System.arraycopy(frame, 0, buf, off, frame.length);
        return frame.length;
    }

    @Override
    public void awaitReadable(int timeoutMillis) {
        try {
            if (peeked == null) {
                peeked = toOverlay.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        toHost.add(Arrays.copyOfRange(buf, off, off + len));
    }
}
