/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The last value read from a store that is costly to read, read again only when the store's stamp changed since,
 * when there is no stamp, or when {@code maxAge} has passed. The stamp is taken right after each read, so a store
 * that writes its file when it is read (AAA's H2 database does, on every open and close) does not look changed
 * by our own read; any later write, by anyone, does. {@code maxAge} bounds what a change written between a read and
 * its stamp (a few microseconds) could stay unseen.
 *
 * <p>Why: AAA's user store is H2, and every read of it opens the database (AAA closes its connection after each
 * statement): about 70 ms of CPU. Two checks reading it every 30 s were 0.4-0.5 % of a core on an idle controller
 * ({@code docs/scale.md}). Thread-safe; a failed read is not cached.
 *
 * @param <T> the value read
 * @param <E> what a read may throw
 */
final class StampedCache<T, E extends Exception> {
    /** Reads the store. */
    @FunctionalInterface
    interface Reader<T, E extends Exception> {
        T read() throws E;
    }

    private final Reader<T, E> reader;
    private final Supplier<Optional<Object>> stamp;
    private final LongSupplier nanoClock;
    private final long maxAgeNanos;
    private T value;
    private Optional<Object> stampAfterRead = Optional.empty();
    private long readAt;
    private long reads;

    StampedCache(final Reader<T, E> reader, final Supplier<Optional<Object>> stamp, final LongSupplier nanoClock,
            final Duration maxAge) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
        }
        this.reader = Objects.requireNonNull(reader);
        this.stamp = Objects.requireNonNull(stamp);
        this.nanoClock = Objects.requireNonNull(nanoClock);
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The value as the store holds it now: the last one read while the store is unchanged, else a new read. */
    synchronized T get() throws E {
        final Optional<Object> now = stamp.get();
        if (value != null && now.isPresent() && now.equals(stampAfterRead)
                && nanoClock.getAsLong() - readAt < maxAgeNanos) {
            return value;
        }
        final T read = reader.read();
        value = Objects.requireNonNull(read, "read");
        stampAfterRead = stamp.get();
        readAt = nanoClock.getAsLong();
        reads++;
        return read;
    }

    /** How many times the store was read (tests, diagnostics). */
    synchronized long reads() {
        return reads;
    }

    /**
     * A file's stamp: its modification time and size; empty when it cannot be read (then every {@link #get} reads
     * the store).
     */
    static Optional<Object> fileStamp(final Path file) {
        try {
            final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(attributes.lastModifiedTime().toString() + "/" + attributes.size() + "/"
                + attributes.fileKey());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
