/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

/**
 * The VIAS pipeline on a managed bridge. Packets enter {@link #CLASSIFY}; anything VIAS does not special-case falls
 * through to {@link #SWITCH}, which forwards like a plain learning switch. Bypass and NAT rules sit in their own
 * tables before switching, so "NAT has higher priority than switching" (seed) holds by construction.
 */
public enum Table {
    /** Keeps ARP, ICMP, multicast and broadcast on the normal/overlay path; sends the rest on. */
    CLASSIFY((short) 0),
    /** Encapsulation-bypass rewrites (per agreed flow). */
    BYPASS((short) 10),
    /** SDN full-cone NAT rewrites for nested VMs. */
    NAT((short) 20),
    /** L2 switching (OFPP_NORMAL). */
    SWITCH((short) 30);

    private final short id;

    Table(final short id) {
        this.id = id;
    }

    public short id() {
        return id;
    }

    /** The table that follows this one in the pipeline; {@link #SWITCH} is last. */
    public Table next() {
        final Table[] all = values();
        return ordinal() + 1 < all.length ? all[ordinal() + 1] : this;
    }

    public static Table ofId(final short id) {
        for (Table t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        throw new IllegalArgumentException("table " + id + " is not a VIAS table");
    }
}
