/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.it.Await.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue #16 on the two-site testbed, each case on its own testbed ({@code vias-sites up --nat ...}). Host i owns
 * 10.(230+i).0.2 on its bridge and, behind a one-to-one NAT, is 10.220.0.(10+i) on the LAN.
 * <ul>
 * <li>The cloud case, each host behind its own one-to-one NAT (a public address 1:1 to the host, like a cloud VM's): a
 * heavy TCP stream between nested VMs must be bypassed on both ends with rules that rewrite to the host's OWN
 * address and send to the peer's PUBLIC one (each NAT translates between them), carry the stream, and let it
 * complete.</li>
 * <li>One side symmetric (the other port-restricted, so ICE can only link them through the TURN relay): the bypass
 * is refused with NAT_UNSUPPORTED and the stream completes on the overlay, with no bypass rule on either bridge at
 * any time.</li>
 * <li>Both behind filtering (port-restricted) NATs, not declared one-to-one: each NAT drops the peer's packets until
 * its own host has sent on the same 5-tuple, so the controllers open the path first with path probes (packet-outs on
 * the bypass 5-tuple, DSCP-marked, caught by the peer's probe rule) and move the flow only once the path is proven
 * both ways. Then, on the same testbed: a bypassed UDP flow idle for 3x the NATs' UDP timeout still arrives (the
 * probes keep the mappings open), and a conntrack flush on one NAT mid-stream costs neither the TCP stream (no
 * reset, still bypassed after) nor more than 3 s of ping between nested VMs on the overlay.</li>
 * </ul>
 */
class BypassNatIT {
    /** Short rules idle timeout; each host declares its NAT one-to-one (bypass/behind-nat), as a cloud VM would. */
    private static final String CONFIG_ONE_TO_ONE =
        "{\"bypass\": {\"idle-timeout\": 5, \"behind-nat\": \"one-to-one\"}}";
    /**
     * No declaration (the default): behind a NAT the path is opened with probes. Rules idle out after 30 s, longer
     * than the UDP case's idle pause.
     */
    private static final String CONFIG_FILTERING = "{\"bypass\": {\"idle-timeout\": 30}}";
    /** The NAT routers' UDP mapping timeout in the filtering case (Linux's default is 30 s unreplied, 120 s stream). */
    private static final int NAT_UDP_TIMEOUT_S = 5;
    private static final String VM21 = "10.254.2.1";
    private static final String[] OWN = {null, "10.231.0.2", "10.232.0.2"};
    private static final String[] PUBLIC = {null, "10.220.0.11", "10.220.0.12"};

    @Test
    void tcpStreamIsBypassedThroughBothOneToOneNatsAndCompletes() throws Exception {
        try (Sites sites = Sites.upWithControllers("bypass-nat-it", CONFIG_ONE_TO_ONE, "--nat",
                "1=one-to-one,2=one-to-one")) {
            bypassedThroughBothNats(sites);
        }
    }

    @Test
    void symmetricNatIsRefusedAndTheStreamCompletesOnTheOverlay() throws Exception {
        // Declared one-to-one, so what refuses the bypass is ICE's relayed path, not the declaration.
        try (Sites sites = Sites.upWithControllers("bypass-nat-symmetric-it", CONFIG_ONE_TO_ONE, "--nat",
                "1=symmetric,2=port-restricted")) {
            refusedAndCompletedOnTheOverlay(sites, "iperf-tcp-symmetric.json");
        }
    }

    @Test
    void portRestrictedNatsAreOpenedWithProbesAndKeptOpen() throws Exception {
        try (Sites sites = Sites.upWithControllers("bypass-nat-filtering-it", CONFIG_FILTERING, "--nat",
                "1=port-restricted,2=port-restricted")) {
            bypassedThroughBothNats(sites);
            for (int site = 1; site <= 2; site++) {
                final List<String> probes = sites.bypassRules(site).stream().filter(r -> r.contains("nw_tos=252"))
                    .toList();
                assertTrue(!probes.isEmpty() && probes.stream().allMatch(r -> r.contains("CONTROLLER")),
                    "host " + site + ": no probe rule catching the peer's marked probes: " + sites.bypassRules(site));
                assertTrue(Sites.packets(probes) > 0, "host " + site + ": probe rules caught nothing: " + probes);
            }
            for (int site = 1; site <= 2; site++) {
                assertTrue(Shell.run(20, "ip", "netns", "exec", "vias-st-nat" + site, "sysctl", "-qw",
                    "net.netfilter.nf_conntrack_udp_timeout=" + NAT_UDP_TIMEOUT_S,
                    "net.netfilter.nf_conntrack_udp_timeout_stream=" + NAT_UDP_TIMEOUT_S).ok());
            }
            idleUdpBypassStillArrives(sites);
            conntrackFlushCostsNeitherTheStreamNorTheOverlay(sites);
        }
    }

    /**
     * A one-way UDP flow is bypassed, pauses for 3x the NATs' UDP timeout, and sends again: without keepalives the
     * receiving side's NAT would have forgotten the mapping and dropped the resumed datagrams (the receiver never
     * sends on the flow).
     */
    private static void idleUdpBypassStillArrives(final Sites sites) throws Exception {
        final Path received = sites.work().resolve("udp-idle-received");
        final Process receiver = sites.startInVm(2, 1, received, "socat", "-u", "UDP-RECV:6000", "STDOUT");
        try {
            Thread.sleep(300);
            final Process burst = sites.startInVm(1, 1, sites.work().resolve("udp-idle-burst.out"), "python3", "-c",
                UDP_SENDER, VM21, "6000", "BULK", "20000", "8");
            await("UDP bypass rules on both bridges", Duration.ofSeconds(15),
                () -> !flowRules(sites, 1, "udp").isEmpty() && !flowRules(sites, 2, "udp").isEmpty(),
                () -> "host 1:\n" + sites.flows(1) + "\nstate 1: " + sites.state(1));
            assertTrue(burst.waitFor(30, TimeUnit.SECONDS), "UDP burst did not end");
            final Set<Long> ids = Sites.bypassIds(flowRules(sites, 2, "udp"));
            Thread.sleep(3L * NAT_UDP_TIMEOUT_S * 1000 + 1000);
            final long inboundBefore = Sites.bytes(flowRules(sites, 2, "udp"));
            assertTrue(sites.vm(1, 1, 30, "python3", "-c", UDP_SENDER, VM21, "6000", "AFTER", "300", "1").ok());
            await("the datagrams sent after the pause received", Duration.ofSeconds(10),
                () -> count(received, "AFTER") >= 270,
                () -> count(received, "AFTER") + " of 300 datagrams sent after the pause received; state 2: "
                    + sites.state(2) + "\nhost 2:\n" + sites.flows(2));
            assertEquals(ids, Sites.bypassIds(flowRules(sites, 2, "udp")), "the bypass did not survive the pause");
            // the userspace datapath hands its counters to the rules every second or so
            await("the datagrams after the pause counted on host 2's inbound bypass rule", Duration.ofSeconds(5),
                () -> Sites.bytes(flowRules(sites, 2, "udp")) - inboundBefore > 270 * 1000,
                () -> "after the pause the bypass carried only "
                    + (Sites.bytes(flowRules(sites, 2, "udp")) - inboundBefore) + " bytes: "
                    + flowRules(sites, 2, "udp"));
        } finally {
            receiver.destroy();
        }
    }

    /** The bypass rules of a protocol's flows on a host's bridge, without the probe rules (DSCP-marked). */
    private static List<String> flowRules(final Sites sites, final int site, final String protocol) {
        return sites.bypassRules(site).stream().filter(r -> r.contains(protocol) && !r.contains("nw_tos")).toList();
    }

    private static int count(final Path file, final String marker) {
        try {
            final String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
            int n = 0;
            for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
                n++;
            }
            return n;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /**
     * A NAT router loses its mappings (conntrack flush) while a TCP stream is bypassed through it and the nested VMs
     * ping each other every 100 ms over the overlay: the stream completes without reset and is bypassed again (or
     * still) afterwards, and the ping's longest outage stays under 3 s.
     */
    private static void conntrackFlushCostsNeitherTheStreamNorTheOverlay(final Sites sites) throws Exception {
        final Path pings = sites.work().resolve("ping-flush.out");
        final Process ping = sites.startInVm(1, 1, pings, "ping", "-n", "-i", "0.1", "-c", "200", VM21);
        final Process client = startStream(sites, "iperf-tcp-flush.json");
        try {
            await("TCP bypass rules on both bridges", Duration.ofSeconds(12),
                () -> flowRules(sites, 1, "tcp").size() >= 2 && flowRules(sites, 2, "tcp").size() >= 2,
                () -> "host 1:\n" + sites.flows(1) + "\nstate 1: " + sites.state(1));
            Thread.sleep(2000);
            assertTrue(Shell.run(20, "ip", "netns", "exec", "vias-st-nat2", "conntrack", "-F").ok(),
                "conntrack flush failed");
            Thread.sleep(4000);
            final long before = Sites.bytes(flowRules(sites, 2, "tcp"));
            Thread.sleep(3000);
            final long after = Sites.bytes(flowRules(sites, 2, "tcp")) - before;
            assertTrue(after > 3_000_000, "after the flush the bypass carried " + after + " bytes in 3 s: "
                + flowRules(sites, 2, "tcp") + "\nstate 2: " + sites.state(2));
        } finally {
            assertTrue(client.waitFor(60, TimeUnit.SECONDS), "iperf3 did not finish");
            assertTrue(ping.waitFor(40, TimeUnit.SECONDS), "ping did not finish");
        }
        completed(sites, "iperf-tcp-flush.json", client);
        final int longest = longestOutage(Files.readAllLines(pings));
        assertTrue(longest * 100 < 3000, "ping over the overlay lost " + longest + " consecutive 100 ms probes:\n"
            + String.join("\n", Files.readAllLines(pings)));
    }

    /** The longest run of ping sequence numbers without an answer, from ping's output. */
    static int longestOutage(final List<String> lines) {
        final java.util.TreeSet<Integer> answered = new java.util.TreeSet<>();
        final java.util.regex.Pattern seq = java.util.regex.Pattern.compile("icmp_seq=(\\d+)");
        for (String line : lines) {
            final java.util.regex.Matcher m = seq.matcher(line);
            if (m.find() && line.contains("bytes from")) {
                answered.add(Integer.parseInt(m.group(1)));
            }
        }
        if (answered.isEmpty()) {
            return Integer.MAX_VALUE / 1000;
        }
        int longest = 0;
        int previous = answered.first();
        for (int s : answered) {
            longest = Math.max(longest, s - previous - 1);
            previous = s;
        }
        return longest;
    }

    /** python3 -c: sends COUNT datagrams "MARKER-n" of 1000 bytes to HOST:PORT from port 40600, over SECONDS. */
    private static final String UDP_SENDER = String.join("\n",
        "import socket, sys, time",
        "host, port, marker, count, seconds = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]),"
            + " float(sys.argv[5])",
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
        "s.bind(('', 40600))",
        "start = time.time()",
        "for n in range(count):",
        "    s.sendto((marker + '-' + str(n)).encode().ljust(1000, b'.'), (host, port))",
        "    if n % 25 == 24:",
        "        time.sleep(max(0.0, start + (n + 1) * seconds / count - time.time()))");

    private static void refusedAndCompletedOnTheOverlay(final Sites sites, final String report) throws Exception {
        final long overlayBefore = sites.overlayBytes(1);
        final Process client = startStream(sites, report);
        try {
            await("the bypass refused with NAT_UNSUPPORTED", Duration.ofSeconds(12),
                () -> refusedForNat(sites, 1) || refusedForNat(sites, 2),
                () -> "state 1: " + sites.state(1) + "\nstate 2: " + sites.state(2) + "\nhost 1 log:\n"
                    + sites.karafLogTail(1));
            // Never a black hole: the refused flow has no rule on either bridge while it runs.
            for (int i = 0; i < 4; i++) {
                assertTrue(sites.bypassRules(1).isEmpty() && sites.bypassRules(2).isEmpty(),
                    "bypass rules despite the refusal:\n" + sites.bypassRules(1) + "\n" + sites.bypassRules(2));
                Thread.sleep(1000);
            }
        } finally {
            assertTrue(client.waitFor(60, TimeUnit.SECONDS), "iperf3 did not finish");
        }
        final long received = completed(sites, report, client);
        // vias:state's link counters are published periodically: the last second of the stream reaches them late
        await("the overlay link counting more bytes than the stream (" + received + ")", Duration.ofSeconds(10),
            () -> sites.overlayBytes(1) - overlayBefore > received,
            () -> "the overlay link carried " + (sites.overlayBytes(1) - overlayBefore) + " bytes");
        assertTrue(sites.bypassRules(1).isEmpty() && sites.bypassRules(2).isEmpty(), "bypass rules left");
    }

    /** Whether the site's state shows a flow whose bypass was refused because a NAT maps ports unpredictably. */
    private static boolean refusedForNat(final Sites sites, final int site) {
        return !sites.jq(sites.state(site), "(.\"vias:state\".flow // [])[] | select(.protocol == \"tcp\")"
            + " | .reason // \"\" | select(contains(\"NAT_UNSUPPORTED\"))").isEmpty();
    }

    /** A 14 s iperf3 TCP stream from VM 1:1 to VM 2:1, its JSON report to {@code report} in the work directory. */
    private static Process startStream(final Sites sites, final String report) throws Exception {
        assertTrue(sites.vm(2, 1, 20, "iperf3", "-s", "-1", "-D", "-p", "5201").ok());
        Thread.sleep(300);
        return sites.startInVm(1, 1, sites.work().resolve(report), "iperf3", "-c", VM21, "-p", "5201", "-t", "14",
            "-J");
    }

    /** Checks the stream ended without error (a reset fails iperf3) and returns the bytes received. */
    private static long completed(final Sites sites, final String report, final Process client) throws Exception {
        final String json = Files.readString(sites.work().resolve(report));
        assertEquals(0, client.exitValue(), "iperf3 failed (reset?):\n" + json);
        assertTrue(sites.jq(json, ".error // \"\"").isEmpty(), json);
        final String received = sites.jq(json, ".end.sum_received.bytes");
        assertTrue(!received.isEmpty() && Long.parseLong(received) > 10_000_000, "received " + received);
        return Long.parseLong(received);
    }

    private static void bypassedThroughBothNats(final Sites sites) throws Exception {
        final Process client = startStream(sites, "iperf-tcp-nat.json");
        try {
            await("TCP bypass rules on both bridges", Duration.ofSeconds(12),
                () -> sites.bypassRules(1).stream().anyMatch(r -> r.contains("tcp"))
                    && sites.bypassRules(2).stream().anyMatch(r -> r.contains("tcp")),
                () -> "host 1:\n" + sites.flows(1) + "\nhost 2:\n" + sites.flows(2) + "\nstate 1: " + sites.state(1)
                    + "\nhost 1 log:\n" + sites.karafLogTail(1));
            Thread.sleep(1000);
            final long before1 = Sites.bytes(sites.bypassRules(1));
            final long before2 = Sites.bytes(sites.bypassRules(2));
            final long overlayBefore = sites.overlayBytes(1);
            Thread.sleep(4000);
            final long overlayDelta = sites.overlayBytes(1) - overlayBefore;
            final List<String> rules1 = sites.bypassRules(1);
            final List<String> rules2 = sites.bypassRules(2);
            final long delta1 = Sites.bytes(rules1) - before1;
            final long delta2 = Sites.bytes(rules2) - before2;
            assertTrue(delta1 > 5_000_000 && delta2 > 5_000_000, "bypass rule counters rose by " + delta1 + " / "
                + delta2 + " bytes in 4 s:\n" + rules1 + "\n" + rules2);
            assertEquals(Sites.bypassIds(rules1), Sites.bypassIds(rules2), "both ends hold the same bypasses");
            // the overlay link is flat meanwhile: keepalives and control messages only, not the stream
            assertTrue(overlayDelta < Math.max(200_000, delta1 / 50), "overlay link bytes rose by " + overlayDelta
                + " while the bypass carried " + delta1);
            for (int s = 1; s <= 2; s++) {
                final int site = s;
                final int other = 3 - site;
                final List<String> rules = site == 1 ? rules1 : rules2;
                // outbound: from our own (private) address to the peer's public one
                assertTrue(rules.stream().anyMatch(r -> r.contains("set_field:" + OWN[site] + "->ip_src")
                    && r.contains("set_field:" + PUBLIC[other] + "->ip_dst")), "host " + site + " outbound: " + rules);
                // inbound: what our NAT hands us, from the peer's public address to our own
                assertTrue(rules.stream().anyMatch(r -> r.contains("nw_src=" + PUBLIC[other])
                    && r.contains("nw_dst=" + OWN[site])), "host " + site + " inbound: " + rules);
                // our own public address is only what the peer was told: no rule of ours uses it
                assertTrue(rules.stream().noneMatch(r -> r.contains(PUBLIC[site])), "host " + site + ": " + rules);
            }
        } finally {
            assertTrue(client.waitFor(60, TimeUnit.SECONDS), "iperf3 did not finish");
        }
        completed(sites, "iperf-tcp-nat.json", client);
    }
}
