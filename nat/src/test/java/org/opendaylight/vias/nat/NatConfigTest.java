/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.nat.Frames.ip;

import org.junit.jupiter.api.Test;

class NatConfigTest {

    static NatConfig seed() {
        return NatConfig.parse("192.168.1.0/24", "192.168.1.1", "00:00:00:11:22:33", "10.0.0.1", 20000, 29999, 300);
    }

    private static String problem(final String lan, final String gw, final String mac, final String host,
            final int low, final int high, final int idle) {
        return assertThrows(IllegalArgumentException.class,
            () -> NatConfig.parse(lan, gw, mac, host, low, high, idle)).getMessage();
    }

    @Test
    void acceptsTheSeedsNetwork() {
        final NatConfig c = seed();
        assertEquals("192.168.1.0/24", c.nestedLan().toString());
        assertEquals(ip("192.168.1.1"), c.gatewayIp());
        assertEquals(ip("10.0.0.1"), c.hostIp());
        assertEquals(10000, c.poolSize());
        assertEquals("NatConfig[nestedLan=192.168.1.0/24, gateway=192.168.1.1 00:00:00:11:22:33, hostIp=10.0.0.1, "
            + "ports=20000..29999, idle=300s]", c.toString());
    }

    @Test
    void namesTheFieldOfEachProblem() {
        final String ok = "00:00:00:11:22:33";
        assertTrue(problem("192.168.1.0", "192.168.1.1", ok, "10.0.0.1", 20000, 20001, 1).contains("nestedLan: "));
        assertTrue(problem("192.168.1.0/31", "192.168.1.1", ok, "10.0.0.1", 20000, 20001, 1)
            .contains("nestedLan: prefix length must be 8..30"));
        assertTrue(problem("192.168.1.0/24", "192.168.2.1", ok, "10.0.0.1", 20000, 20001, 1)
            .contains("gatewayIp: 192.168.2.1 is not inside nestedLan 192.168.1.0/24"));
        assertTrue(problem("192.168.1.0/24", "192.168.1.255", ok, "10.0.0.1", 20000, 20001, 1)
            .contains("gatewayIp: 192.168.1.255 is the network or broadcast address"));
        assertTrue(problem("192.168.1.0/24", "192.168.1.1", "01:00:5e:00:00:01", "10.0.0.1", 20000, 20001, 1)
            .contains("gatewayMac: must be a unicast address"));
        assertTrue(problem("192.168.1.0/24", "192.168.1.1", "00:00:00:00:00:00", "10.0.0.1", 20000, 20001, 1)
            .contains("gatewayMac: must be a unicast address"));
        assertTrue(problem("192.168.1.0/24", "192.168.1.1", "zz", "10.0.0.1", 20000, 20001, 1)
            .contains("gatewayMac: mac: 'zz'"));
        assertTrue(problem("192.168.1.0/24", "192.168.1.1", ok, "192.168.1.7", 20000, 20001, 1)
            .contains("hostIp: 192.168.1.7 must be outside nestedLan"));
        assertTrue(problem("192.168.1.0/24", "192.168.1.1", ok, "224.0.0.1", 20000, 20001, 1)
            .contains("hostIp: 224.0.0.1 is not a unicast host address"));
        assertTrue(problem("192.168.1.0/24", "192.168.1.1", ok, "10.0.0.300", 20000, 20001, 1)
            .contains("hostIp: ipv4: '10.0.0.300' has an octet above 255"));
        assertTrue(problem("192.168.1.0/24", "192.168.1.1", ok, "10.0.0.1", 80, 20001, 1)
            .contains("portLow: must be 1024..65535, was 80"));
        assertTrue(problem("192.168.1.0/24", "192.168.1.1", ok, "10.0.0.1", 20000, 70000, 1)
            .contains("portHigh: must be 1024..65535, was 70000"));
        assertTrue(problem("192.168.1.0/24", "192.168.1.1", ok, "10.0.0.1", 20001, 20000, 1)
            .contains("portHigh: must be >= portLow (20001), was 20000"));
        assertTrue(problem("192.168.1.0/24", "192.168.1.1", ok, "10.0.0.1", 20000, 20000, 0)
            .contains("idleTimeoutSeconds: must be 1..65535, was 0"));
    }

    @Test
    void reportsAllProblemsAtOnce() {
        final String message = problem("192.168.1.0/24", "10.1.1.1", "ff:ff:ff:ff:ff:ff", "10.0.0.1", 30000, 20000,
            -5);
        assertTrue(message.startsWith("invalid NAT config: "), message);
        for (String field : new String[] {"gatewayIp:", "gatewayMac:", "portHigh:", "idleTimeoutSeconds:"}) {
            assertTrue(message.contains(field), field + " missing in " + message);
        }
        final String unparsable = problem(null, "x", "y", null, 20000, 20000, 1);
        for (String field : new String[] {"nestedLan:", "gatewayIp:", "gatewayMac:", "hostIp:"}) {
            assertTrue(unparsable.contains(field), field + " missing in " + unparsable);
        }
    }
}
