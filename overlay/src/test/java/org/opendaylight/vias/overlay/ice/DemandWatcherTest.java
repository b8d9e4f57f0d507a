/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.tap.FramePort;

class DemandWatcherTest {
    /** Records what reaches the TAP side. */
    private static final class RecordingPort implements FramePort {
        final List<String> calls = new ArrayList<>();

        @Override
        public int read(byte[] buf, int off, int len) {
            return 0;
        }

        @Override
        public void awaitReadable(int timeoutMillis) {
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            calls.add("write " + len);
        }

        @Override
        public void beginWriteBatch() {
            calls.add("begin");
        }

        @Override
        public void endWriteBatch() {
            calls.add("end");
        }
    }

    @Test
    void writeBatchesReachTheTapSoItCanJoinSegments() throws Exception {
        final RecordingPort tap = new RecordingPort();
        final DemandWatcher watcher = new DemandWatcher(tap, peer -> { });
        watcher.beginWriteBatch();
        watcher.write(new byte[60], 0, 60);
        watcher.write(new byte[70], 0, 70);
        watcher.endWriteBatch();
        assertEquals(List.of("begin", "write 60", "write 70", "end"), tap.calls);
    }
}
