/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.overlay;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.WriteTransaction;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.ice.IceOverlayNode.PeerStatus;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.ZeroBasedCounter64;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.DottedQuad;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.LinkState;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.OverlayUid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.State;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.Link;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.LinkBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.LinkKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.OverlayNode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.OverlayNodeBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.Peer;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.PeerBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.PeerKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.link.RxBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.link.TxBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.overlay.node.CertificateRejectedBuilder;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.opendaylight.yangtools.yang.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Uint64;

/**
 * Writes the overlay's peers, links (with counters) and node status to the OPERATIONAL {@code vias:state}. Entries
 * of peers that are gone are deleted; only the overlay's own parts of {@code state} are touched. Called on the
 * overlay service's thread only.
 */
final class OverlayStateWriter {
    private static final long TIMEOUT_SECONDS = 10;
    private static final InstanceIdentifier<OverlayNode> NODE_PATH =
        InstanceIdentifier.create(State.class).child(OverlayNode.class);

    /** The node's status as vias:state shows it. */
    record NodeStatus(boolean running, String status, Uid uid, String tapName, String bridgeName,
            Map<String, Long> certificateRejected) {
    }

    private final DataBroker broker;
    private final Set<Uid> writtenPeers = new HashSet<>();
    private final Set<Uid> writtenLinks = new HashSet<>();

    OverlayStateWriter(final DataBroker broker) {
        this.broker = broker;
    }

    void write(final NodeStatus node, final List<PeerStatus> peers, final List<OverlayRuntime.LinkView> links)
            throws Exception {
        final WriteTransaction tx = broker.newWriteOnlyTransaction();
        final OverlayNodeBuilder nb = new OverlayNodeBuilder().setRunning(node.running()).setStatus(node.status())
            .setTapName(node.tapName()).setBridgeName(node.bridgeName())
            .setCertificateRejected(BindingMap.ordered(node.certificateRejected().entrySet().stream()
                .map(e -> new CertificateRejectedBuilder().setReason(e.getKey()).setCount(counter(e.getValue()))
                    .build()).toList()));
        if (node.uid() != null) {
            nb.setUid(new OverlayUid(node.uid().toString()));
        }
        tx.mergeParentStructurePut(LogicalDatastoreType.OPERATIONAL, NODE_PATH, nb.build());

        final Map<Uid, PeerStatus> peerNow = new HashMap<>();
        for (PeerStatus p : peers) {
            peerNow.put(p.uid(), p);
            tx.mergeParentStructurePut(LogicalDatastoreType.OPERATIONAL, peerPath(p.uid()), new PeerBuilder()
                .setUid(new OverlayUid(p.uid().toString()))
                .setOverlayAddress(p.overlayAddress() == null ? null : new DottedQuad(p.overlayAddress()))
                .setLocation(p.capabilities().get("location"))
                .setPresent(p.present())
                .setLinked(p.linked())
                .build());
        }
        for (Uid gone : writtenPeers) {
            if (!peerNow.containsKey(gone)) {
                tx.delete(LogicalDatastoreType.OPERATIONAL, peerPath(gone));
            }
        }
        final Set<Uid> linkNow = new HashSet<>();
        for (OverlayRuntime.LinkView l : links) {
            linkNow.add(l.peer());
            final PeerStatus p = peerNow.get(l.peer());
            tx.mergeParentStructurePut(LogicalDatastoreType.OPERATIONAL, linkPath(l.peer()), new LinkBuilder()
                .setPeerUid(new OverlayUid(l.peer().toString()))
                .setState(linkState(l.state()))
                .setLocalCandidate(l.localCandidate())
                .setRemoteCandidate(l.remoteCandidate())
                .setPath(p == null || p.path() == null ? null : p.path().toString())
                .setLastError(p == null ? null : p.lastError())
                .setTx(new TxBuilder().setPackets(counter(l.txPackets())).setBytes(counter(l.txBytes())).build())
                .setRx(new RxBuilder().setPackets(counter(l.rxPackets())).setBytes(counter(l.rxBytes())).build())
                .build());
        }
        for (Uid gone : writtenLinks) {
            if (!linkNow.contains(gone)) {
                tx.delete(LogicalDatastoreType.OPERATIONAL, linkPath(gone));
            }
        }
        tx.commit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        writtenPeers.clear();
        writtenPeers.addAll(peerNow.keySet());
        writtenLinks.clear();
        writtenLinks.addAll(linkNow);
    }

    /** Removes everything this writer put into vias:state (the service is stopping). */
    void clear() throws Exception {
        final WriteTransaction tx = broker.newWriteOnlyTransaction();
        tx.delete(LogicalDatastoreType.OPERATIONAL, NODE_PATH);
        writtenPeers.forEach(uid -> tx.delete(LogicalDatastoreType.OPERATIONAL, peerPath(uid)));
        writtenLinks.forEach(uid -> tx.delete(LogicalDatastoreType.OPERATIONAL, linkPath(uid)));
        tx.commit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        writtenPeers.clear();
        writtenLinks.clear();
    }

    static LinkState linkState(final String name) {
        return switch (name) {
            case OverlayViews.CONNECTED -> LinkState.Connected;
            case OverlayViews.FAILED -> LinkState.Failed;
            default -> LinkState.Connecting;
        };
    }

    private static ZeroBasedCounter64 counter(final long value) {
        return new ZeroBasedCounter64(Uint64.fromLongBits(value));
    }

    private static InstanceIdentifier<Peer> peerPath(final Uid uid) {
        return InstanceIdentifier.create(State.class).child(Peer.class, new PeerKey(new OverlayUid(uid.toString())));
    }

    private static InstanceIdentifier<Link> linkPath(final Uid uid) {
        return InstanceIdentifier.create(State.class).child(Link.class, new LinkKey(new OverlayUid(uid.toString())));
    }
}
