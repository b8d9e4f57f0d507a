/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Bypass;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Nat;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Switch;

/** Maps the generated {@code vias:config} binding to {@link ViasSettings}, applying the YANG defaults. */
public final class ConfigMapper {
    private ConfigMapper() {
    }

    public static ViasSettings toSettings(final Config config) {
        final ViasSettings d = ViasSettings.DEFAULTS;
        if (config == null) {
            return d;
        }
        final Switch sw = config.getSwitch();
        final Bypass bypass = config.getBypass();
        final Nat nat = config.getNat();
        final Optional<String> bridge = sw == null || sw.getBridgeName() == null ? Optional.empty()
            : Optional.of(sw.getBridgeName().getValue());
        final int priority = sw == null || sw.getPipelinePriority() == null ? d.pipelinePriority()
            : sw.getPipelinePriority().intValue();
        final boolean bypassOn = bypass == null || bypass.getEnabled() == null ? d.bypassEnabled()
            : bypass.getEnabled();
        final long pps = bypass == null || bypass.getThresholdPacketsPerSecond() == null ? d.bypassThresholdPps()
            : bypass.getThresholdPacketsPerSecond().getValue();
        final long bps = bypass == null || bypass.getThresholdBytesPerSecond() == null ? d.bypassThresholdBps()
            : bypass.getThresholdBytesPerSecond().getValue();
        final int idle = bypass == null || bypass.getIdleTimeout() == null ? d.bypassIdleTimeout()
            : bypass.getIdleTimeout().intValue();
        final boolean natOn = nat == null || nat.getEnabled() == null ? d.natEnabled() : nat.getEnabled();
        final int start = nat == null || nat.getPortRangeStart() == null ? d.natPortRangeStart()
            : nat.getPortRangeStart().getValue().intValue();
        final int end = nat == null || nat.getPortRangeEnd() == null ? d.natPortRangeEnd()
            : nat.getPortRangeEnd().getValue().intValue();
        final Optional<String> uplink = sw == null ? Optional.empty() : Optional.ofNullable(sw.getUplinkPort());
        return new ViasSettings(bridge, priority, bypassOn, pps, bps, idle, natOn, start, end, uplink,
            bypassSettings(bypass));
    }

    static ViasSettings.Bypass bypassSettings(final Bypass bypass) {
        final ViasSettings.Bypass d = ViasSettings.Bypass.DEFAULTS;
        if (bypass == null) {
            return d;
        }
        final long minDuration = bypass.getMinDuration() == null ? d.minDurationMs() : bypass.getMinDuration().toJava();
        final int start = bypass.getPortRangeStart() == null ? d.portRangeStart()
            : bypass.getPortRangeStart().getValue().intValue();
        final int end = bypass.getPortRangeEnd() == null ? d.portRangeEnd()
            : bypass.getPortRangeEnd().getValue().intValue();
        final Map<String, String> locations = new HashMap<>();
        if (bypass.getPeerLocation() != null) {
            bypass.getPeerLocation().values().forEach(p -> locations.put(p.getUid().getValue(), p.getLocation()));
        }
        final Set<String> allowed = new HashSet<>();
        if (bypass.getAllowedPeers() != null) {
            bypass.getAllowedPeers().forEach(uid -> allowed.add(uid.getValue()));
        }
        return new ViasSettings.Bypass(minDuration, start, end,
            Optional.ofNullable(bypass.getUnderlayAddress()).map(a -> a.getValue()),
            Optional.ofNullable(bypass.getLocation()), locations, allowed,
            bypass.getBehindNat() == Bypass.BehindNat.OneToOne);
    }
}
