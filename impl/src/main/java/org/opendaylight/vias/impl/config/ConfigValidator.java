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
import org.opendaylight.vias.impl.security.SecretSeal;
import org.opendaylight.vias.overlay.Ipv4;
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

    /** Largest TAP MTU: a frame + Ethernet 14 + IPOP 42 + DTLS record 37 + UDP 8 + IPv4 20 fits 1500 bytes. */
    public static final int MAX_OVERLAY_MTU = 1379;
    private static final java.util.regex.Pattern ROOM = java.util.regex.Pattern.compile("[a-z0-9._-]{1,64}");
    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /**
     * The problems of the overlay's part of a proposed config ({@code identity}, {@code xmpp}, {@code stun},
     * {@code turn}), empty when it is acceptable.
     *
     * @param leaves the set leaves of those containers by path ({@code "xmpp/host"}), values as text
     * @param seal this controller's password seal: a password must be a value it sealed, never plain text
     */
    public static List<String> overlayProblems(final Map<String, String> leaves, final SecretSeal seal) {
        final List<String> out = new ArrayList<>();
        for (String field : List.of("xmpp/password", "turn/password")) {
            final String value = leaves.get(field);
            final String problem = value == null || value.isEmpty() ? null : seal.problem(field, value);
            if (problem != null) {
                out.add(problem);
            }
        }
        if (leaves.containsKey("xmpp/host") && !"false".equals(leaves.get("xmpp/enabled"))) {
            for (String field : List.of("xmpp/domain", "xmpp/user", "xmpp/password")) {
                if (leaves.get(field) == null || leaves.get(field).isBlank()) {
                    out.add(field + ": required when xmpp/host is set (the overlay node logs in with it)");
                }
            }
        }
        final String user = leaves.get("xmpp/user");
        if (user != null && (user.contains("@") || user.contains("/") || user.isBlank())) {
            out.add("xmpp/user: '" + user + "' must be the JID local part only (no '@' or '/')");
        }
        for (String field : List.of("xmpp/domain", "xmpp/muc-domain")) {
            final String value = leaves.get(field);
            if (value != null && (value.isBlank() || value.chars().anyMatch(c -> c <= ' ' || c == '@' || c == '/'))) {
                out.add(field + ": '" + value + "' is not a domain name");
            }
        }
        final String room = leaves.get("xmpp/room");
        if (room != null && !ROOM.matcher(room).matches()) {
            out.add("xmpp/room: '" + room + "' must be 1..64 of a-z, 0-9, '.', '_', '-'");
        }
        final String location = leaves.get("identity/location");
        if (location != null && !LABEL.matcher(location).matches()) {
            out.add("identity/location: '" + location + "' must be 1..64 of letters, digits, '.', '_', ':', '-'");
        }
        final String mtu = leaves.get("identity/mtu");
        if (mtu != null && Integer.parseInt(mtu) > MAX_OVERLAY_MTU) {
            out.add("identity/mtu: " + mtu + " is above " + MAX_OVERLAY_MTU + ", the largest frame the overlay carries "
                + "in a 1500-byte underlay packet");
        }
        final String dir = leaves.get("identity/identity-dir");
        if (dir != null && dir.isBlank()) {
            out.add("identity/identity-dir: must not be empty");
        }
        if (leaves.containsKey("turn/host")) {
            for (String field : List.of("turn/user", "turn/password")) {
                if (leaves.get(field) == null || leaves.get(field).isEmpty()) {
                    out.add(field + ": required when turn/host is set (TURN uses long-term credentials)");
                }
            }
        }
        for (String field : List.of("trust/xmpp-ca", "trust/ca", "trust/revocations")) {
            final String file = leaves.get(field);
            if (file != null && file.isBlank()) {
                out.add(field + ": must name a file (leave it unset for none)");
            }
        }
        if (leaves.containsKey("trust/revocations") && !leaves.containsKey("trust/ca")) {
            out.add("trust/revocations: needs trust/ca (revocations are of the overlay CA's certificates)");
        }
        return out;
    }

    /**
     * The bypass values of one proposed config that the checks look at; {@code null} means "not set".
     *
     * @param portRangeStart {@code bypass/port-range-start}
     * @param portRangeEnd {@code bypass/port-range-end}
     * @param natPortRangeStart {@code nat/port-range-start}, to check the two ranges do not overlap
     * @param natPortRangeEnd {@code nat/port-range-end}
     * @param underlayAddress {@code bypass/underlay-address}
     */
    public record ProposedBypass(Integer portRangeStart, Integer portRangeEnd, Integer natPortRangeStart,
            Integer natPortRangeEnd, String underlayAddress) {
    }

    /** The problems of the bypass settings: its port range, its overlap with NAT's, its underlay address. */
    public static List<String> bypassProblems(final ProposedBypass proposed) {
        final List<String> out = new ArrayList<>();
        final ViasSettings.Bypass d = ViasSettings.Bypass.DEFAULTS;
        final int start = proposed.portRangeStart() != null ? proposed.portRangeStart() : d.portRangeStart();
        final int end = proposed.portRangeEnd() != null ? proposed.portRangeEnd() : d.portRangeEnd();
        final int natStart = proposed.natPortRangeStart() != null ? proposed.natPortRangeStart()
            : ViasSettings.DEFAULTS.natPortRangeStart();
        final int natEnd = proposed.natPortRangeEnd() != null ? proposed.natPortRangeEnd()
            : ViasSettings.DEFAULTS.natPortRangeEnd();
        if (start < 1024) {
            out.add("bypass/port-range-start: must be at least 1024 (ports below are the host's), was " + start);
        }
        if (end < start) {
            out.add("bypass/port-range-end: " + end + " is below bypass/port-range-start " + start);
        } else if (start <= natEnd && natStart <= end) {
            out.add("bypass/port-range-start: bypass ports " + start + ".." + end + " overlap the NAT's "
                + "nat/port-range-start..nat/port-range-end " + natStart + ".." + natEnd
                + " (the same underlay port could be handed out twice)");
        }
        if (proposed.underlayAddress() != null) {
            try {
                Ipv4.parse(proposed.underlayAddress()); // the parser BypassEngine reads it with
            } catch (IllegalArgumentException e) {
                out.add("bypass/underlay-address: '" + proposed.underlayAddress() + "' is not an IPv4 address ("
                    + e.getMessage() + ")");
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
