/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.nat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.WriteTransaction;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.vias.nat.AllocatorCounters;
import org.opendaylight.vias.nat.DropReason;
import org.opendaylight.vias.nat.NatMapping;
import org.opendaylight.vias.nat.NatProtocol;
import org.opendaylight.vias.rules.Ipv4Prefix;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.PortNumber;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Gauge32;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.ZeroBasedCounter64;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.NatCounterValues;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.NatMappingEntry;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.NatProtocolName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.State;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.nat.counter.values.Drop;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.nat.counter.values.DropBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.Counters;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.CountersBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.Nat;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.NatBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.nat.Mapping;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.nat.MappingBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.nat.MappingKey;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.opendaylight.yangtools.yang.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the NAT's mappings and counters to {@code vias:state/nat} (OPERATIONAL) and builds the same YANG values
 * for the RPCs. The values are built by pure static functions and what to write is worked out by
 * {@link NatStateDelta}; only {@link #write} touches the datastore.
 *
 * <p>Each publication writes only what changed since the last one that committed: the entries of mappings added or
 * changed (put by key), the keys of mappings gone (deleted), the counters when they changed, and nothing at all when
 * nothing changed. Republishing all 10,000 mappings every 2 s was most of the allocation behind the G1 pauses that
 * set the first packets' p99 at 500 new mappings/s (docs/scale.md). After a failed commit, what the datastore holds
 * is not known: the next publication is a full one, the whole list and counters written over what is there.
 */
final class NatStateWriter {
    private static final Logger LOG = LoggerFactory.getLogger(NatStateWriter.class);
    private static final InstanceIdentifier<Nat> PATH = InstanceIdentifier.create(State.class).child(Nat.class);
    private static final InstanceIdentifier<org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.nat
        .Counters> NAT_COUNTERS = PATH.child(
            org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.nat.Counters.class);
    private static final InstanceIdentifier<Counters> COUNTERS = InstanceIdentifier.create(State.class)
        .child(Counters.class);

    private final DataBroker broker;
    // all confined to the publishing thread
    /** What the datastore holds since the last publication that committed; null when not known (next one full). */
    private Map<NatStateDelta.Key, NatService.MappingView> published;
    /** The counters the datastore holds; null when not known. */
    private org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.nat.Counters publishedCounters;
    /** The node-wide {@code nat-mappings} gauge the datastore holds; -1 when not known. */
    private long publishedCount = -1;
    /** Whether this writer may have left {@code vias:state/nat} in the datastore (removed when the NAT goes off). */
    private boolean present;

    NatStateWriter(final DataBroker broker) {
        this.broker = broker;
    }

    /** Publishes the state, or removes it when {@code mappings} is null (NAT off). */
    void write(final List<NatService.MappingView> mappings, final NatService.Status status) {
        if (broker == null) {
            return;
        }
        if (mappings == null) {
            forgetPublished();
            if (!present) {
                return;
            }
            final WriteTransaction tx = broker.newWriteOnlyTransaction();
            tx.delete(LogicalDatastoreType.OPERATIONAL, PATH);
            tx.mergeParentStructureMerge(LogicalDatastoreType.OPERATIONAL, COUNTERS, new CountersBuilder()
                .setNatMappings(new Gauge32(Uint32.ZERO)).build());
            // a failed removal is tried again at the next tick (present stays true)
            present = !commit(tx);
            return;
        }
        final NatStateDelta delta;
        try {
            delta = NatStateDelta.between(published, mappings);
        } catch (IllegalArgumentException e) {
            LOG.warn("VIAS NAT: state not published: {}", e.getMessage());
            published = null;
            return;
        }
        final var counters = new org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.nat
            .CountersBuilder(counters(status)).build();
        final boolean countersChanged = !counters.equals(publishedCounters);
        final boolean countChanged = mappings.size() != publishedCount;
        if (delta.noEntryChange() && !countersChanged && !countChanged) {
            return;
        }
        final WriteTransaction tx = broker.newWriteOnlyTransaction();
        if (delta.full()) {
            final List<Mapping> entries = new ArrayList<>(delta.put().size());
            for (NatService.MappingView view : delta.put()) {
                entries.add(stored(view));
            }
            tx.mergeParentStructurePut(LogicalDatastoreType.OPERATIONAL, PATH, new NatBuilder()
                .setMapping(BindingMap.ordered(entries)).setCounters(counters).build());
        } else {
            for (NatService.MappingView view : delta.put()) {
                final Mapping entry = stored(view);
                tx.put(LogicalDatastoreType.OPERATIONAL, PATH.child(Mapping.class, entry.key()), entry);
            }
            for (NatStateDelta.Key key : delta.delete()) {
                tx.delete(LogicalDatastoreType.OPERATIONAL, PATH.child(Mapping.class, new MappingKey(
                    new PortNumber(Uint16.valueOf(key.externalPort())), protocolName(key.protocol()))));
            }
            if (countersChanged) {
                tx.put(LogicalDatastoreType.OPERATIONAL, NAT_COUNTERS, counters);
            }
        }
        if (delta.full() || countChanged) {
            tx.mergeParentStructureMerge(LogicalDatastoreType.OPERATIONAL, COUNTERS, new CountersBuilder()
                .setNatMappings(new Gauge32(Uint32.valueOf(mappings.size()))).build());
        }
        present = true;
        if (commit(tx)) {
            published = delta.after();
            publishedCounters = counters;
            publishedCount = mappings.size();
        } else {
            // what the datastore holds is not known: the next publication writes everything again
            forgetPublished();
        }
    }

    private void forgetPublished() {
        published = null;
        publishedCounters = null;
        publishedCount = -1;
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private static boolean commit(final WriteTransaction tx) {
        try {
            tx.commit().get(10, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            LOG.debug("VIAS NAT: could not write state", e);
            return false;
        }
    }

    /**
     * One mapping as the operational datastore holds it: {@link #entry} without {@code idle-seconds} and without the
     * packet counters. Idle seconds change every second for every mapping, so carrying them would make every entry
     * differ from its previous publication and every publication rewrite all of them; {@code last-used} changes only
     * when the mapping carries traffic, and the idle time is derived from it where it is read ({@code vias:nat list}
     * and get-nat-mappings compute it at the time of the request). The packet counters are the switch's statistics of
     * every NAT entry: reading 20,000 of them for each publication delayed first packets, so they are read when
     * someone lists the mappings.
     */
    static Mapping stored(final NatService.MappingView view) {
        return builder(view, null).setPacketsOut(null).setPacketsIn(null).build();
    }

    /**
     * One mapping as the YANG grouping {@code nat-mapping-entry}; with {@code idle-seconds} as of {@code now} when
     * {@code now} is given and the mapping has been used.
     */
    static NatMappingEntry entry(final NatService.MappingView view, final Instant now) {
        return builder(view, now).build();
    }

    private static MappingBuilder builder(final NatService.MappingView view, final Instant now) {
        final NatMapping m = view.mapping();
        final MappingBuilder b = new MappingBuilder()
            .setProtocol(protocolName(m.protocol()))
            .setExternalPort(new PortNumber(Uint16.valueOf(m.external().port())))
            .setExternalAddress(Ipv4Prefix.format(m.external().address()))
            .setInternalAddress(Ipv4Prefix.format(m.internal().address()))
            .setInternalPort(new PortNumber(Uint16.valueOf(m.internal().port())))
            .setId(Uint64.valueOf(m.id()))
            .setStatic(m.isStatic())
            .setPacketsOut(new ZeroBasedCounter64(Uint64.valueOf(view.packetsOut())))
            .setPacketsIn(new ZeroBasedCounter64(Uint64.valueOf(view.packetsIn())));
        if (view.lastUsed() != null) {
            b.setLastUsed(view.lastUsed().toString());
            if (now != null) {
                b.setIdleSeconds(Uint32.valueOf(Math.max(0, Duration.between(view.lastUsed(), now).toSeconds())));
            }
        }
        return b;
    }

    private static NatProtocolName protocolName(final NatProtocol protocol) {
        return switch (protocol) {
            case TCP -> NatProtocolName.Tcp;
            case UDP -> NatProtocolName.Udp;
            default -> NatProtocolName.Icmp;
        };
    }

    /** The counters as the YANG grouping {@code nat-counter-values}. */
    static NatCounterValues counters(final NatService.Status status) {
        final AllocatorCounters c = status.counters();
        final List<Drop> drops = new ArrayList<>();
        for (Map.Entry<DropReason, Long> entry : status.drops().entrySet()) {
            drops.add(new DropBuilder().setReason(entry.getKey().name())
                .setPackets(counter(entry.getValue())).build());
        }
        if (status.unreadable() > 0) {
            drops.add(new DropBuilder().setReason("UNREADABLE_NOTIFICATION").setPackets(counter(status.unreadable()))
                .build());
        }
        final var b = new org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.nat.CountersBuilder()
            .setEchoMappings(Uint32.valueOf(status.echoMappings()))
            .setDrop(BindingMap.ordered(drops));
        if (c != null) {
            b.setAllocations(counter(c.allocated())).setReused(counter(c.reused()))
                .setStaticAdded(counter(c.staticAdded())).setReleased(counter(c.released() + c.expired()))
                .setExhausted(counter(c.exhausted())).setActive(Uint32.valueOf(c.active()));
        }
        return b.build();
    }

    private static ZeroBasedCounter64 counter(final long value) {
        return new ZeroBasedCounter64(Uint64.valueOf(value));
    }
}
