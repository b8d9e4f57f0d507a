/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.nat.Frames.ip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.opendaylight.vias.testing.HostPreconditions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opendaylight.vias.rules.Egress;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.HostPort;
import org.opendaylight.vias.rules.MacAddress;
import org.opendaylight.vias.rules.OfctlFormat;

/**
 * The NAT's rules on a real Open vSwitch bridge (userspace datapath) between network namespaces: nested VMs
 * behind the host reach servers in "outside" namespaces through the seed's outgoing/incoming entries, built by
 * {@link NatRules} and allocated by {@link PortAllocator}, installed with {@code ovs-ofctl} exactly as
 * {@link OfctlFormat} renders them.
 *
 * <p>This test plays the controller's part by hand (it allocates and installs before each flow starts, as the
 * controller does on the punted first packet); the packet-in loop itself belongs to the ODL service. The nested
 * VMs have a static neighbour entry for the virtual gateway, which the controller's ARP answer provides in a full
 * deployment. Everything lives in namespaces {@code vias-nt-d*} and bridge {@value #BRIDGE}, removed before and
 * after; addresses are private (10.0.0.0/24 underlay, 192.168.1.0/24 nested LAN).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NatDataplaneIT {
    private static final String BRIDGE = "viasntdbr";
    private static final String OF = "ovs-ofctl -O OpenFlow13 ";
    private static final NatConfig CONFIG = NatConfig.parse("192.168.1.0/24", "192.168.1.1", "00:00:00:11:22:33",
        "10.0.0.1", 20000, 20002, 300);

    /** One namespace on the bridge: name, OpenFlow port, address, MAC. */
    private record Site(String ns, int ofPort, String address, MacAddress mac) {
        String veth() {
            return "vn-" + ns.substring("vias-nt-".length());
        }
    }

    private static final Site NVM1 = new Site("vias-nt-dnvm1", 1, "192.168.1.2/24", MacAddress.of("02:00:00:00:01:02"));
    private static final Site NVM2 = new Site("vias-nt-dnvm2", 2, "192.168.1.3/24", MacAddress.of("02:00:00:00:01:03"));
    private static final Site HOST = new Site("vias-nt-dhost", 3, "10.0.0.1/24", MacAddress.of("02:00:00:00:0a:01"));
    private static final Site OUT1 = new Site("vias-nt-dout1", 4, "10.0.0.2/24", MacAddress.of("02:00:00:00:0a:02"));
    private static final Site OUT2 = new Site("vias-nt-dout2", 5, "10.0.0.3/24", MacAddress.of("02:00:00:00:0a:03"));
    private static final List<Site> SITES = List.of(NVM1, NVM2, HOST, OUT1, OUT2);

    private static final List<Process> SERVERS = new ArrayList<>();
    private static final List<FlowRule> INSTALLED = java.util.Collections.synchronizedList(new ArrayList<>());
    private static final NatRules RULES = new NatRules(CONFIG);
    private static final PortAllocator ALLOCATOR = PortAllocator.forConfig(CONFIG, HostPortProbe.none(),
        InstantSource.system());

    private static boolean ready;
    private static OfctlController controller;
    private static final List<Exception> CONTROLLER_FAILURES = java.util.Collections.synchronizedList(
        new ArrayList<>());

    /** Next hops the controller would learn by ARP on the uplink: here each outside host is on-link. */
    private static final NatController NAT = new NatController(CONFIG, ALLOCATOR,
        new IcmpEchoNat(CONFIG, PortAllocator.forConfig(CONFIG, HostPortProbe.none(), InstantSource.system()),
            new DropCounter()),
        new DropCounter(), remote -> SITES.stream().filter(s -> ip(s.address.split("/")[0]) == remote)
            .findFirst().map(s -> new NatController.NextHop(s.mac, s.ofPort)));

    /**
     * The controller's packet path without ODL: {@code ovs-ofctl monitor} receives the packet-ins (the bridge
     * sends CONTROLLER output to service connections that ask), {@link NatController} decides, and
     * {@code ovs-ofctl add-flow / packet-out} carry the decision out. The ODL service does the same through
     * OpenFlowPlugin.
     */
    private static final class OfctlController implements AutoCloseable {
        private final Process monitor;
        private final Thread reader;

        OfctlController() throws IOException {
            monitor = new ProcessBuilder("stdbuf", "-oL", "ovs-ofctl", "-O", "OpenFlow13", "monitor", BRIDGE,
                "65535", "-m").redirectErrorStream(true).start();
            reader = new Thread(this::readLoop, "nat-it-controller");
            reader.setDaemon(true);
            reader.start();
        }

        private void readLoop() {
            try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    monitor.getInputStream(), StandardCharsets.UTF_8))) {
                long inPort = -1;
                int expected = 0;
                java.io.ByteArrayOutputStream frame = null;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.contains("PACKET_IN")) {
                        inPort = Long.parseLong(field(line, "in_port="));
                        expected = Integer.parseInt(field(line, "data_len="));
                        frame = new java.io.ByteArrayOutputStream();
                    } else if (frame != null && line.matches("^[0-9a-f]{8}  .*")) {
                        final String hex = line.substring(10, Math.min(line.length(), 10 + 48)).replace('-', ' ');
                        for (String b : hex.trim().split("\\s+")) {
                            frame.write(Integer.parseInt(b, 16));
                        }
                        if (frame.size() >= expected) {
                            final byte[] data = frame.toByteArray();
                            frame = null;
                            try {
                                handle(inPort, data);
                            } catch (IOException | IllegalStateException | IllegalArgumentException e) {
                                // one bad packet-in must not stop the loop; the tests report what happened
                                CONTROLLER_FAILURES.add(e);
                            }
                        }
                    }
                }
            } catch (IOException | InterruptedException | IllegalArgumentException e) {
                // seen by the tests as a missing answer; kept for the report of the failing test
                CONTROLLER_FAILURES.add(e);
            }
        }

        private static String field(final String line, final String name) {
            final int at = line.indexOf(name) + name.length();
            int end = at;
            while (end < line.length() && Character.isDigit(line.charAt(end))) {
                end++;
            }
            return line.substring(at, end);
        }

        private static void handle(final long inPort, final byte[] frame) throws IOException, InterruptedException {
            final NatController.Decision d = NAT.onPacketIn(inPort, frame);
            for (FlowRule rule : d.install()) {
                install(rule);
            }
            for (NatController.PacketOut out : d.send()) {
                final String action = switch (out.kind()) {
                    case PORT -> "output:" + out.port();
                    case IN_PORT -> "in_port";
                    case TABLE -> "TABLE";
                    case NORMAL -> "NORMAL";
                    case FLOOD -> "FLOOD";
                };
                sh(OF + "packet-out " + BRIDGE + " 'in_port=" + (out.inPort() >= 0 ? out.inPort() : inPort)
                    + " packet="
                    + java.util.HexFormat.of().formatHex(out.frame()) + " actions=" + action + "'");
            }
        }

        @Override
        public void close() {
            monitor.destroy();
        }
    }

    @BeforeAll
    static void buildTestbed() throws Exception {
        HostPreconditions.requireRoot();
        HostPreconditions.requireOpenVswitch();
        teardown();
        ready = true;
        sh("ovs-vsctl add-br " + BRIDGE + " -- set bridge " + BRIDGE
            + " datapath_type=netdev fail_mode=secure protocols=OpenFlow13");
        for (Site s : SITES) {
            sh("ip netns add " + s.ns);
            sh("ip link add " + s.veth() + " type veth peer name eth0 netns " + s.ns);
            sh("ip netns exec " + s.ns + " ip link set eth0 address " + s.mac);
            sh("ip netns exec " + s.ns + " ip addr add " + s.address + " dev eth0");
            sh("ip netns exec " + s.ns + " ip link set eth0 up; ip netns exec " + s.ns + " ip link set lo up");
            // The userspace datapath does not fill in checksums the kernel left to "hardware".
            sh("ethtool -K " + s.veth() + " tx off >/dev/null; ip netns exec " + s.ns
                + " ethtool -K eth0 tx off >/dev/null");
            sh("ip link set " + s.veth() + " up");
            sh("ovs-vsctl add-port " + BRIDGE + " " + s.veth() + " -- set interface " + s.veth()
                + " ofport_request=" + s.ofPort);
        }
        for (Site nvm : List.of(NVM1, NVM2)) {
            sh("ip netns exec " + nvm.ns + " ip route add default via 192.168.1.1");
        }
        // NVM1 knows the gateway's MAC statically; NVM2 has to ask, and the controller answers.
        sh("ip netns exec " + NVM1.ns + " ip neigh replace 192.168.1.1 lladdr " + CONFIG.gatewayMac()
            + " dev eth0 nud permanent");
        // A minimal pipeline like the base one: classify -> NAT -> switching (NORMAL).
        sh(OF + "add-flow " + BRIDGE + " table=0,priority=0,actions=goto_table:20");
        sh(OF + "add-flow " + BRIDGE + " table=20,priority=0,actions=goto_table:30");
        sh(OF + "add-flow " + BRIDGE + " table=30,priority=0,actions=NORMAL");
        for (FlowRule punt : RULES.baseRules()) {
            install(punt);
        }
        controller = new OfctlController();
        // Servers on the outside: each answers with the address and port it saw the client at.
        SERVERS.add(background(OUT1.ns, "socat TCP-LISTEN:8080,reuseaddr,fork "
            + "SYSTEM:'echo $SOCAT_PEERADDR $SOCAT_PEERPORT'"));
        SERVERS.add(background(OUT1.ns, "socat TCP-LISTEN:8081,reuseaddr,fork "
            + "SYSTEM:'echo $SOCAT_PEERADDR $SOCAT_PEERPORT'"));
        SERVERS.add(background(OUT1.ns, "socat UDP-RECVFROM:9000,fork "
            + "SYSTEM:'echo $SOCAT_PEERADDR $SOCAT_PEERPORT'"));
        Thread.sleep(500);
    }

    @AfterAll
    static void removeTestbed() throws Exception {
        // -Dnat.it.keep=true leaves the testbed up for a look with ovs-ofctl / ip netns exec (next run clears it)
        if (ready && !Boolean.getBoolean("nat.it.keep")) {
            teardown();
        }
    }

    /** What the controller does on a first packet from nVM:X to remote: allocate (or reuse), install both entries. */
    private static NatMapping natFlow(final NatProtocol protocol, final Site nvm, final int port, final Site remote)
            throws Exception {
        final NatMapping m = ALLOCATOR.allocate(protocol, CONFIG.hostIp(),
            new HostPort(ip(nvm.address.split("/")[0]), port));
        install(RULES.incoming(m, nvm.mac, Egress.port(nvm.ofPort)));
        install(RULES.outgoing(m, ip(remote.address.split("/")[0]), remote.mac, Egress.normal()));
        return m;
    }

    private static synchronized void install(final FlowRule rule) throws IOException, InterruptedException {
        sh(OF + "add-flow " + BRIDGE + " '" + OfctlFormat.rule(rule) + "'");
        INSTALLED.add(rule);
    }

    @Test
    @Order(1)
    void tcpFromANestedVmReachesTheServerAsTheHostAndGetsItsReply() throws Exception {
        final NatMapping m = natFlow(NatProtocol.TCP, NVM1, 40000, OUT1);
        assertEquals(20000, m.external().port());
        assertEquals("10.0.0.1 20000", client(NVM1, "TCP:10.0.0.2:8080,sourceport=40000,reuseaddr"));
    }

    @Test
    @Order(2)
    void twoNestedVmsWithTheSameSourcePortGetDifferentHostPorts() throws Exception {
        final NatMapping m = natFlow(NatProtocol.TCP, NVM2, 40000, OUT1);
        assertEquals("10.0.0.1 " + m.external().port(),
            client(NVM2, "TCP:10.0.0.2:8080,sourceport=40000,reuseaddr"));
        assertNotEquals(20000, m.external().port());
    }

    @Test
    @Order(3)
    void udpFromANestedVmAndFullConeFromASecondOutsideHost() throws Exception {
        final NatMapping m = natFlow(NatProtocol.UDP, NVM1, 5000, OUT1);
        assertEquals("10.0.0.1 " + m.external().port(), client(NVM1, "UDP:10.0.0.2:9000,sourceport=5000"));
        // Full-cone: OUT2 never heard from the nVM, yet reaches it through host:Y. No incoming entry is added for
        // OUT2; the nVM's answer to a new destination gets its outgoing entry (the controller's work on the punt).
        final Process listener = background(NVM1.ns, "socat UDP-RECVFROM:5000 "
            + "SYSTEM:'echo nvm1-saw-$SOCAT_PEERADDR'");
        SERVERS.add(listener);
        Thread.sleep(300);
        install(RULES.outgoing(m, ip("10.0.0.3"), OUT2.mac, Egress.normal()));
        assertEquals("nvm1-saw-10.0.0.3",
            client(OUT2, "UDP:10.0.0.1:" + m.external().port() + ",sourceport=7000"));
    }

    @Test
    @Order(4)
    void theControllerMapsAnUnknownFlowFromItsFirstPacketAndAnswersGatewayArp() throws Exception {
        // Nothing installed by hand: NVM2 resolves the gateway through the controller's ARP answer, its SYN is
        // punted, the controller allocates and installs the entries and sends the SYN on through the pipeline.
        assertEquals("10.0.0.1 20002", client(NVM2, "TCP:10.0.0.2:8081,sourceport=41000,reuseaddr"));
        assertTrue(sh("ip netns exec " + NVM2.ns + " ip neigh show 192.168.1.1").contains(
            CONFIG.gatewayMac().toString()));
    }

    @Test
    @Order(5)
    void pingFromNestedVmsWorksThroughTheControllersEchoNat() throws Exception {
        assertEquals(0, run("ip netns exec " + NVM1.ns + " ping -c 3 -i 0.3 -W 2 10.0.0.2").exit,
            "controller: " + CONTROLLER_FAILURES);
        assertEquals(0, run("ip netns exec " + NVM2.ns + " ping -c 2 -i 0.3 -W 2 10.0.0.3").exit);
        // and the gateway itself answers
        assertEquals(0, run("ip netns exec " + NVM1.ns + " ping -c 1 -W 2 192.168.1.1").exit);
    }

    @Test
    @Order(6)
    void rulesOnTheSwitchAreTheSeedsTableShape() throws Exception {
        final Set<String> dumped = sh(OF + "dump-flows " + BRIDGE).lines()
            .filter(l -> l.contains("cookie=")).map(OfctlFormat::normalizeDumpLine).collect(Collectors.toSet());
        // a rule written again under the same name (same match) replaces the earlier one on the switch
        final java.util.Map<String, FlowRule> latest = new java.util.LinkedHashMap<>();
        synchronized (INSTALLED) {
            INSTALLED.forEach(r -> latest.put(r.table() + "/" + r.name(), r));
        }
        assertTrue(CONTROLLER_FAILURES.isEmpty(), "controller loop failed: " + CONTROLLER_FAILURES);
        for (FlowRule rule : latest.values()) {
            assertTrue(dumped.contains(OfctlFormat.rule(rule)), "not on the switch as built: " + OfctlFormat.rule(rule)
                + "\nswitch has:\n" + String.join("\n", dumped));
        }
        assertTrue(dumped.contains("cookie=0x56a5020000000001,table=20,idle_timeout=300,send_flow_rem priority=200,"
            + "tcp,nw_src=192.168.1.2,nw_dst=10.0.0.2,tp_src=40000 actions=set_field:00:00:00:11:22:33->eth_src,"
            + "set_field:02:00:00:00:0a:02->eth_dst,set_field:10.0.0.1->ip_src,set_field:20000->tcp_src,NORMAL"),
            String.join("\n", dumped));
        assertTrue(dumped.contains("cookie=0x56a5030000000001,table=20,idle_timeout=300,send_flow_rem priority=200,"
            + "tcp,nw_dst=10.0.0.1,tp_dst=20000 actions=set_field:00:00:00:11:22:33->eth_src,"
            + "set_field:02:00:00:00:01:02->eth_dst,set_field:192.168.1.2->ip_dst,set_field:40000->tcp_dst,"
            + "output:1"), String.join("\n", dumped));
    }

    @Test
    @Order(9)
    void exhaustionIsAClearErrorAndExistingMappingsKeepWorking() throws Exception {
        // 20000..20002 are taken (nVM1:40000, nVM2:40000, and nVM2:41000 by the controller)
        final PortPoolExhaustedException e = assertThrows(PortPoolExhaustedException.class,
            () -> natFlow(NatProtocol.TCP, NVM2, 40001, OUT1));
        assertTrue(e.getMessage().startsWith("NAT port pool exhausted: no free tcp port on 10.0.0.1 in 20000..20002"),
            e.getMessage());
        assertEquals(1, ALLOCATOR.counters().exhausted());
        // nVM1:40000 still goes out as 20000 (another server port: the outgoing entry matches the host, any port)
        assertEquals("10.0.0.1 20000", client(NVM1, "TCP:10.0.0.2:8081,sourceport=40000,reuseaddr"));
    }

    private static String client(final Site site, final String address) throws Exception {
        // UDP needs a datagram to start; TCP sends nothing (a server closing with unread data sends a RST that can
        // overtake its answer), and stdin stays open a moment so no early half-close races the answer either.
        final String input = address.startsWith("UDP") ? "(echo hi; sleep 1)" : "sleep 1";
        Result result = run(input + " | ip netns exec " + site.ns + " timeout 10 socat -t 3 -T 5 - " + address);
        // A datagram or a session may be lost while the machine is loaded (a neighbour entry being resolved, the
        // controller slow to answer a punt); a real client retries, so do we, twice.
        for (int retry = 0; retry < 2 && (result.exit != 0 || result.out.isBlank()); retry++) {
            result = run(input + " | ip netns exec " + site.ns + " timeout 10 socat -t 3 -T 5 - " + address);
        }
        assertEquals(0, result.exit, "client " + address + " in " + site.ns + " failed: " + result.out
            + "; controller: " + CONTROLLER_FAILURES);
        return result.out.trim();
    }

    private record Result(int exit, String out) {
    }

    private static Result run(final String command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
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

    /** Removes this test's bridge, namespaces and the processes it started in them; safe to run twice. */
    private static void teardown() throws Exception {
        if (controller != null) {
            controller.close();
            controller = null;
        }
        for (Process p : SERVERS) {
            p.destroy();
        }
        SERVERS.clear();
        for (Site s : SITES) {
            // only processes inside this test's own namespaces
            run("for p in $(ip netns pids " + s.ns + " 2>/dev/null); do kill $p; done");
        }
        run("ovs-vsctl --if-exists del-br " + BRIDGE);
        for (Site s : SITES) {
            run("ip netns del " + s.ns + " 2>/dev/null; ip link del " + s.veth() + " 2>/dev/null");
        }
        final Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (run("ip netns list | grep -q vias-nt-d").exit == 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
    }
}
