/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.forwarding;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.opendaylight.vias.overlay.Uid;

/**
 * Switch mode: a learning bridge whose ports are peers. Source MACs of frames from a peer are learned; unicast to a
 * learned MAC goes to that peer; broadcast, multicast (ARP, IPv6 ND, mDNS) and unknown or aged-out unicast are
 * flooded to all peers, as an Ethernet switch does.
 */
public final class SwitchTable implements ForwardingTable {
    /** Refresh a known entry at most this often, so the receive path does not write shared memory per frame. */
    private static final long REFRESH_MILLIS = 1000;

    private final Map<Long, Entry> macs = new ConcurrentHashMap<>();
    private final long agingMillis;
    private final LongSupplier clock;

    /**
     * @param agingMillis how long a learned MAC stays valid without traffic from it
     * @param clock milliseconds (System::currentTimeMillis in production)
     */
    public SwitchTable(long agingMillis, LongSupplier clock) {
        this.agingMillis = agingMillis;
        this.clock = clock;
    }

    @Override
    public Uid destinationOf(byte[] frame, int off, int len) {
        final long dst = EthernetFrames.destinationMac(frame, off);
        if (EthernetFrames.isGroup(dst)) {
            return FLOOD;
        }
        final Entry entry = macs.get(dst);
        if (entry == null || clock.getAsLong() - entry.lastSeen > agingMillis) {
            return FLOOD;
        }
        return entry.peer;
    }

    @Override
    public void learn(byte[] frame, int off, int len, Uid peer) {
        final long src = EthernetFrames.sourceMac(frame, off);
        if (EthernetFrames.isGroup(src)) {
            return; // a group address as source is bogus; never learn it
        }
        final long now = clock.getAsLong();
        final Entry entry = macs.get(src);
        if (entry == null || !entry.peer.equals(peer)) {
            macs.put(src, new Entry(peer, now));
        } else if (now - entry.lastSeen > REFRESH_MILLIS) {
            entry.lastSeen = now;
        }
    }

    @Override
    public void forget(Uid peer) {
        macs.values().removeIf(e -> e.peer.equals(peer));
    }

    /** Number of learned MACs (for status and tests). */
    public int size() {
        return macs.size();
    }

    private static final class Entry {
        final Uid peer;
        volatile long lastSeen;

        Entry(Uid peer, long lastSeen) {
            this.peer = peer;
            this.lastSeen = lastSeen;
        }
    }
}
