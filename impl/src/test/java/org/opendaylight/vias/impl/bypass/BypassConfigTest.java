/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.impl.config.ConfigMapper;
import org.opendaylight.vias.impl.config.ConfigValidator;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.bypass.BypassPolicy;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.ConfigBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.DottedQuad;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.OverlayUid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.BypassBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.SwitchBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.bypass.PeerLocationBuilder;
import org.opendaylight.yangtools.yang.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Uint32;

/** The bypass part of the config: mapping, checks naming the field, and the policy built from it. */
class BypassConfigTest {
    static final String A = "00000000000000000000000000000000000000a1";
    static final String B = "00000000000000000000000000000000000000b2";
    static final String C = "00000000000000000000000000000000000000c3";
    static final FlowKey FLOW = FlowKey.tcp("10.0.0.1", 1, "10.0.0.2", 2);

    @Test
    void defaultsAreValidAndDenyEverything() {
        assertTrue(ConfigValidator.bypassProblems(new ConfigValidator.ProposedBypass(null, null, null, null, null))
            .isEmpty());
        final BypassPolicy policy = BypassPolicies.configured(ViasSettings.Bypass.DEFAULTS);
        assertFalse(policy.allows(Uid.parse(B), FLOW));
        assertEquals(Optional.empty(), ViasSettings.DEFAULTS.uplinkPort());
    }

    @Test
    void overlappingNatRangeIsRejectedNamingTheField() {
        final List<String> problems = ConfigValidator.bypassProblems(
            new ConfigValidator.ProposedBypass(25000, 26000, null, null, null));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("bypass/port-range-start: bypass ports 25000..26000 overlap"),
            problems.get(0));
    }

    @Test
    void badRangeLowPortsAndAddressNameTheirFields() {
        assertEquals(List.of("bypass/port-range-end: 50000 is below bypass/port-range-start 51000"),
            ConfigValidator.bypassProblems(new ConfigValidator.ProposedBypass(51000, 50000, null, null, null)));
        assertTrue(ConfigValidator.bypassProblems(new ConfigValidator.ProposedBypass(80, 90, null, null, null))
            .get(0).startsWith("bypass/port-range-start: must be at least 1024"));
        assertTrue(ConfigValidator.bypassProblems(new ConfigValidator.ProposedBypass(null, null, null, null,
            "10.0.0.300")).get(0).startsWith("bypass/underlay-address: '10.0.0.300' is not an IPv4 address"));
        // A NAT range moved out of the way makes the same bypass range acceptable.
        assertTrue(ConfigValidator.bypassProblems(new ConfigValidator.ProposedBypass(45000, 46000, 30000, 39999,
            null)).isEmpty());
    }

    @Test
    void mapperReadsUplinkAndBypassPolicy() {
        final ViasSettings settings = ConfigMapper.toSettings(new ConfigBuilder()
            .setSwitch(new SwitchBuilder().setUplinkPort("eth1").build())
            .setBypass(new BypassBuilder().setMinDuration(Uint32.valueOf(100)).setLocation("lab")
                .setUnderlayAddress(new DottedQuad("192.0.2.1"))
                .setAllowedPeers(Set.of(new OverlayUid(C)))
                .setPeerLocation(BindingMap.of(new PeerLocationBuilder().setUid(new OverlayUid(B)).setLocation("lab")
                    .build(), new PeerLocationBuilder().setUid(new OverlayUid(A)).setLocation("elsewhere").build()))
                .build())
            .build());
        assertEquals(Optional.of("eth1"), settings.uplinkPort());
        assertEquals(100, settings.bypass().minDurationMs());
        assertEquals(Optional.of("192.0.2.1"), settings.bypass().underlayAddress());
        assertEquals(Map.of(B, "lab", A, "elsewhere"), settings.bypass().peerLocations());
        final BypassPolicy policy = BypassPolicies.configured(settings.bypass());
        assertTrue(policy.allows(Uid.parse(B), FLOW), "same location");
        assertTrue(policy.allows(Uid.parse(C), FLOW), "allow list");
        assertFalse(policy.allows(Uid.parse(A), FLOW), "other location, not listed");
    }
}
