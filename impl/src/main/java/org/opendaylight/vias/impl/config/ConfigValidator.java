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
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.opendaylight.vias.impl.nat.NatSetup;
import org.opendaylight.vias.rules.Ipv4Prefix;

/**
 * The semantic checks on {@code vias:config} that YANG types cannot express. YANG already rejects malformed
 * addresses, out-of-range numbers and badly formed names before a commit reaches VIAS; these checks run inside
 * the commit (see {@link ConfigCohort}), so a commit that fails them is not applied at all.
 *
 * <p>Every message starts with the path of the offending field (for example {@code switch/bridge-name: ...}).
 */
public final class ConfigValidator {

    /** The values of one proposed config that the checks look at; {@code null} means "not set". */
    public record Proposed(String bridgeName, Integer natPortRangeStart, Integer natPortRangeEnd,
            Long thresholdPps, Long thresholdBps, Map<String, String> addresses, Map<String, String> networks,
            NatSetup.Fields nat) {

        public Proposed(final String bridgeName, final Integer natPortRangeStart, final Integer natPortRangeEnd,
                final Long thresholdPps, final Long thresholdBps, final Map<String, String> addresses,
                final Map<String, String> networks) {
            this(bridgeName, natPortRangeStart, natPortRangeEnd, thresholdPps, thresholdBps, addresses, networks,
                null);
        }

        public Proposed(final String bridgeName, final Integer natPortRangeStart, final Integer natPortRangeEnd) {
            this(bridgeName, natPortRangeStart, natPortRangeEnd, null, null, Map.of(), Map.of());
        }

        /** The NAT leaves; only the port range when the full set was not given. */
        NatSetup.Fields natFields() {
            return nat != null ? nat : new NatSetup.Fields(false, null, null, null, null, natPortRangeStart,
                natPortRangeEnd, null, null, null, null);
        }
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
        // NAT (issue #6): port range 1024..65535 and start <= end always; addresses, gateway, uplink when enabled
        out.addAll(NatSetup.problems(proposed.natFields()));
        positive(out, "bypass/threshold-packets-per-second", proposed.thresholdPps());
        positive(out, "bypass/threshold-bytes-per-second", proposed.thresholdBps());
        for (Map.Entry<String, String> entry : new TreeMap<>(proposed.addresses()).entrySet()) {
            try {
                Ipv4Prefix.parseAddress(entry.getValue());
            } catch (IllegalArgumentException e) {
                out.add(entry.getKey() + ": '" + entry.getValue() + "' is not an IPv4 address (" + e.getMessage()
                    + ")");
            }
        }
        for (Map.Entry<String, String> entry : new TreeMap<>(proposed.networks()).entrySet()) {
            if (entry.getValue().indexOf('/') < 0) {
                out.add(entry.getKey() + ": '" + entry.getValue() + "' is not address/prefix-length");
                continue;
            }
            try {
                Ipv4Prefix.parse(entry.getValue());
            } catch (IllegalArgumentException e) {
                out.add(entry.getKey() + ": '" + entry.getValue() + "' is not an IPv4 network (" + e.getMessage()
                    + ")");
            }
        }
        return out;
    }

    private static void positive(final List<String> out, final String field, final Long value) {
        if (value != null && value < 1) {
            out.add(field + ": must be at least 1, was " + value);
        }
    }
}
