/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.signal.IceCandidate;
import org.opendaylight.vias.overlay.tap.TapOffloads;

class IceUnitTest {

    private static IceCandidate host(String ip) {
        return new IceCandidate("1", 1, 1, ip, 5000, "host", null, 0);
    }

    @Test
    void privateHostCandidatesOutsideOurSubnetsAreLeftOut() {
        // documentation / private ranges no test machine is on
        assertTrue(IceSession.unreachablePrivateHost(host("10.255.254.9")));
        assertTrue(IceSession.unreachablePrivateHost(host("192.168.254.9")));
        assertTrue(IceSession.unreachablePrivateHost(host("100.127.254.9")));
        assertFalse(IceSession.unreachablePrivateHost(host("203.0.113.9")));
        assertFalse(IceSession.unreachablePrivateHost(
            new IceCandidate("1", 1, 1, "10.255.254.9", 5000, "srflx", null, 0)));
    }

    @Test
    void sameSubnet() throws Exception {
        final InetAddress a = InetAddress.getByName("10.201.0.2");
        assertTrue(IceSession.sameSubnet(a, InetAddress.getByName("10.201.0.77"), 24));
        assertFalse(IceSession.sameSubnet(a, InetAddress.getByName("10.202.0.2"), 24));
        assertTrue(IceSession.sameSubnet(a, InetAddress.getByName("10.202.0.2"), 8));
        assertFalse(IceSession.sameSubnet(a, InetAddress.getByName("::1"), 8));
    }

    @Test
    void candidateTypeNamesRoundTrip() {
        for (String t : new String[] {"host", "srflx", "prflx", "relay"}) {
            assertEquals(t, IceSession.typeName(IceSession.candidateType(t)));
        }
    }

    @Test
    void consentFreshnessRunsOftenEnoughForTheLinkMachineToNoticeALostPathWithinItsSilence() throws Exception {
        // initialising IceSession (as every node does before its first session) sets ice4j's consent properties
        Class.forName(IceSession.class.getName(), true, IceSession.class.getClassLoader());
        final java.time.Duration interval = org.ice4j.ice.AgentConfig.config.getConsentFreshnessInterval();
        assertEquals(IceSession.CONSENT_INTERVAL_MILLIS, interval.toMillis());
        // randomised up to 1.2x: at least three checks fit in the silence that fails a link
        assertTrue(LinkTiming.DEFAULT.silence() >= 3 * interval.toMillis() * 1.2, interval::toString);
        assertEquals(6, org.ice4j.ice.AgentConfig.config.getMaxConsentFreshnessRetransmissions());
    }

    private static Properties minimal() {
        final Properties p = new Properties();
        p.setProperty("overlay.uid", "00000000000000000000000000000000000000aa");
        p.setProperty("identity.dir", "/tmp/x");
        p.setProperty("xmpp.host", "203.0.113.1");
        p.setProperty("xmpp.domain", "vias.test");
        p.setProperty("xmpp.user", "node1");
        p.setProperty("xmpp.password", "pw");
        return p;
    }

    @Test
    void nodeConfigDefaultsAndErrorsNameTheKey() {
        final IceNodeConfig c = IceNodeConfig.parse(minimal(), null);
        assertEquals(8, c.maxLinks());
        assertEquals("vias@conference.vias.test", c.signaling().roomJid());
        assertEquals(TapOffloads.parse(TapOffloads.DEFAULT), c.tapOffloads(), "offloads as on a standalone node");
        final String[][] cases = {
            {"overlay.uid", "xyz"}, {"tap.mtu", "20"}, {"xmpp.port", "x"}, {"topology.max-links", "0"},
            {"ice.turn", "203.0.113.1:99999"}, {"tap.address", "1.2.3/8"}, {"tap.offloads", "tso,lro"},
        };
        for (String[] bad : cases) {
            final Properties p = minimal();
            p.setProperty(bad[0], bad[1]);
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IceNodeConfig.parse(p, null));
            assertTrue(e.getMessage().contains(bad[0]), e.getMessage() + " should name " + bad[0]);
        }
        final Properties none = minimal();
        none.setProperty("tap.offloads", "none");
        assertEquals(TapOffloads.NONE, IceNodeConfig.parse(none, null).tapOffloads());
        final Properties p = minimal();
        p.remove("xmpp.password");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IceNodeConfig.parse(p, null)).getMessage()
            .contains("xmpp.password"));
        p.setProperty("xmpp.password", "pw");
        p.setProperty("ice.turn", "203.0.113.1:3478");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> IceNodeConfig.parse(p, null)).getMessage()
            .contains("ice.turn.user"));
    }
}
