/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.nat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opendaylight.vias.nat.NatMapping;
import org.opendaylight.vias.nat.NatProtocol;

/**
 * What one publication of {@code vias:state/nat} has to write so that the datastore shows the current mappings,
 * given what the last successful publication wrote: the entries added or changed (id, endpoints, last use, switch
 * counters) to put, the keys of those gone to delete. Pure values; {@link NatStateWriter} does the datastore I/O.
 *
 * <p>A publication without a known previous one (the first, or the one after a failed commit) is a full one: every
 * entry, written over the whole list, so that nothing a failed or unknown earlier write left stays behind.
 *
 * @param full    whether the whole list is to be replaced by {@link #put} (no previous publication known)
 * @param put     the mappings to write (all of them when {@code full}), in the order of the current snapshot
 * @param delete  the keys to delete (empty when {@code full})
 * @param after   what the datastore holds once this is committed: the previous state for the next publication
 */
record NatStateDelta(boolean full, List<NatService.MappingView> put, List<Key> delete,
        Map<Key, NatService.MappingView> after) {

    private static final Comparator<Key> KEY_ORDER = Comparator.comparing(Key::protocol)
        .thenComparingInt(Key::externalPort);

    /** The key of {@code vias:state/nat/mapping}: protocol and external port. */
    record Key(NatProtocol protocol, int externalPort) {
        static Key of(final NatMapping mapping) {
            return new Key(mapping.protocol(), mapping.external().port());
        }
    }

    // views, not copies: a full publication carries every mapping, and copying 10,000 entries every 2 s is the kind
    // of allocation this class exists to avoid
    NatStateDelta {
        put = Collections.unmodifiableList(put);
        delete = Collections.unmodifiableList(delete);
        after = Collections.unmodifiableMap(after);
    }

    /**
     * The change from {@code published} (what the last successful publication wrote; null when none is known) to
     * {@code current}.
     *
     * @throws IllegalArgumentException naming the key when two current mappings share one (the datastore's list
     *         cannot hold both; the NAT's allocators never hand out one public port twice)
     */
    static NatStateDelta between(final Map<Key, NatService.MappingView> published,
            final List<NatService.MappingView> current) {
        final Map<Key, NatService.MappingView> after = new HashMap<>(current.size() * 4 / 3 + 1);
        final List<NatService.MappingView> put = new ArrayList<>();
        for (NatService.MappingView view : current) {
            final Key key = Key.of(view.mapping());
            final NatService.MappingView before = after.put(key, view);
            if (before != null) {
                throw new IllegalArgumentException("mapping: " + key.protocol().lowerName() + " external port "
                    + key.externalPort() + " is held by mappings " + before.mapping().id() + " and "
                    + view.mapping().id());
            }
            if (published == null || !view.equals(published.get(key))) {
                put.add(view);
            }
        }
        final List<Key> delete = new ArrayList<>();
        if (published != null) {
            for (Key key : published.keySet()) {
                if (!after.containsKey(key)) {
                    delete.add(key);
                }
            }
            delete.sort(KEY_ORDER);
        }
        return new NatStateDelta(published == null, put, delete, after);
    }

    /** Whether this writes no mapping entry (a full publication always writes the list, empty or not). */
    boolean noEntryChange() {
        return !full && put.isEmpty() && delete.isEmpty();
    }
}
