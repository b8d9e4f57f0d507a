/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Comparator;
import org.opendaylight.vias.overlay.Uid;

/**
 * Which peers a node keeps links to without being asked: all of them while the overlay has at most
 * {@code maxLinks} present peers, else the {@code maxLinks} nearest by UID XOR distance (a ring-like mesh in which
 * every node has a few near neighbours); others are linked on demand.
 */
final class LinkTopology {
    private final Uid self;
    private final int maxLinks;

    LinkTopology(Uid self, int maxLinks) {
        if (maxLinks < 1) {
            throw new IllegalArgumentException("topology.max-links must be at least 1, got " + maxLinks);
        }
        this.self = self;
        this.maxLinks = maxLinks;
    }

    /** True if {@code peer} is one of the {@code maxLinks} nearest of the {@code present} peers (or all are kept). */
    boolean nearest(Uid peer, Collection<Uid> present) {
        if (present.size() <= maxLinks) {
            return true;
        }
        return present.stream().sorted(Comparator.comparing(this::distance)).limit(maxLinks)
            .anyMatch(peer::equals);
    }

    private BigInteger distance(Uid other) {
        final byte[] a = self.toBytes();
        final byte[] b = other.toBytes();
        final byte[] x = new byte[a.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (byte) (a[i] ^ b[i]);
        }
        return new BigInteger(1, x);
    }
}
