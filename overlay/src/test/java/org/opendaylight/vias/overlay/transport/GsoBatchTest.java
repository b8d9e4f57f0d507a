/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GsoBatchTest {

    @Test
    void equalSizesShareABatchAndAShorterOneEndsIt() {
        final GsoBatch batch = new GsoBatch();
        batch.add(1400);
        batch.add(1400);
        assertTrue(batch.accepts(1400));
        assertFalse(batch.full());
        batch.add(77); // the kernel lets the last segment be shorter
        assertTrue(batch.full());
        assertFalse(batch.accepts(77), "nothing may follow the short segment");
        assertFalse(batch.accepts(1));
        assertEquals(1400, batch.segment());
        assertEquals(3, batch.count());
        assertEquals(2877, batch.bytes());
    }

    @Test
    void aLongerDatagramNeedsANewBatch() {
        final GsoBatch batch = new GsoBatch();
        batch.add(100);
        assertFalse(batch.accepts(101));
        assertThrows(IllegalStateException.class, () -> batch.add(101));
        batch.clear();
        assertTrue(batch.accepts(101));
        assertEquals(0, batch.count());
    }

    @Test
    void limitsOnSegmentsAndBytes() {
        final GsoBatch small = new GsoBatch();
        for (int i = 0; i < GsoBatch.MAX_SEGMENTS; i++) {
            assertTrue(small.accepts(10));
            small.add(10);
        }
        assertTrue(small.full());
        assertFalse(small.accepts(10));

        // 9000-byte segments (jumbo underlay): 64 KiB holds seven
        final GsoBatch jumbo = new GsoBatch();
        int n = 0;
        while (jumbo.accepts(9000)) {
            jumbo.add(9000);
            n++;
        }
        assertEquals(GsoBatch.MAX_BYTES / 9000, n);
        assertTrue(jumbo.bytes() <= GsoBatch.MAX_BYTES);
    }

    @Test
    void aFirstDatagramIsAlwaysAccepted() {
        final GsoBatch batch = new GsoBatch();
        // larger than the path MTU or not: sizes are the caller's business, one datagram is one send
        assertTrue(batch.accepts(GsoBatch.MAX_BYTES));
        batch.add(GsoBatch.MAX_BYTES);
        assertTrue(batch.full());
        assertThrows(IllegalArgumentException.class, () -> new GsoBatch().accepts(0));
    }

    /** Random streams cut into batches: every batch is valid for UDP_SEGMENT and the order is kept. */
    @Test
    void randomStreamsSplitIntoValidBatches() {
        final Random random = new Random(17);
        for (int round = 0; round < 200; round++) {
            final List<Integer> sizes = new ArrayList<>();
            final int count = 1 + random.nextInt(300);
            for (int i = 0; i < count; i++) {
                // mostly full-size records, some odd ones, as a TCP stream with ACKs looks
                sizes.add(random.nextInt(4) == 0 ? 1 + random.nextInt(1472) : 1472);
            }
            final List<Integer> replayed = new ArrayList<>();
            final GsoBatch batch = new GsoBatch();
            final List<Integer> current = new ArrayList<>();
            for (int size : sizes) {
                if (!batch.accepts(size)) {
                    check(current, batch);
                    replayed.addAll(current);
                    current.clear();
                    batch.clear();
                }
                batch.add(size);
                current.add(size);
                if (batch.full()) {
                    check(current, batch);
                    replayed.addAll(current);
                    current.clear();
                    batch.clear();
                }
            }
            check(current, batch);
            replayed.addAll(current);
            assertEquals(sizes, replayed);
        }
    }

    /** What the kernel requires: all segments but the last of the batch's size, the last not longer. */
    private static void check(List<Integer> sizes, GsoBatch batch) {
        if (sizes.isEmpty()) {
            return;
        }
        assertEquals(sizes.get(0), batch.segment());
        for (int i = 0; i < sizes.size() - 1; i++) {
            assertEquals(batch.segment(), sizes.get(i));
        }
        assertTrue(sizes.get(sizes.size() - 1) <= batch.segment());
        assertTrue(sizes.size() <= GsoBatch.MAX_SEGMENTS);
        assertEquals(sizes.stream().mapToInt(Integer::intValue).sum(), batch.bytes());
        assertTrue(batch.bytes() <= GsoBatch.MAX_BYTES || sizes.size() == 1);
    }
}
