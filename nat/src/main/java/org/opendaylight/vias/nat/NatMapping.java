/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import org.opendaylight.vias.rules.HostPort;

/**
 * One full-cone mapping: the nested VM's {@code internal} endpoint (its address and source port, or its ICMP echo
 * identifier) is reachable from anywhere as {@code external} (the host's address and the allocated port).
 *
 * @param id stable for the mapping's life; the id part of the cookie on its rules
 * @param isStatic configured by an operator: never expires, only an operator removes it
 */
public record NatMapping(long id, NatProtocol protocol, HostPort internal, HostPort external, boolean isStatic) {

    public NatMapping {
        if (id <= 0) {
            throw new IllegalArgumentException("id: must be positive, was " + id);
        }
        if (protocol == null || internal == null || external == null) {
            throw new IllegalArgumentException("protocol, internal, external: must be set");
        }
    }

    @Override
    public String toString() {
        return "#" + id + " " + protocol.lowerName() + " " + internal + " <-> " + external
            + (isStatic ? " static" : "");
    }
}
