/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.nat.NatConfig;
import org.opendaylight.vias.rules.Ipv4Prefix;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.PortNumber;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.MacAddress;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.ConfigBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.DottedQuad;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Ipv4Network;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.NatBuilder;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint8;

class NatSetupTest {
    private static NatSetup.Fields fields(final Boolean enabled, final String lan, final String gw, final String mac,
            final String pub, final Integer start, final Integer end, final String upstream, final Integer prio) {
        return new NatSetup.Fields(enabled, lan, gw, mac, pub, start, end, null, null, upstream, prio);
    }

    @Test
    void mapsTheYangContainerAndDefaultsOutsideTheEphemeralRange() {
        final var config = new ConfigBuilder().setNat(new NatBuilder().setEnabled(true)
            .setInternalNetwork(new Ipv4Network("192.168.1.0/24")).setGatewayAddress(new DottedQuad("192.168.1.1"))
            .setGatewayMac(new MacAddress("02:00:00:11:22:33")).setPublicAddress(new DottedQuad("10.0.0.1"))
            .setPublicPrefixLength(Uint8.valueOf(16)).setUpstreamGateway(new DottedQuad("10.0.255.254"))
            .build()).build();
        final NatSetup setup = NatSetup.of(NatSetup.fields(config)).orElseThrow();
        assertEquals(NatConfig.DEFAULT_PORT_LOW, setup.nat().portLow());
        assertEquals(NatConfig.DEFAULT_PORT_HIGH, setup.nat().portHigh());
        // Linux's default ephemeral range is 32768..60999: the default NAT range stays clear of it
        assertTrue(setup.nat().portHigh() < 32768);
        assertEquals(Ipv4Prefix.parse("10.0.0.0/16"), setup.uplink());
        assertEquals(Ipv4Prefix.parseAddress("10.0.255.254"), setup.upstreamGateway());
    }

    @Test
    void offWhenNotEnabledOrNotConfigured() {
        assertEquals(Optional.empty(), NatSetup.of(NatSetup.fields(null)));
        assertEquals(Optional.empty(), NatSetup.of(NatSetup.fields(new ConfigBuilder().setNat(new NatBuilder()
            .setPortRangeStart(new PortNumber(Uint16.valueOf(21000))).build()).build())));
    }

    @Test
    void portRangeIsCheckedAlwaysNamingTheField() {
        assertEquals(List.of("nat/port-range-start: must be 1024..65535 (ports below 1024 are the host's), was 80"),
            NatSetup.problems(fields(false, null, null, null, null, 80, 2000, null, null)));
        assertEquals(List.of("nat/port-range-end: 4000 is below nat/port-range-start 5000"),
            NatSetup.problems(fields(null, null, null, null, null, 5000, 4000, null, null)));
        // a start above the default end needs an end too
        assertEquals(List.of("nat/port-range-end: " + NatConfig.DEFAULT_PORT_HIGH
            + " is below nat/port-range-start 40000"), NatSetup.problems(fields(null, null, null, null, null, 40000,
                null, null, null)));
    }

    @Test
    void enabledNeedsConsistentAddressesEachProblemNamingItsField() {
        final List<String> problems = NatSetup.problems(fields(true, "192.168.1.0/24", "192.168.2.1", null,
            "192.168.1.7", null, null, null, 2500));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("nat/gateway-mac:")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("switch/pipeline-priority:")), problems.toString());
        final List<String> more = NatSetup.problems(fields(true, "192.168.1.0/24", "192.168.2.1",
            "02:00:00:11:22:33", "192.168.1.7", null, null, null, null));
        assertTrue(more.contains("nat/gateway-address: 192.168.2.1 is not inside nat/internal-network "
            + "192.168.1.0/24"), more.toString());
        assertTrue(more.contains("nat/public-address: 192.168.1.7 must be outside nat/internal-network "
            + "192.168.1.0/24"), more.toString());
        assertTrue(NatSetup.problems(fields(true, "192.168.1.0/24", "192.168.1.1", "02:00:00:11:22:33", "10.0.0.1",
            null, null, "10.9.0.1", null)).get(0).startsWith("nat/upstream-gateway: 10.9.0.1 is not on the host's"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NatSetup.of(
            fields(true, null, null, null, null, null, null, null, null)));
        assertTrue(e.getMessage().contains("nat/internal-network") && e.getMessage().contains("nat/public-address"),
            e.getMessage());
    }
}
