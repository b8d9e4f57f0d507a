/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

import java.util.Objects;

/**
 * How one TCP or UDP conversation looks on the two sides of a rewriting switch: on the inner side the local
 * endpoint is {@code localInner} talking to {@code peerInner}; on the outer side the same packets carry
 * {@code localOuter} and {@code peerOuter}. This is the single description from which both the SDN NAT and the
 * VIAS encapsulation bypass derive their rules (see {@link RewriteRules}):
 * <ul>
 *   <li>NAT: nVM:X inside is host:Y outside; the peer is the same on both sides (so it is never rewritten and may
 *       be a wildcard, which is what makes the incoming entry full-cone).</li>
 *   <li>Bypass: overlay A:pa talking to overlay B:pb inside is underlay L:lp talking to underlay R:rp outside.</li>
 * </ul>
 *
 * <p>A peer that is rewritten (inner differs from outer) must be {@link PeerSelector#isExact exact} on both sides,
 * because a wildcard cannot be written into a packet.
 */
public record Translation(short ipProto, HostPort localInner, HostPort localOuter, PeerSelector peerInner,
        PeerSelector peerOuter) {

    public Translation {
        if (ipProto != FlowMatch.PROTO_TCP && ipProto != FlowMatch.PROTO_UDP) {
            throw new IllegalArgumentException("ipProto: OpenFlow 1.3 rewrites ports of tcp or udp only, was "
                + ipProto);
        }
        Objects.requireNonNull(localInner, "localInner");
        Objects.requireNonNull(localOuter, "localOuter");
        Objects.requireNonNull(peerInner, "peerInner");
        Objects.requireNonNull(peerOuter, "peerOuter");
        if (!peerInner.equals(peerOuter) && (!peerInner.isExact() || !peerOuter.isExact())) {
            throw new IllegalArgumentException("peerInner/peerOuter: a rewritten peer must be one host and port on "
                + "both sides, was " + peerInner + " / " + peerOuter);
        }
    }

    /** NAT shape: the local endpoint is translated, the peer is whatever {@code peer} selects on both sides. */
    public static Translation localOnly(final short ipProto, final HostPort inner, final HostPort outer,
            final PeerSelector peer) {
        return new Translation(ipProto, inner, outer, peer, peer);
    }
}
