/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * The one copy of VIAS's header-rewrite logic: turns a {@link Translation} into the outbound rule (inner to outer)
 * and the inbound rule (outer back to inner). SDN NAT and the encapsulation bypass both build their rules here.
 *
 * <p>Actions always come in the order eth_src, eth_dst, ip_src, ip_dst, L4 src, L4 dst, then the egress, so the
 * same translation always renders to the same {@code ovs-ofctl dump-flows} line. A field whose inner and outer
 * values are equal is not rewritten.
 */
public final class RewriteRules {

    private RewriteRules() {
    }

    /**
     * The rule for packets leaving the inner side: matches {@code localInner -> peerInner}, rewrites to
     * {@code localOuter -> peerOuter}.
     */
    public static RewriteRule outbound(final Translation translation, final L2Rewrite l2, final Egress egress) {
        final Translation tr = translation;
        final FlowMatch match = select(tr.ipProto(), PeerSelector.exactly(tr.localInner()), tr.peerInner());
        return rewrite(tr.ipProto(), match, l2, endpointChange(tr.localInner(), tr.localOuter()),
            peerChange(tr.peerInner(), tr.peerOuter()), egress);
    }

    /**
     * The rule for packets arriving from the outer side: matches {@code peerOuter -> localOuter}, rewrites to
     * {@code peerInner -> localInner}.
     */
    public static RewriteRule inbound(final Translation translation, final L2Rewrite l2, final Egress egress) {
        final Translation tr = translation;
        final FlowMatch match = select(tr.ipProto(), tr.peerOuter(), PeerSelector.exactly(tr.localOuter()));
        return rewrite(tr.ipProto(), match, l2, peerChange(tr.peerOuter(), tr.peerInner()),
            endpointChange(tr.localOuter(), tr.localInner()), egress);
    }

    private static FlowMatch select(final short ipProto, final PeerSelector src, final PeerSelector dst) {
        final FlowMatch.Builder match = FlowMatch.builder().ipProto(ipProto);
        if (src.address() != null) {
            match.ipv4Src(src.address());
        }
        if (dst.address() != null) {
            match.ipv4Dst(dst.address());
        }
        if (src.port() != null) {
            match.tpSrc(src.port());
        }
        if (dst.port() != null) {
            match.tpDst(dst.port());
        }
        return match.build();
    }

    /** What to write for one endpoint: {@code null} parts stay as they are. */
    private record Change(Integer address, Integer port) {
        static final Change NONE = new Change(null, null);
    }

    private static Change endpointChange(final HostPort from, final HostPort to) {
        return new Change(from.address() == to.address() ? null : to.address(),
            from.port() == to.port() ? null : to.port());
    }

    private static Change peerChange(final PeerSelector from, final PeerSelector to) {
        if (from.equals(to)) {
            return Change.NONE;
        }
        // Translation's constructor guarantees both are exact here.
        return endpointChange(new HostPort(from.address().address(), from.port()),
            new HostPort(to.address().address(), to.port()));
    }

    private static RewriteRule rewrite(final short ipProto, final FlowMatch match, final L2Rewrite l2,
            final Change src, final Change dst, final Egress egress) {
        final List<FlowAction> actions = new ArrayList<>();
        if (l2.ethSrc() != null) {
            actions.add(new FlowAction.SetEthSrc(l2.ethSrc()));
        }
        if (l2.ethDst() != null) {
            actions.add(new FlowAction.SetEthDst(l2.ethDst()));
        }
        if (src.address() != null) {
            actions.add(new FlowAction.SetIpv4Src(src.address()));
        }
        if (dst.address() != null) {
            actions.add(new FlowAction.SetIpv4Dst(dst.address()));
        }
        if (src.port() != null) {
            actions.add(new FlowAction.SetTpSrc(ipProto, src.port()));
        }
        if (dst.port() != null) {
            actions.add(new FlowAction.SetTpDst(ipProto, dst.port()));
        }
        if (egress.action() != null) {
            actions.add(egress.action());
        }
        return new RewriteRule(match, actions, egress.gotoTable());
    }
}
