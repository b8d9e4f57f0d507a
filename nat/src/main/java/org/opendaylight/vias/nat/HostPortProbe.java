/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import java.util.Set;

/**
 * Tells which ports the host itself uses on its address, so the NAT never maps a nested VM onto them: the incoming
 * entry for that port would steal the host's own traffic.
 */
@FunctionalInterface
public interface HostPortProbe {

    /**
     * The ports of {@code protocol} in use on {@code hostAddress} (sockets bound to it or to the wildcard address).
     *
     * @throws java.io.UncheckedIOException if the host cannot be asked; the allocator then refuses to allocate
     *         rather than risk a collision
     */
    Set<Integer> portsInUse(NatProtocol protocol, int hostAddress);

    /** For hosts whose NAT address carries no local sockets (and for tests). */
    static HostPortProbe none() {
        return (protocol, hostAddress) -> Set.of();
    }
}
