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
 * Where the overlay reads and writes Ethernet frames: a TAP queue in production, an in-memory port in tests.
 */
public interface FramePort {

    /** Reads one frame into {@code buf[off..]}; returns its length, 0 if none is waiting, or -length if too long. */
    int read(byte[] buf, int off, int len) throws IOException;

    /** Blocks until {@link #read} may return a frame or {@code timeoutMillis} passes. */
    void awaitReadable(int timeoutMillis);

    /** Writes one frame towards the host; callable from any thread. */
    void write(byte[] buf, int off, int len) throws IOException;

    /**
     * The calling thread is about to write a burst: until {@link #endWriteBatch}, its frames may be held back and
     * joined (a TAP with GRO on). Ports without such an offload ignore this.
     */
    default void beginWriteBatch() {
    }

    /** Ends the calling thread's burst: whatever was held back is written now. */
    default void endWriteBatch() throws IOException {
    }
}
