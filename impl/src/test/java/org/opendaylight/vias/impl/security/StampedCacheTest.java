/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StampedCacheTest {
    private static final Duration MAX_AGE = Duration.ofMinutes(10);

    /** A store whose every read writes its own stamp, as H2 does when a connection opens and closes. */
    private static final class Store {
        int stamp;
        String content = "admin/admin";
        final AtomicInteger reads = new AtomicInteger();

        String read() throws IOException {
            if (content == null) {
                throw new IOException("store down");
            }
            reads.incrementAndGet();
            stamp++;
            return content;
        }

        void write(final String next) {
            content = next;
            stamp++;
        }
    }

    private final Store store = new Store();
    private long now;
    private final StampedCache<String, IOException> cache = new StampedCache<>(store::read,
        () -> Optional.of(store.stamp), () -> now, MAX_AGE);

    @Test
    void anUnchangedStoreIsReadOnceEvenThoughItsOwnReadsWriteIt() throws IOException {
        for (int i = 0; i < 20; i++) {
            assertEquals("admin/admin", cache.get());
            now += Duration.ofSeconds(30).toNanos();
        }
        assertEquals(1, store.reads.get());
    }

    @Test
    void aWriteIsSeenByTheNextGet() throws IOException {
        cache.get();
        store.write("admin/n3w-Secret");
        assertEquals("admin/n3w-Secret", cache.get());
        assertEquals("admin/n3w-Secret", cache.get());
        assertEquals(2, store.reads.get());
    }

    @Test
    void theStoreIsReadAgainAfterMaxAgeWhateverItsStamp() throws IOException {
        cache.get();
        now += MAX_AGE.toNanos() - 1;
        cache.get();
        assertEquals(1, store.reads.get());
        now += 1;
        cache.get();
        assertEquals(2, store.reads.get());
    }

    @Test
    void withoutAStampEveryGetReads() throws IOException {
        final StampedCache<String, IOException> noStamp = new StampedCache<>(store::read, Optional::empty,
            () -> now, MAX_AGE);
        noStamp.get();
        noStamp.get();
        assertEquals(2, store.reads.get());
    }

    @Test
    void aFailedReadIsNotCachedAndThrows() throws IOException {
        cache.get();
        store.write(null);
        assertThrows(IOException.class, cache::get);
        store.write("admin/admin");
        assertEquals("admin/admin", cache.get());
        assertEquals(2, store.reads.get());
    }

    @Test
    void aNonPositiveMaxAgeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StampedCache<>(store::read,
            () -> Optional.of(store.stamp), () -> now, Duration.ZERO));
    }

    @Test
    void aFilesStampChangesWithItsContentOrTimeAndIsEmptyWithoutTheFile(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("idmlight.db.mv.db");
        assertTrue(StampedCache.fileStamp(file).isEmpty());
        Files.writeString(file, "one");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));
        final Optional<Object> first = StampedCache.fileStamp(file);
        assertTrue(first.isPresent());
        assertEquals(first, StampedCache.fileStamp(file));
        Files.writeString(file, "two");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));
        assertEquals(first, StampedCache.fileStamp(file), "same size and time: a stamp cannot tell");
        Files.writeString(file, "three");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));
        assertNotEquals(first, StampedCache.fileStamp(file), "another size");
        final Optional<Object> sized = StampedCache.fileStamp(file);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_001));
        assertNotEquals(sized, StampedCache.fileStamp(file), "another time");
    }
}
