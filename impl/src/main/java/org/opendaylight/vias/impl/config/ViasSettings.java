/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The effective VIAS configuration as plain values: what the pure rule builders need, with the YANG defaults
 * applied. Built from the {@code vias:config} container by {@link ConfigMapper}; {@link #DEFAULTS} is what VIAS runs
 * with while nothing is configured.
 *
 * @param bridgeName the bridge VIAS manages, or empty for "every bridge that connects"
 * @param pipelinePriority priority of the classification rules in table 0
 * @param bypassEnabled whether table 0 sends unclassified traffic to the bypass table
 * @param bypassThresholdPps packet rate above which a flow is a bypass candidate
 * @param bypassThresholdBps byte rate above which a flow is a bypass candidate
 * @param bypassIdleTimeout idle timeout of bypass rules, seconds
 * @param natEnabled whether SDN NAT is on
 * @param natPortRangeStart first public port NAT may allocate
 * @param natPortRangeEnd last public port NAT may allocate
 * @param uplinkPort {@code switch/uplink-port}: the bridge port to the underlay, or empty (no isolation rules, no
 *                   bypass rules)
 * @param bypass the rest of {@code config/bypass}
 */
public record ViasSettings(Optional<String> bridgeName, int pipelinePriority, boolean bypassEnabled,
        long bypassThresholdPps, long bypassThresholdBps, int bypassIdleTimeout, boolean natEnabled,
        int natPortRangeStart, int natPortRangeEnd, Optional<String> uplinkPort, Bypass bypass) {

    public static final int DEFAULT_PIPELINE_PRIORITY = 100;
    public static final ViasSettings DEFAULTS = new ViasSettings(Optional.empty(), DEFAULT_PIPELINE_PRIORITY, true,
        1000, 1_000_000, 30, false, 20000, 29999);

    /**
     * The bypass settings beyond thresholds and idle timeout.
     *
     * @param minDurationMs   {@code bypass/min-duration}
     * @param portRangeStart  {@code bypass/port-range-start}: first underlay port a bypass may allocate
     * @param portRangeEnd    {@code bypass/port-range-end}
     * @param underlayAddress {@code bypass/underlay-address}, or empty (the ICE path's local address is used)
     * @param location        {@code bypass/location}, or empty
     * @param peerLocations   {@code bypass/peer-location}: location label by peer UID (hex)
     * @param allowedPeers    {@code bypass/allowed-peers}: peer UIDs (hex)
     * @param oneToOneNat     {@code bypass/behind-nat} is {@code one-to-one}: a NAT ICE shows on our side forwards
     *                        unsolicited packets, so a bypass behind it is tried (otherwise it is refused)
     */
    public record Bypass(long minDurationMs, int portRangeStart, int portRangeEnd, Optional<String> underlayAddress,
            Optional<String> location, Map<String, String> peerLocations, Set<String> allowedPeers,
            boolean oneToOneNat) {
        /**
         * Default: 250 ms, ports 30000..31999 (between the NAT range and Linux's ephemeral range), no location,
         * nobody allowed (deny all).
         */
        public static final Bypass DEFAULTS = new Bypass(250, 30000, 31999, Optional.empty(), Optional.empty(),
            Map.of(), Set.of(), false);

        /** The same settings without {@code bypass/behind-nat} (unknown: a bypass behind a NAT is refused). */
        public Bypass(final long minDurationMs, final int portRangeStart, final int portRangeEnd,
                final Optional<String> underlayAddress, final Optional<String> location,
                final Map<String, String> peerLocations, final Set<String> allowedPeers) {
            this(minDurationMs, portRangeStart, portRangeEnd, underlayAddress, location, peerLocations, allowedPeers,
                false);
        }

        public Bypass {
            peerLocations = Map.copyOf(peerLocations);
            allowedPeers = Set.copyOf(allowedPeers);
            if (minDurationMs < 0) {
                throw new IllegalArgumentException("bypass/min-duration: must be >= 0, was " + minDurationMs);
            }
            if (portRangeStart < 1 || portRangeEnd > 65535 || portRangeEnd < portRangeStart) {
                throw new IllegalArgumentException("bypass/port-range-end: " + portRangeStart + ".." + portRangeEnd
                    + " is not a port range");
            }
        }
    }

    /** The settings without an uplink and with the default bypass policy and ports. */
    public ViasSettings(final Optional<String> bridgeName, final int pipelinePriority, final boolean bypassEnabled,
            final long bypassThresholdPps, final long bypassThresholdBps, final int bypassIdleTimeout,
            final boolean natEnabled, final int natPortRangeStart, final int natPortRangeEnd) {
        this(bridgeName, pipelinePriority, bypassEnabled, bypassThresholdPps, bypassThresholdBps, bypassIdleTimeout,
            natEnabled, natPortRangeStart, natPortRangeEnd, Optional.empty(), Bypass.DEFAULTS);
    }

    public ViasSettings {
        if (bridgeName == null) {
            throw new IllegalArgumentException("bridge-name: must not be null (use Optional.empty())");
        }
        if (uplinkPort == null) {
            throw new IllegalArgumentException("switch/uplink-port: must not be null (use Optional.empty())");
        }
        if (bypass == null) {
            throw new IllegalArgumentException("bypass: must not be null (use Bypass.DEFAULTS)");
        }
        if (pipelinePriority < 1 || pipelinePriority > 60000) {
            throw new IllegalArgumentException("pipeline-priority: must be 1..60000, was " + pipelinePriority);
        }
    }

    /** Whether VIAS installs its pipeline on the bridge of that name. */
    public boolean manages(final String bridge) {
        return bridgeName.isEmpty() || bridgeName.orElseThrow().equals(bridge);
    }

    public ViasSettings withBypassEnabled(final boolean enabled) {
        return new ViasSettings(bridgeName, pipelinePriority, enabled, bypassThresholdPps, bypassThresholdBps,
            bypassIdleTimeout, natEnabled, natPortRangeStart, natPortRangeEnd, uplinkPort, bypass);
    }

    public ViasSettings withPipelinePriority(final int priority) {
        return new ViasSettings(bridgeName, priority, bypassEnabled, bypassThresholdPps, bypassThresholdBps,
            bypassIdleTimeout, natEnabled, natPortRangeStart, natPortRangeEnd, uplinkPort, bypass);
    }

    public ViasSettings withBridgeName(final String bridge) {
        return new ViasSettings(Optional.ofNullable(bridge), pipelinePriority, bypassEnabled, bypassThresholdPps,
            bypassThresholdBps, bypassIdleTimeout, natEnabled, natPortRangeStart, natPortRangeEnd, uplinkPort,
            bypass);
    }

    public ViasSettings withUplinkPort(final String port) {
        return new ViasSettings(bridgeName, pipelinePriority, bypassEnabled, bypassThresholdPps, bypassThresholdBps,
            bypassIdleTimeout, natEnabled, natPortRangeStart, natPortRangeEnd, Optional.ofNullable(port), bypass);
    }

    public ViasSettings withBypass(final Bypass newBypass) {
        return new ViasSettings(bridgeName, pipelinePriority, bypassEnabled, bypassThresholdPps, bypassThresholdBps,
            bypassIdleTimeout, natEnabled, natPortRangeStart, natPortRangeEnd, uplinkPort, newBypass);
    }

    public ViasSettings withThresholds(final long bytesPerSecond, final long packetsPerSecond) {
        return new ViasSettings(bridgeName, pipelinePriority, bypassEnabled, packetsPerSecond, bytesPerSecond,
            bypassIdleTimeout, natEnabled, natPortRangeStart, natPortRangeEnd, uplinkPort, bypass);
    }
}
