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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opendaylight.vias.impl.ViasRuntime.ConnectedBridge;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.impl.pipeline.BasePipeline;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.bypass.BypassPath;
import org.opendaylight.vias.overlay.bypass.PortReservation.Reservation;
import org.opendaylight.vias.overlay.bypass.UnderlayEndpoint;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.MacAddress;
import org.opendaylight.vias.rules.OfctlFormat;
import org.opendaylight.vias.testing.HostPreconditions;

/**
 * The bypass rules on real Open vSwitch (userspace datapath), without Karaf: two hosts, each a bridge
 * ({@value #BR1}, {@value #BR2}) with a nested VM (namespaces {@code vias-bx-vm1/2}), an "overlay" port and an uplink.
 * The overlay is stood in for by a veth pair between the two overlay ports (frames cross it unchanged, as they
 * cross the IPOP tunnel); the underlay is a veth pair between the two uplinks. Each bridge gets the base pipeline
 * with uplink isolation ({@link BasePipeline#rules(ViasSettings, ConnectedBridge)}) and, while a stream runs, the
 * bypass rules of {@link BypassRules} in the negotiator's loss-free order, installed with {@code ovs-ofctl} exactly
 * as {@link OfctlFormat} renders them; then they are removed again in teardown order.
 *
 * <p>Shows: iperf3 TCP and UDP streams between the nested VMs move onto the underlay rewritten to the hosts'
 * addresses and allocated ports (tcpdump on the uplink, rule counters) and back, and the TCP session completes
 * without a reset; ARP, ICMP and multicast never hit a bypass rule.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BypassDataplaneIT {
    private static final String BR1 = "viasbx1";
    private static final String BR2 = "viasbx2";
    private static final String OF = "ovs-ofctl -O OpenFlow13 ";
    private static final String VM1 = "vias-bx-vm1";
    private static final String VM2 = "vias-bx-vm2";
    private static final MacAddress VM1_MAC = MacAddress.of("02:00:00:00:10:01");
    private static final MacAddress VM2_MAC = MacAddress.of("02:00:00:00:20:01");
    private static final long VM_PORT = 1;
    private static final long OVERLAY_PORT = 2;
    private static final long UPLINK_PORT = 3;
    private static final String UNDERLAY1 = "192.0.2.1";
    private static final String UNDERLAY2 = "192.0.2.2";
    private static final Uid UID1 = Uid.parse("00000000000000000000000000000000000000a1");
    private static final Uid UID2 = Uid.parse("00000000000000000000000000000000000000b2");
    private static final Pattern PACKETS = Pattern.compile("n_packets=(\\d+)");

    private static final List<Process> BACKGROUND = new ArrayList<>();
    private static boolean ready;
    private static ConnectedBridge bridge1;
    private static ConnectedBridge bridge2;
    private static ViasSettings settings1;
    private static ViasSettings settings2;

    @BeforeAll
    static void buildTestbed() throws Exception {
        HostPreconditions.requireRoot();
        HostPreconditions.requireOpenVswitch();
        HostPreconditions.requireTools("iperf3", "tcpdump", "socat");
        teardown();
        ready = true;
        for (String br : List.of(BR1, BR2)) {
            sh("ovs-vsctl add-br " + br + " -- set bridge " + br
                + " datapath_type=netdev fail_mode=secure protocols=OpenFlow13");
        }
        vm(VM1, "vbx-vm1", BR1, VM1_MAC, "10.0.0.1/24");
        vm(VM2, "vbx-vm2", BR2, VM2_MAC, "10.0.0.2/24");
        link("vbx-o1", "vbx-o2", OVERLAY_PORT);
        link("vbx-u1", "vbx-u2", UPLINK_PORT);
        bridge1 = bridge(BR1, "vbx-u1");
        bridge2 = bridge(BR2, "vbx-u2");
        settings1 = ViasSettings.DEFAULTS.withUplinkPort("vbx-u1");
        settings2 = ViasSettings.DEFAULTS.withUplinkPort("vbx-u2");
        for (FlowRule rule : BasePipeline.rules(settings1, bridge1)) {
            addFlow(BR1, rule);
        }
        for (FlowRule rule : BasePipeline.rules(settings2, bridge2)) {
            addFlow(BR2, rule);
        }
        BACKGROUND.add(background(VM2, "iperf3 -s"));
        Thread.sleep(500);
    }

    private static void vm(final String ns, final String veth, final String br, final MacAddress mac,
            final String address) throws Exception {
        sh("ip netns add " + ns);
        sh("ip link add " + veth + " type veth peer name eth0 netns " + ns);
        sh("ip netns exec " + ns + " ip link set eth0 address " + mac);
        sh("ip netns exec " + ns + " ip addr add " + address + " dev eth0");
        sh("ip netns exec " + ns + " ip link set eth0 up; ip netns exec " + ns + " ip link set lo up");
        sh("ip netns exec " + ns + " ip route add 224.0.0.0/4 dev eth0");
        // The userspace datapath does not fill in checksums the kernel left to "hardware".
        sh("ethtool -K " + veth + " tx off >/dev/null; ip netns exec " + ns + " ethtool -K eth0 tx off >/dev/null");
        sh("ip link set " + veth + " up");
        sh("ovs-vsctl add-port " + br + " " + veth + " -- set interface " + veth + " ofport_request=" + VM_PORT);
    }

    private static void link(final String end1, final String end2, final long port) throws Exception {
        sh("ip link add " + end1 + " type veth peer name " + end2);
        for (String end : List.of(end1, end2)) {
            sh("ethtool -K " + end + " tx off >/dev/null; ip link set " + end + " up");
        }
        sh("ovs-vsctl add-port " + BR1 + " " + end1 + " -- set interface " + end1 + " ofport_request=" + port);
        sh("ovs-vsctl add-port " + BR2 + " " + end2 + " -- set interface " + end2 + " ofport_request=" + port);
    }

    /** The bridge as the controller sees it: port numbers by name and the LOCAL port's MAC. */
    private static ConnectedBridge bridge(final String br, final String uplink) throws Exception {
        final String mac = sh("ovs-vsctl get interface " + br + " mac_in_use").trim().replace("\"", "");
        return new ConnectedBridge("openflow:" + br, br, true, Map.of(uplink, UPLINK_PORT, "vm", VM_PORT,
            "overlay", OVERLAY_PORT), mac);
    }

    /** One agreed bypass as each side's negotiator holds it: host 1 asked, host 2 answered. */
    private record Agreement(BypassPath requester, BypassPath responder) {
        static Agreement of(final long id, final FlowKey flow, final int port1, final int port2) {
            final Reservation side1 = new Reservation(UnderlayEndpoint.of(UNDERLAY1, port1), port1);
            final Reservation side2 = new Reservation(UnderlayEndpoint.of(UNDERLAY2, port2), port2);
            return new Agreement(new BypassPath(id, UID2, BypassPath.Role.REQUESTER, flow, side1, side2),
                new BypassPath(id, UID1, BypassPath.Role.RESPONDER, flow.reversed(), side2, side1));
        }

        FlowRule in1() {
            return BypassRules.inbound(requester, UPLINK_PORT, VM1_MAC, BasePipeline.bypassPriority(settings1), 30);
        }

        FlowRule out1() {
            return BypassRules.outbound(requester, UPLINK_PORT, MacAddress.of(bridge1.localMac()),
                MacAddress.of(bridge2.localMac()), BasePipeline.bypassPriority(settings1), 30);
        }

        FlowRule in2() {
            return BypassRules.inbound(responder, UPLINK_PORT, VM2_MAC, BasePipeline.bypassPriority(settings2), 30);
        }

        FlowRule out2() {
            return BypassRules.outbound(responder, UPLINK_PORT, MacAddress.of(bridge2.localMac()),
                MacAddress.of(bridge1.localMac()), BasePipeline.bypassPriority(settings2), 30);
        }

        /** The negotiator's order: responder inbound, requester inbound, requester outbound, responder outbound. */
        void install() throws Exception {
            addFlow(BR2, in2());
            addFlow(BR1, in1());
            addFlow(BR1, out1());
            addFlow(BR2, out2());
        }

        /** Teardown: outbound before inbound, so stragglers are still taken. */
        void remove() throws Exception {
            delFlow(BR1, out1());
            delFlow(BR2, out2());
            Thread.sleep(200);
            delFlow(BR1, in1());
            delFlow(BR2, in2());
        }
    }

    @Test
    @Order(1)
    void pipelineWithUplinkIsOnTheSwitchAsBuiltAndTheOverlayPathWorks() throws Exception {
        final Set<String> dumped = dump(BR1);
        for (FlowRule rule : BasePipeline.rules(settings1, bridge1)) {
            assertTrue(dumped.contains(OfctlFormat.rule(rule)), "not as built: " + OfctlFormat.rule(rule) + "\n"
                + String.join("\n", dumped));
        }
        assertEquals(0, run("ip netns exec " + VM1 + " ping -c 2 -i 0.3 -W 2 10.0.0.2").exit);
    }

    @Test
    @Order(2)
    void tcpStreamMovesOntoTheUnderlayAndBackWithoutReset() throws Exception {
        final Agreement bypass = Agreement.of(1, FlowKey.tcp("10.0.0.1", 40000, "10.0.0.2", 5201), 50000, 50001);
        final Path dump = Files.createTempFile("vias-bx-tcp", ".txt");
        final Process capture = capture("vbx-u1", "tcp and src host " + UNDERLAY1 + " and src port 50000", dump);
        final Process client = new ProcessBuilder("bash", "-c", "ip netns exec " + VM1
            + " iperf3 -c 10.0.0.2 --cport 40000 -t 7 -J").redirectErrorStream(true).start();
        Thread.sleep(2000);
        bypass.install();
        final Set<String> dumped = dump(BR1);
        assertTrue(dumped.contains(OfctlFormat.rule(bypass.out1())), "outbound rule not as built:\n"
            + String.join("\n", dumped));
        assertTrue(dumped.contains(OfctlFormat.rule(bypass.in1())), String.join("\n", dumped));
        assertTrue(dump(BR2).contains(OfctlFormat.rule(bypass.out2())), String.join("\n", dump(BR2)));
        Thread.sleep(2500);
        final long out1 = packets(BR1, bypass.out1());
        final long in1 = packets(BR1, bypass.in1());
        final long out2 = packets(BR2, bypass.out2());
        final long in2 = packets(BR2, bypass.in2());
        bypass.remove();
        assertTrue(client.waitFor(30, TimeUnit.SECONDS), "iperf3 client hung");
        final String report = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        capture.destroy();
        capture.waitFor(5, TimeUnit.SECONDS);
        assertEquals(0, client.exitValue(), "iperf3 failed (reset?): " + report);
        assertFalse(report.contains("\"error\""), report);
        // Data one way, ACKs the other: both directions ran on the underlay through both sides' rules.
        assertTrue(out1 > 1000 && in2 > 1000, "data packets on the bypass: out1=" + out1 + " in2=" + in2);
        assertTrue(out2 > 100 && in1 > 100, "ACKs on the bypass: out2=" + out2 + " in1=" + in1);
        final String seen = Files.readString(dump);
        assertTrue(seen.contains(UNDERLAY1 + ".50000 > " + UNDERLAY2 + ".50001"),
            "no rewritten packet on the uplink: " + seen.lines().limit(5).collect(Collectors.joining("\n")));
        Files.deleteIfExists(dump);
    }

    @Test
    @Order(3)
    void udpStreamIsCarriedByTheBypass() throws Exception {
        final Agreement bypass = Agreement.of(2, FlowKey.udp("10.0.0.1", 40001, "10.0.0.2", 5201), 50002, 50003);
        final Path dump = Files.createTempFile("vias-bx-udp", ".txt");
        final Process capture = capture("vbx-u1", "udp and src host " + UNDERLAY1 + " and src port 50002", dump);
        final Process client = new ProcessBuilder("bash", "-c", "ip netns exec " + VM1
            + " iperf3 -u -c 10.0.0.2 --cport 40001 -b 20M -l 1200 -t 6 -J").redirectErrorStream(true).start();
        Thread.sleep(1500);
        bypass.install();
        Thread.sleep(3000);
        final long out1 = packets(BR1, bypass.out1());
        final long in2 = packets(BR2, bypass.in2());
        assertTrue(client.waitFor(30, TimeUnit.SECONDS), "iperf3 client hung");
        final String report = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        bypass.remove();
        capture.destroy();
        capture.waitFor(5, TimeUnit.SECONDS);
        assertEquals(0, client.exitValue(), report);
        assertTrue(out1 > 1000 && in2 > 1000, "UDP datagrams on the bypass: out1=" + out1 + " in2=" + in2);
        final Matcher received = Pattern.compile("\"sum_received\":\\s*\\{([^}]*)\\}").matcher(report);
        assertTrue(received.find(), report);
        final long sent = number(received.group(1), "packets");
        final long lost = number(received.group(1), "lost_packets");
        assertTrue(sent > 0 && lost * 5 < sent, "more than 20% lost: " + lost + " of " + sent);
        assertTrue(Files.readString(dump).contains(UNDERLAY1 + ".50002 > " + UNDERLAY2 + ".50003"),
            Files.readString(dump).lines().limit(5).collect(Collectors.joining("\n")));
        Files.deleteIfExists(dump);
    }

    @Test
    @Order(4)
    void arpIcmpAndMulticastNeverHitABypassRule() throws Exception {
        // A bypass of a UDP flow from 10.0.0.1:40002 to port 5201 is in place; the other traffic of the same VMs
        // (and a multicast stream from the same source port to the same destination port) must not touch it.
        final Agreement bypass = Agreement.of(3, FlowKey.udp("10.0.0.1", 40002, "10.0.0.2", 5201), 50004, 50005);
        bypass.install();
        final Map<String, Long> before = classifyCounters(BR1);
        sh("ip netns exec " + VM1 + " ip neigh flush dev eth0");
        assertEquals(0, run("ip netns exec " + VM1 + " ping -c 3 -i 0.2 -W 2 10.0.0.2").exit);
        sh("for i in 1 2 3 4 5; do echo m | ip netns exec " + VM1
            + " socat - UDP-DATAGRAM:239.1.1.1:5201,sourceport=40002,reuseaddr; done");
        final Map<String, Long> after = classifyCounters(BR1);
        for (FlowRule rule : List.of(bypass.out1(), bypass.in1())) {
            assertEquals(0, packets(BR1, rule), "a non-bypass packet hit " + OfctlFormat.rule(rule));
        }
        assertEquals(0, packets(BR2, bypass.in2()));
        assertTrue(after.get(BasePipeline.ARP) > before.get(BasePipeline.ARP), "ARP: " + before + " -> " + after);
        assertTrue(after.get(BasePipeline.ICMP) >= before.get(BasePipeline.ICMP) + 3, before + " -> " + after);
        assertTrue(after.get(BasePipeline.MULTICAST) >= before.get(BasePipeline.MULTICAST) + 5,
            before + " -> " + after);
        bypass.remove();
    }

    /** A number field of a JSON object body. */
    private static long number(final String body, final String field) {
        final Matcher m = Pattern.compile("\"" + field + "\":\\s*(\\d+)").matcher(body);
        assertTrue(m.find(), field + " in " + body);
        return Long.parseLong(m.group(1));
    }

    private static Map<String, Long> classifyCounters(final String br) throws Exception {
        final Map<String, Long> out = new java.util.HashMap<>();
        for (FlowRule rule : BasePipeline.rules(settings1)) {
            if (Set.of(BasePipeline.ARP, BasePipeline.ICMP, BasePipeline.MULTICAST).contains(rule.name())) {
                out.put(rule.name(), packets(br, rule));
            }
        }
        return out;
    }

    /** Packets counted by the rule with that rule's cookie on the bridge (0 when absent). */
    private static long packets(final String br, final FlowRule rule) throws Exception {
        final String cookie = String.format("0x%x", rule.cookie().value());
        final Optional<String> line = sh(OF + "dump-flows " + br + " table=" + rule.table().id()).lines()
            .filter(l -> l.contains("cookie=" + cookie + ",")).findFirst();
        if (line.isEmpty()) {
            return 0;
        }
        final Matcher m = PACKETS.matcher(line.orElseThrow());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static Set<String> dump(final String br) throws Exception {
        return sh(OF + "dump-flows " + br).lines().filter(l -> l.contains("cookie="))
            .map(OfctlFormat::normalizeDumpLine).collect(Collectors.toSet());
    }

    private static void addFlow(final String br, final FlowRule rule) throws Exception {
        sh(OF + "add-flow " + br + " '" + OfctlFormat.rule(rule) + "'");
    }

    private static void delFlow(final String br, final FlowRule rule) throws Exception {
        sh(OF + "del-flows " + br + " 'cookie=" + String.format("0x%x", rule.cookie().value()) + "/-1'");
    }

    private static Process capture(final String iface, final String filter, final Path file) throws Exception {
        final Process p = new ProcessBuilder("bash", "-c", "exec tcpdump -l -n -c 200 -i " + iface + " '" + filter
            + "' 2>/dev/null").redirectOutput(file.toFile()).start();
        BACKGROUND.add(p);
        Thread.sleep(500);
        return p;
    }

    private record Result(int exit, String out) {
    }

    private static Result run(final String command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + command);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String sh(final String command) throws IOException, InterruptedException {
        final Result r = run(command);
        if (r.exit != 0) {
            throw new IllegalStateException("'" + command + "' failed (" + r.exit + "): " + r.out);
        }
        return r.out;
    }

    private static Process background(final String ns, final String command) throws IOException {
        return new ProcessBuilder("ip", "netns", "exec", ns, "bash", "-c", "exec " + command)
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (ready) {
            teardown();
        }
    }

    /** Removes this test's bridges, links, namespaces and the processes it started; safe to run twice. */
    private static void teardown() throws Exception {
        for (Process p : BACKGROUND) {
            p.destroy();
        }
        BACKGROUND.clear();
        for (String ns : List.of(VM1, VM2)) {
            // only processes inside this test's own namespaces
            run("for p in $(ip netns pids " + ns + " 2>/dev/null); do kill $p; done");
        }
        run("ovs-vsctl --if-exists del-br " + BR1 + "; ovs-vsctl --if-exists del-br " + BR2);
        run("ip netns del " + VM1 + " 2>/dev/null; ip netns del " + VM2 + " 2>/dev/null");
        for (String link : List.of("vbx-vm1", "vbx-vm2", "vbx-o1", "vbx-u1")) {
            run("ip link del " + link + " 2>/dev/null");
        }
        final Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (run("ip netns list | grep -q vias-bx-").exit == 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
    }
}
