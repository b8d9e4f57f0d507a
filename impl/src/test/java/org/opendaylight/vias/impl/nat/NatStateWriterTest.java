/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.common.util.concurrent.FluentFuture;
import com.google.common.util.concurrent.Futures;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.WriteTransaction;
import org.opendaylight.mdsal.common.api.CommitInfo;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.vias.nat.DropReason;
import org.opendaylight.vias.nat.NatMapping;
import org.opendaylight.vias.nat.NatProtocol;
import org.opendaylight.vias.rules.HostPort;
import org.opendaylight.vias.rules.Ipv4Prefix;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.Counters;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.Nat;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.nat.Mapping;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.nat.MappingKey;
import org.opendaylight.yangtools.yang.binding.DataObject;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;

/** The datastore shell around {@link NatStateDelta}: what each publication writes, against a recording broker. */
class NatStateWriterTest {
    private static final int PUBLIC = Ipv4Prefix.parseAddress("10.0.0.1");
    private static final int NVM = Ipv4Prefix.parseAddress("192.168.1.2");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final NatService.Status STATUS = status(Map.of());

    /** Records every transaction's operations as text; commits fail while {@link #failCommits} is set. */
    private static final class RecordingBroker {
        final List<List<String>> transactions = new ArrayList<>();
        boolean failCommits;

        DataBroker broker() {
            return (DataBroker) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataBroker.class},
                (proxy, method, args) -> {
                    if (!"newWriteOnlyTransaction".equals(method.getName())) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    final List<String> ops = new ArrayList<>();
                    transactions.add(ops);
                    return transaction(ops);
                });
        }

        private WriteTransaction transaction(final List<String> ops) {
            return (WriteTransaction) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {WriteTransaction.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "commit":
                            ops.add("commit");
                            return failCommits
                                ? FluentFuture.from(Futures.immediateFailedFuture(new IllegalStateException("x")))
                                : CommitInfo.emptyFluentFuture();
                        case "cancel":
                            ops.add("cancel");
                            return true;
                        case "put", "mergeParentStructurePut", "merge", "mergeParentStructureMerge", "delete":
                            assertEquals(LogicalDatastoreType.OPERATIONAL, args[0]);
                            ops.add(method.getName() + " " + describe((InstanceIdentifier<?>) args[1],
                                args.length > 2 ? (DataObject) args[2] : null));
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        }

        /** The last transaction's operations. */
        List<String> last() {
            return transactions.get(transactions.size() - 1);
        }
    }

    private static String describe(final InstanceIdentifier<?> path, final DataObject data) {
        if (path.firstKeyOf(Mapping.class) != null) {
            final MappingKey key = path.firstKeyOf(Mapping.class);
            final String where = "mapping " + key.getProtocol().getName() + "/" + key.getExternalPort().getValue();
            return data == null ? where : where + " " + describeEntry((Mapping) data);
        }
        if (data instanceof Nat nat) {
            final List<String> entries = new ArrayList<>();
            nat.nonnullMapping().values().forEach(m -> entries.add(m.getProtocol().getName() + "/"
                + m.getExternalPort().getValue() + " " + describeEntry(m)));
            return "nat " + entries + " active=" + nat.getCounters().getActive() + " drops="
                + nat.getCounters().nonnullDrop().size();
        }
        if (data instanceof Counters counters) {
            return "state/counters nat-mappings=" + counters.getNatMappings().getValue();
        }
        if (data instanceof org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.nat.Counters c) {
            return "nat/counters drops=" + c.nonnullDrop().size();
        }
        return path.getTargetType().getSimpleName();
    }

    private static String describeEntry(final Mapping entry) {
        return "id=" + entry.getId() + " out=" + entry.getPacketsOut() + " used=+"
            + Duration.between(T0, Instant.parse(entry.getLastUsed())).toSeconds() + "s idle=" + entry.getIdleSeconds();
    }

    private static NatService.Status status(final Map<DropReason, Long> drops) {
        return new NatService.Status(null, null, 0, drops, 0, null, Map.of());
    }

    /** A TCP mapping last used {@code usedAfter} seconds after T0. */
    private static NatService.MappingView tcp(final long id, final int externalPort, final long usedAfter) {
        return new NatService.MappingView(new NatMapping(id, NatProtocol.TCP, new HostPort(NVM, 40000 + (int) id),
            new HostPort(PUBLIC, externalPort), false), T0.plusSeconds(usedAfter), 0, 0);
    }

    @Test
    void theFirstPublicationWritesEveryMappingWithoutIdleSeconds() {
        final RecordingBroker store = new RecordingBroker();
        new NatStateWriter(store.broker()).write(List.of(tcp(1, 32000, 0), tcp(2, 32001, 3)), STATUS);
        assertEquals(List.of(
            "mergeParentStructurePut nat [tcp/32000 id=1 out=null used=+0s idle=null, tcp/32001 id=2 out=null "
                + "used=+3s idle=null] active=null drops=0",
            "mergeParentStructureMerge state/counters nat-mappings=2",
            "commit"), store.last());
    }

    @Test
    void nothingChangedWritesNothing() {
        final RecordingBroker store = new RecordingBroker();
        final NatStateWriter writer = new NatStateWriter(store.broker());
        writer.write(List.of(tcp(1, 32000, 0), tcp(2, 32001, 3)), STATUS);
        writer.write(List.of(tcp(1, 32000, 0), tcp(2, 32001, 3)), status(Map.of()));
        assertEquals(1, store.transactions.size(), store.transactions.toString());
    }

    @Test
    void laterPublicationsWriteOnlyWhatChangedByKey() {
        final RecordingBroker store = new RecordingBroker();
        final NatStateWriter writer = new NatStateWriter(store.broker());
        writer.write(List.of(tcp(1, 32000, 0), tcp(2, 32001, 3), tcp(3, 32002, 0)), STATUS);
        // 2 was used again, 3 ended, 4 is new: the count is the same, so is every counter
        writer.write(List.of(tcp(1, 32000, 0), tcp(2, 32001, 4), tcp(4, 32003, 0)), STATUS);
        assertEquals(List.of(
            "put mapping tcp/32001 id=2 out=null used=+4s idle=null",
            "put mapping tcp/32003 id=4 out=null used=+0s idle=null",
            "delete mapping tcp/32002",
            "commit"), store.last());
        // a new drop changes the counters only
        writer.write(List.of(tcp(1, 32000, 0), tcp(2, 32001, 4), tcp(4, 32003, 0)),
            status(Map.of(DropReason.PORT_POOL_EXHAUSTED, 1L)));
        assertEquals(List.of("put nat/counters drops=1", "commit"), store.last());
        // one mapping fewer changes the node-wide gauge too
        writer.write(List.of(tcp(1, 32000, 0), tcp(2, 32001, 4)), status(Map.of(DropReason.PORT_POOL_EXHAUSTED, 1L)));
        assertEquals(List.of("delete mapping tcp/32003", "mergeParentStructureMerge state/counters nat-mappings=2",
            "commit"), store.last());
    }

    @Test
    void aFailedCommitIsFollowedByAFullPublication() {
        final RecordingBroker store = new RecordingBroker();
        final NatStateWriter writer = new NatStateWriter(store.broker());
        writer.write(List.of(tcp(1, 32000, 0), tcp(2, 32001, 0)), STATUS);
        store.failCommits = true;
        writer.write(List.of(tcp(1, 32000, 0), tcp(2, 32001, 0), tcp(3, 32002, 0)), STATUS);
        assertEquals(List.of("put mapping tcp/32002 id=3 out=null used=+0s idle=null",
            "mergeParentStructureMerge state/counters nat-mappings=3", "commit"), store.last());
        store.failCommits = false;
        // the same snapshot again: the lost entry (and everything else) is written again, over the whole list
        writer.write(List.of(tcp(1, 32000, 0), tcp(2, 32001, 0), tcp(3, 32002, 0)), STATUS);
        assertEquals(List.of(
            "mergeParentStructurePut nat [tcp/32000 id=1 out=null used=+0s idle=null, tcp/32001 id=2 out=null "
                + "used=+0s idle=null, tcp/32002 id=3 out=null used=+0s idle=null] active=null "
                + "drops=0",
            "mergeParentStructureMerge state/counters nat-mappings=3",
            "commit"), store.last());
        // and once that committed, the next round is incremental again
        writer.write(List.of(tcp(1, 32000, 0), tcp(2, 32001, 0), tcp(3, 32002, 0)), STATUS);
        assertEquals(3, store.transactions.size());
    }

    @Test
    void natOffRemovesTheStateOnceAndNatOnAgainStartsWithAFullPublication() {
        final RecordingBroker store = new RecordingBroker();
        final NatStateWriter writer = new NatStateWriter(store.broker());
        writer.write(null, null);
        assertEquals(0, store.transactions.size(), "nothing written, nothing to remove");
        writer.write(List.of(tcp(1, 32000, 0)), STATUS);
        writer.write(null, null);
        assertEquals(List.of("delete Nat", "mergeParentStructureMerge state/counters nat-mappings=0", "commit"),
            store.last());
        writer.write(null, null);
        assertEquals(2, store.transactions.size());
        writer.write(List.of(tcp(1, 32000, 0)), STATUS);
        assertEquals("mergeParentStructurePut nat [tcp/32000 id=1 out=null used=+0s idle=null] active=null "
            + "drops=0", store.last().get(0));
    }

    @Test
    void aFailedRemovalIsTriedAgain() {
        final RecordingBroker store = new RecordingBroker();
        final NatStateWriter writer = new NatStateWriter(store.broker());
        writer.write(List.of(tcp(1, 32000, 0)), STATUS);
        store.failCommits = true;
        writer.write(null, null);
        store.failCommits = false;
        writer.write(null, null);
        assertEquals(3, store.transactions.size());
        assertEquals("delete Nat", store.last().get(0));
    }

    @Test
    void theRpcEntryCarriesPacketCountersAndTheStoredOneDoesNot() {
        final NatService.MappingView view = new NatService.MappingView(tcp(1, 32000, 0).mapping(), T0, 7, 5);
        assertEquals(7L, NatStateWriter.entry(view, T0).getPacketsOut().getValue().longValue());
        assertEquals(5L, NatStateWriter.entry(view, T0).getPacketsIn().getValue().longValue());
        assertNull(NatStateWriter.stored(view).getPacketsOut());
        assertNull(NatStateWriter.stored(view).getPacketsIn());
    }

    @Test
    void theRpcEntryCarriesIdleSecondsAndTheStoredOneDoesNot() {
        final NatService.MappingView view = tcp(1, 32000, 0);
        assertEquals(75L, NatStateWriter.entry(view, T0.plusSeconds(75)).getIdleSeconds().toJava());
        assertEquals(T0.toString(), NatStateWriter.entry(view, T0.plusSeconds(75)).getLastUsed());
        assertNull(NatStateWriter.stored(view).getIdleSeconds());
        assertEquals(T0.toString(), NatStateWriter.stored(view).getLastUsed());
        assertEquals(new MappingKey(NatStateWriter.stored(view).getExternalPort(),
            NatStateWriter.stored(view).getProtocol()), NatStateWriter.stored(view).key());
    }
}
