/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

/**
 * What a {@link PortAllocator} has done since it started.
 *
 * @param allocated new dynamic mappings
 * @param reused allocations answered with the existing mapping of the same internal endpoint (full-cone:
 *               one nVM:X, one host:Y, whatever the destination)
 * @param exhausted allocations refused because the pool was full
 * @param active mappings alive now
 */
public record AllocatorCounters(long allocated, long reused, long staticAdded, long released, long expired,
        long exhausted, int active) {
}
