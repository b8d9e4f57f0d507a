/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Whether a bridge's flow table has room for new NAT entries, as far as the switch has told. Once the switch refused
 * a mapping's entries (an OVS table with a {@code flow_limit} and {@code overflow_policy=refuse} answers
 * OFPFMFC_TABLE_FULL), new mappings are refused here, without a flow-mod, until the switch removed a NAT entry
 * (room again) or {@link #RETRY_AFTER} passed (one new mapping then tries again). Without it every punted packet of
 * every new flow would send flow-mods the switch refuses: a full table would become a flood of flow-mods and errors
 * that slows the switch and the controller for everybody.
 *
 * <p>Not thread-safe: used under its {@link NatController}'s lock.
 */
public final class FlowTableGuard {
    /** How long new mappings are refused after a refusal when no entry left the table meanwhile. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final InstantSource clock;
    private Instant refusingUntil;
    private String lastRefusal;

    public FlowTableGuard(final InstantSource clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    /** Whether a new mapping may ask the switch for entries now. */
    public boolean admits() {
        if (refusingUntil == null) {
            return true;
        }
        if (clock.instant().isBefore(refusingUntil)) {
            return false;
        }
        refusingUntil = null;
        return true;
    }

    /** The switch refused entries of a mapping, saying {@code why}. */
    public void refused(final String why) {
        refusingUntil = clock.instant().plus(RETRY_AFTER);
        lastRefusal = why;
    }

    /** The switch removed an entry (idle timeout): there is room again. */
    public void roomFreed() {
        refusingUntil = null;
    }

    /** Why the switch last refused entries, or null if it never did. */
    public String lastRefusal() {
        return lastRefusal;
    }
}
