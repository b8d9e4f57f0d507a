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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Links made by XMPP signaling + ICE across real NATs: Prosody and coturn in an "internet" namespace, each node
 * behind its own NAT router namespace (scripts/testbed). Needs root, Prosody, coturn, iperf3; skipped otherwise.
 * Each test builds its own testbed and removes it, also on failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectivityIT {

    @BeforeAll
    static void canRun() {
        Testbed.requireHost();
    }

    @Test
    @Order(1)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void twoPortRestrictedSitesLinkDirectlyCarryPingAndIperfAndSurviveNatRebinding() throws Exception {
        try (Testbed tb = Testbed.up(2, "port-restricted")) {
            tb.node(1);
            tb.node(2);
            assertTrue(Testbed.await(40, () -> Testbed.linkUp().test(Testbed.peerLine(1, 2))
                && Testbed.linkUp().test(Testbed.peerLine(2, 1))), () -> "no link:\n" + Testbed.status(1)
                + Testbed.status(2) + Testbed.logText(1));
            final String line = Testbed.peerLine(1, 2);
            assertTrue(line.contains(" direct "), line);
            assertTrue(line.matches(".* local=(host|srflx|prflx) remote=(host|srflx|prflx) .*"), line);
            final String ping = tb.ping(1, 2, 5);
            assertTrue(ping.contains(" 0% packet loss"), ping);
            tb.run(10, "scripts/testbed", "exec", "2", "--", "iperf3", "-s", "-1", "-D", "-B", "10.254.0.2");
            Thread.sleep(500);
            final String iperf = tb.run(30, "scripts/testbed", "exec", "1", "--", "iperf3", "-c", "10.254.0.2",
                "-t", "2");
            assertTrue(iperf.contains("receiver"), iperf);

            // NAT rebinding mid-stream, pinged every 100 ms: site 1's router moves to other public ports and forgets
            // all its mappings (conntrack -F). Both ends stop hearing each other; the link must re-form within 3 s.
            final String beforeRebind = Testbed.peerLine(1, 2);
            final Testbed.Pinger pinger = tb.pingEvery100ms(1, 2, 200);
            Thread.sleep(4_000);
            tb.run(10, "ip", "netns", "exec", "vias-tb-nat1", "iptables", "-t", "nat", "-I", "POSTROUTING", "1",
                "-o", "wan", "-p", "udp", "-j", "MASQUERADE", "--to-ports", "40000-40100");
            tb.run(10, "ip", "netns", "exec", "vias-tb-nat1", "conntrack", "-F");
            final long outage = pinger.longestGapMillis();
            System.out.println("NAT rebinding (conntrack -F on site 1's router): overlay outage " + outage
                + " ms (longest gap between answered pings, one every 100 ms); "
                + Testbed.status(1).lines().filter(l -> l.startsWith("node ")).findFirst().orElse(""));
            // what the time went into: loss detected, new offer, ICE, DTLS up (both sides' logs)
            for (int site = 1; site <= 2; site++) {
                final int s = site;
                Testbed.logText(site).lines().filter(l -> l.contains("failed:") || l.contains("link-up")
                    || l.contains("offer ") || l.contains("ICE selected")).forEach(l -> System.out.println(
                        "site " + s + ": " + l));
            }
            assertTrue(Testbed.await(10, () -> {
                final String now = Testbed.peerLine(1, 2);
                return Testbed.linkUp().test(now) && now.contains("203.0.113.11:400")
                    && !now.equals(beforeRebind);
            }), () -> "link did not re-form over the new mapping after NAT rebinding:\n" + Testbed.status(1));
            assertTrue(outage < 3_000, () -> "outage " + outage + " ms after NAT rebinding (target < 3 s):\n"
                + Testbed.status(1) + Testbed.logText(1));
            final String after = tb.ping(1, 2, 5);
            assertTrue(after.contains(" 0% packet loss"), after);
        }
    }

    @Test
    @Order(2)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void symmetricToPortRestrictedGoesThroughTurnRelay() throws Exception {
        try (Testbed tb = Testbed.up(2, "symmetric,port-restricted")) {
            tb.node(1);
            tb.node(2);
            assertTrue(Testbed.await(60, () -> Testbed.linkUp().test(Testbed.peerLine(1, 2))),
                () -> "no link:\n" + Testbed.status(1) + Testbed.status(2));
            final String line = Testbed.peerLine(1, 2);
            assertTrue(line.contains(" relayed "), line);
            final String ping = tb.ping(1, 2, 5);
            assertTrue(ping.contains(" 0% packet loss") || ping.contains(" 20% packet loss"), ping);
        }
    }

    @Test
    @Order(3)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void wrongPasswordAndWrongFingerprintFailClearlyWithoutBreakingOthers() throws Exception {
        try (Testbed tb = Testbed.up(3, "port-restricted")) {
            tb.node(1);
            final Process bad = tb.node(2, "--password", "not-the-password");
            assertTrue(bad.waitFor(30, TimeUnit.SECONDS), "node with a wrong password should exit");
            assertEquals(3, bad.exitValue(), Testbed.logText(2));
            final String err = Testbed.logText(2);
            assertTrue(err.contains("rejected by the server") && err.contains("xmpp.password"), err);

            // node 3 announces a fingerprint that is not its certificate's: DTLS must refuse, no link
            tb.node(3, "--advertise-fingerprint", "00".repeat(32));
            assertTrue(Testbed.await(30, () -> Testbed.peerLine(1, 3).contains("state=LINKED")
                || Testbed.peerLine(1, 3).contains("last_error")), () -> Testbed.status(1));
            Thread.sleep(8000);
            assertFalse(Testbed.linkUp().test(Testbed.peerLine(1, 3)), Testbed.peerLine(1, 3));
            final String log1 = Testbed.logText(1) + Testbed.logText(3);
            assertTrue(log1.contains("fingerprint") || log1.contains("certificate"), "no clear DTLS error");
            // node 1 still works: node 2 with the right password links and carries traffic
            tb.node(2);
            assertTrue(Testbed.await(40, () -> Testbed.linkUp().test(Testbed.peerLine(1, 2))),
                () -> Testbed.status(1));
            assertTrue(tb.ping(1, 2, 3).contains(" 0% packet loss"));
        }
    }

    @Test
    @Order(4)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void prosodyOutageKeepsTrafficAndThirdSiteJoinsAfterwardIntoFullMesh() throws Exception {
        try (Testbed tb = Testbed.up(3, "port-restricted,full-cone,port-restricted")) {
            tb.node(1);
            tb.node(2);
            assertTrue(Testbed.await(40, () -> Testbed.linkUp().test(Testbed.peerLine(1, 2))),
                () -> Testbed.status(1));
            tb.run(10, "scripts/testbed", "prosody-stop");
            final long start = System.nanoTime();
            // 30 s without XMPP: the P2P link keeps carrying traffic
            final String ping = tb.exec(45, "scripts/testbed", "exec", "1", "--", "ping", "-c", "30", "-i", "1",
                "-W", "1", "10.254.0.2").output();
            assertTrue(System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(29));
            assertTrue(ping.contains(" 0% packet loss") || ping.contains(" 3% packet loss"), ping);
            tb.run(20, "scripts/testbed", "prosody-start");
            tb.node(3);
            assertTrue(Testbed.await(60, () -> Testbed.linkUp().test(Testbed.peerLine(1, 3))
                && Testbed.linkUp().test(Testbed.peerLine(2, 3)) && Testbed.linkUp().test(Testbed.peerLine(1, 2))),
                () -> "no full mesh:\n" + Testbed.status(1) + Testbed.status(2) + Testbed.status(3));
            assertTrue(tb.ping(3, 1, 3).contains(" 0% packet loss"));
            assertTrue(tb.ping(3, 2, 3).contains(" 0% packet loss"));
            // node 1 is back in the room after the outage: its status (written every status interval) says so
            assertTrue(Testbed.await(10, () -> Testbed.status(1).contains("xmpp=joined")
                && !Testbed.status(1).contains("reconnects=0 ")), () -> Testbed.status(1));
        }
    }

    @Test
    @Order(5)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void beyondTheLimitLinksAreMadeOnDemandAndRemovedWhenIdle() throws Exception {
        try (Testbed tb = Testbed.up(3, "port-restricted")) {
            // max-links 1: by UID XOR distance 1-3 and 2-3 are "nearest" links, 1-2 is not
            for (int site = 1; site <= 3; site++) {
                tb.node(site, "--max-links", "1", "--set", "topology.idle-seconds=5");
            }
            assertTrue(Testbed.await(40, () -> Testbed.linkUp().test(Testbed.peerLine(1, 3))
                && Testbed.linkUp().test(Testbed.peerLine(2, 3))), () -> Testbed.status(1) + Testbed.status(2));
            // (a 1-2 link made while the overlay had only two members goes away once idle; wait for IDLE, not just
            // "not up": a link still being set up is not up either, and would come up without any demand)
            assertTrue(Testbed.await(40, () -> Testbed.peerLine(1, 2).contains("state=IDLE")),
                () -> Testbed.status(1));
            // traffic from site 1 to site 2's overlay address makes the link on demand
            final String ping = tb.ping(1, 2, 10);
            assertTrue(Testbed.linkUp().test(Testbed.peerLine(1, 2)) || ping.contains(" 0% packet loss"), ping);
            assertFalse(ping.contains(" 100% packet loss"), ping);
            assertTrue(Testbed.logText(1).contains("on-demand link"), "no on-demand log line");
            // and, idle, it goes away again while the nearest links stay
            assertTrue(Testbed.await(60, () -> Testbed.peerLine(1, 2).contains("state=IDLE")),
                () -> Testbed.status(1));
            assertTrue(Testbed.linkUp().test(Testbed.peerLine(1, 3)), Testbed.status(1));
        }
    }
}
