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
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.opendaylight.yangtools.yang.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the NAT's mappings and counters to {@code vias:state/nat} (OPERATIONAL) and builds the same YANG values
 * for the RPCs. The values are built by pure static functions; only {@link #write} touches the datastore.
 */
final class NatStateWriter {
    private static final Logger LOG = LoggerFactory.getLogger(NatStateWriter.class);
    private static final InstanceIdentifier<Nat> PATH = InstanceIdentifier.create(State.class).child(Nat.class);
    private static final InstanceIdentifier<Counters> COUNTERS = InstanceIdentifier.create(State.class)
        .child(Counters.class);

    private final DataBroker broker;
    private boolean present;

    NatStateWriter(final DataBroker broker) {
        this.broker = broker;
    }

    /** Writes the state, or removes it when {@code mappings} is null (NAT off). */
    @SuppressWarnings("checkstyle:IllegalCatch")
    void write(final List<NatService.MappingView> mappings, final NatService.Status status) {
        if (broker == null) {
            return;
        }
        final WriteTransaction tx = broker.newWriteOnlyTransaction();
        if (mappings == null) {
            if (!present) {
                tx.cancel();
                return;
            }
            tx.delete(LogicalDatastoreType.OPERATIONAL, PATH);
        } else {
            final List<Mapping> entries = new ArrayList<>();
            for (NatService.MappingView view : mappings) {
                entries.add(new MappingBuilder(entry(view, Instant.now())).build());
            }
            tx.mergeParentStructurePut(LogicalDatastoreType.OPERATIONAL, PATH, new NatBuilder()
                .setMapping(BindingMap.ordered(entries))
                .setCounters(new org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.nat
                    .CountersBuilder(counters(status)).build())
                .build());
            tx.mergeParentStructureMerge(LogicalDatastoreType.OPERATIONAL, COUNTERS, new CountersBuilder()
                .setNatMappings(new Gauge32(Uint32.valueOf(mappings.size()))).build());
        }
        try {
            tx.commit().get(10, TimeUnit.SECONDS);
            present = mappings != null;
        } catch (Exception e) {
            LOG.debug("VIAS NAT: could not write state", e);
        }
    }

    /** One mapping as the YANG grouping {@code nat-mapping-entry}. */
    static NatMappingEntry entry(final NatService.MappingView view, final Instant now) {
        final NatMapping m = view.mapping();
        final MappingBuilder b = new MappingBuilder()
            .setProtocol(switch (m.protocol()) {
                case TCP -> NatProtocolName.Tcp;
                case UDP -> NatProtocolName.Udp;
                default -> NatProtocolName.Icmp;
            })
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
            b.setIdleSeconds(Uint32.valueOf(Math.max(0, Duration.between(view.lastUsed(), now).toSeconds())));
        }
        return b.build();
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
