/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.transport;

/**
 * Which datagrams may share one UDP GSO send ({@code UDP_SEGMENT}): the kernel cuts the buffer into datagrams of the
 * segment size, and only the last may be shorter. So a batch takes datagrams of its first datagram's size, ends with
 * the first shorter one, and must be sent before a longer one; it also ends at {@link #MAX_SEGMENTS} datagrams or
 * {@link #MAX_BYTES} (one UDP send carries at most 64 KiB). Tracks sizes only; the caller owns the bytes.
 */
final class GsoBatch {
    /** The kernel's limit on segments per GSO send (UDP_MAX_SEGMENTS is 64 on older kernels). */
    static final int MAX_SEGMENTS = 64;
    /** Room for IPv6 + UDP headers below the 64 KiB IP datagram limit. */
    static final int MAX_BYTES = 65535 - 40 - 8;

    private int segment;
    private int count;
    private int bytes;
    private boolean sealed;

    /** True if a datagram of {@code length} bytes may join this batch; false means: send the batch first. */
    boolean accepts(int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("datagram length " + length);
        }
        return count == 0 || !sealed && length <= segment && count < MAX_SEGMENTS && bytes + length <= MAX_BYTES;
    }

    /** Adds a datagram that {@link #accepts} it. */
    void add(int length) {
        if (!accepts(length)) {
            throw new IllegalStateException("datagram of " + length + " bytes does not fit " + this);
        }
        if (count == 0) {
            segment = length;
        } else if (length < segment) {
            sealed = true;
        }
        count++;
        bytes += length;
    }

    /** True once no further datagram can join (a shorter one ended it, or a limit is reached). */
    boolean full() {
        return count > 0 && (sealed || count == MAX_SEGMENTS || bytes + 1 > MAX_BYTES);
    }

    int segment() {
        return segment;
    }

    int count() {
        return count;
    }

    int bytes() {
        return bytes;
    }

    void clear() {
        segment = 0;
        count = 0;
        bytes = 0;
        sealed = false;
    }

    @Override
    public String toString() {
        return "GsoBatch[segment=" + segment + " count=" + count + " bytes=" + bytes + (sealed ? " sealed]" : "]");
    }
}
