/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The semantic checks on {@code vias:config} that YANG types cannot express. YANG already rejects malformed
 * addresses, out-of-range numbers and badly formed names before a commit reaches VIAS; these checks run inside
 * the commit (see {@link ConfigCohort}), so a commit that fails them is not applied at all.
 *
 * <p>Every message starts with the path of the offending field (for example {@code switch/bridge-name: ...}).
 */
public final class ConfigValidator {

    /** The values of one proposed config that the checks look at; {@code null} means "not set". */
    public record Proposed(String bridgeName, Integer natPortRangeStart, Integer natPortRangeEnd) {
    }

    private ConfigValidator() {
    }

    /**
     * The problems of {@code proposed}, empty when it is acceptable.
     *
     * @param connectedBridges names of the bridges connected over OpenFlow right now (LOCAL port names)
     */
    public static List<String> problems(final Proposed proposed, final Collection<String> connectedBridges) {
        final List<String> out = new ArrayList<>();
        if (proposed.bridgeName() != null && !connectedBridges.contains(proposed.bridgeName())) {
            out.add("switch/bridge-name: unknown bridge '" + proposed.bridgeName()
                + "': no bridge of that name is connected over OpenFlow (connected: "
                + new TreeSet<>(connectedBridges) + ")");
        }
        final int start = proposed.natPortRangeStart() != null ? proposed.natPortRangeStart()
            : ViasSettings.DEFAULTS.natPortRangeStart();
        final int end = proposed.natPortRangeEnd() != null ? proposed.natPortRangeEnd()
            : ViasSettings.DEFAULTS.natPortRangeEnd();
        if (end < start) {
            out.add("nat/port-range-end: " + end + " is below nat/port-range-start " + start);
        }
        return out;
    }
}
