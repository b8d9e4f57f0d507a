/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

/**
 * Anti-replay for one peer's sequence numbers, as in IPsec and DTLS: the highest sequence seen and a 64-bit bitmap of
 * the ones just below it. Retransmissions carry fresh sequence numbers, so only a replayed copy is refused; messages
 * reordered by less than 64 still pass. Not thread-safe (the negotiator's lock guards it).
 */
final class ReplayWindow {
    static final int SIZE = 64;

    private long highest;
    private long seen;

    /** True, and remembers {@code sequence}, if it was not seen and is not too old. */
    boolean accept(long sequence) {
        if (sequence <= 0) {
            return false;
        }
        if (sequence > highest) {
            final long shift = sequence - highest;
            seen = shift >= SIZE ? 1 : seen << shift | 1;
            highest = sequence;
            return true;
        }
        final long age = highest - sequence;
        if (age >= SIZE) {
            return false;
        }
        final long bit = 1L << age;
        if ((seen & bit) != 0) {
            return false;
        }
        seen |= bit;
        return true;
    }
}
