/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.config;

import java.util.Optional;

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
 */
public record ViasSettings(Optional<String> bridgeName, int pipelinePriority, boolean bypassEnabled,
        long bypassThresholdPps, long bypassThresholdBps, int bypassIdleTimeout, boolean natEnabled,
        int natPortRangeStart, int natPortRangeEnd) {

    public static final int DEFAULT_PIPELINE_PRIORITY = 100;
    public static final ViasSettings DEFAULTS = new ViasSettings(Optional.empty(), DEFAULT_PIPELINE_PRIORITY, true,
        1000, 1_000_000, 30, false, 40000, 49999);

    public ViasSettings {
        if (bridgeName == null) {
            throw new IllegalArgumentException("bridge-name: must not be null (use Optional.empty())");
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
            bypassIdleTimeout, natEnabled, natPortRangeStart, natPortRangeEnd);
    }

    public ViasSettings withPipelinePriority(final int priority) {
        return new ViasSettings(bridgeName, priority, bypassEnabled, bypassThresholdPps, bypassThresholdBps,
            bypassIdleTimeout, natEnabled, natPortRangeStart, natPortRangeEnd);
    }

    public ViasSettings withBridgeName(final String bridge) {
        return new ViasSettings(Optional.ofNullable(bridge), pipelinePriority, bypassEnabled, bypassThresholdPps,
            bypassThresholdBps, bypassIdleTimeout, natEnabled, natPortRangeStart, natPortRangeEnd);
    }
}
