/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.opendaylight.vias.testing.HostPreconditions.requireRoot;
import static org.opendaylight.vias.testing.HostPreconditions.requireTools;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.dtls.NodeIdentity;
import org.opendaylight.vias.overlay.tap.OffloadDrop;

/**
 * Two overlay nodes in two network namespaces joined by a veth underlay, plus a third party: the real TAP, UDP and
 * DTLS path, as standalone processes. Needs root, ip, ping and iperf3; skipped otherwise.
 *
 * <pre>
 *  vias-ov-a  vov-ab 10.250.1.1 ──veth── 10.250.1.2 vov-ba  vias-ov-b
 *   ipop0 10.251.0.1                                  ipop0 10.251.0.2
 *             vov-ac 10.250.2.1 ──veth── 10.250.2.3 vov-ca  vias-ov-c (third party)
 * </pre>
 * C runs an overlay node whose certificate is not the one A was told about (wrong fingerprint), and sends garbage
 * UDP to A's port. A must reject both and keep its link to B working.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverlayNamespacesIT {
    private static final String NS_A = "vias-ov-a";
    private static final String NS_B = "vias-ov-b";
    private static final String NS_C = "vias-ov-c";
    private static final Uid UID_A = Uid.parse("1111111111111111111111111111111111111111");
    private static final Uid UID_B = Uid.parse("2222222222222222222222222222222222222222");
    /** Lower than A's, so C is the DTLS client: its handshakes arrive at A's port. */
    private static final Uid UID_C = Uid.parse("0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c");

    private static Path dir;
    private static final List<Process> NODES = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        requireRoot();
        requireTools("ip", "ping", "iperf3", "ethtool");
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "needs /dev/net/tun");
        Netns.deleteNamespaces(NS_A, NS_B, NS_C);
        dir = Files.createTempDirectory("vias-ov-it");
        Netns.sh(String.join("\n",
            "set -e",
            "for n in " + NS_A + " " + NS_B + " " + NS_C + "; do ip netns add $n; ip -n $n link set lo up; done",
            "ip link add vov-ab netns " + NS_A + " type veth peer name vov-ba netns " + NS_B,
            "ip link add vov-ac netns " + NS_A + " type veth peer name vov-ca netns " + NS_C,
            "ip -n " + NS_A + " addr add 10.250.1.1/24 dev vov-ab",
            "ip -n " + NS_B + " addr add 10.250.1.2/24 dev vov-ba",
            "ip -n " + NS_A + " addr add 10.250.2.1/24 dev vov-ac",
            "ip -n " + NS_C + " addr add 10.250.2.3/24 dev vov-ca",
            "for d in " + NS_A + ":vov-ab " + NS_B + ":vov-ba " + NS_A + ":vov-ac " + NS_C + ":vov-ca; do",
            "  ip -n ${d%%:*} link set ${d#*:} up",
            // veth checksum offload would leave UDP checksums unfilled across namespaces
            "  ip netns exec ${d%%:*} ethtool -K ${d#*:} tx off >/dev/null",
            "done")).check("topology");

        final NodeIdentity idA = NodeIdentity.loadOrCreate(dir.resolve("id-a"), UID_A);
        final NodeIdentity idB = NodeIdentity.loadOrCreate(dir.resolve("id-b"), UID_B);
        NodeIdentity.loadOrCreate(dir.resolve("id-c"), UID_C);
        // what A believes C's certificate is: a different key pair than the one C runs with
        final NodeIdentity announcedC = NodeIdentity.generate(UID_C);

        write("a.properties", node(UID_A, "0.0.0.0:5800", "id-a", "10.251.0.1/24", "02:00:00:00:0a:01")
            + peer("b", UID_B, "10.250.1.2:5800", idB.fingerprint().toString())
            + peer("c", UID_C, "10.250.2.3:5800", announcedC.fingerprint().toString()));
        write("b.properties", node(UID_B, "10.250.1.2:5800", "id-b", "10.251.0.2/24", "02:00:00:00:0b:01")
            + peer("a", UID_A, "10.250.1.1:5800", idA.fingerprint().toString()));
        write("c.properties", node(UID_C, "10.250.2.3:5800", "id-c", "10.251.0.3/24", "02:00:00:00:0c:01")
            + peer("a", UID_A, "10.250.2.1:5800", idA.fingerprint().toString()));

        NODES.add(startNode(NS_A, "a"));
        NODES.add(startNode(NS_B, "b"));
        NODES.add(startNode(NS_C, "c"));
        awaitStatus("a", s -> s.contains("link " + UID_B + " up"), 30);
        awaitStatus("b", s -> s.contains("link " + UID_A + " up"), 10);
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (Process p : NODES) {
            p.destroy();
        }
        for (Process p : NODES) {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (dir != null) {
            for (String name : List.of("a", "b", "c")) {
                final Path log = dir.resolve(name + ".log");
                if (Files.exists(log)) {
                    System.out.println("---- node " + name + " log (tail) ----");
                    final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                    lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(System.out::println);
                }
            }
        }
        Netns.deleteNamespaces(NS_A, NS_B, NS_C);
    }

    @Test
    @Order(1)
    void arpCrossesTheOverlay() {
        Netns.in(NS_A, 10, "ip", "neigh", "flush", "dev", "ipop0");
        Netns.in(NS_A, 10, "ping", "-c", "1", "-W", "3", "10.251.0.2").check("first ping (resolves ARP)");
        final String neigh = Netns.in(NS_A, 10, "ip", "neigh", "show", "10.251.0.2", "dev", "ipop0").output();
        assertTrue(neigh.contains("02:00:00:00:0b:01"), "A learned B's TAP MAC through ARP: " + neigh);
    }

    @Test
    @Order(2)
    void pingCrossesTheOverlay() {
        final String out = Netns.in(NS_A, 20, "ping", "-c", "5", "-i", "0.2", "-W", "2", "10.251.0.2")
            .check("ping").output();
        assertTrue(out.contains(" 0% packet loss"), out);
        System.out.println("overlay ping: " + out.lines().filter(l -> l.startsWith("rtt")).findFirst().orElse(""));
    }

    @Test
    @Order(3)
    void thirdPartyGarbageAndWrongFingerprintAreRejected() throws Exception {
        // garbage from C's namespace to A's overlay port, from ports A has no link for
        Netns.in(NS_C, 20, "bash", "-c", "for i in $(seq 1 200); do head -c $((RANDOM % 1400 + 1)) /dev/urandom "
            + "> /dev/udp/10.250.2.1/5800; done").check("garbage");
        // and DTLS-looking garbage
        Netns.in(NS_C, 20, "bash", "-c", "for i in $(seq 1 50); do printf '\\x16\\xfe\\xfd\\x00\\x01garbage' "
            + "> /dev/udp/10.250.2.1/5800; done").check("dtls garbage");
        final String status = awaitStatus("a", s -> unknownSource(s) >= 250 && handshakeFailures(s, UID_C) >= 1, 30);
        assertTrue(status.contains("link " + UID_C + " down"), "C's link never came up: " + status);
        final String cLine = status.lines().filter(l -> l.startsWith("link " + UID_C)).findFirst().orElseThrow();
        assertTrue(cLine.contains("rejections={FINGERPRINT_MISMATCH="), "rejected for its fingerprint: " + cLine);
        // the real link still works
        final String out = Netns.in(NS_A, 20, "ping", "-c", "3", "-i", "0.2", "-W", "2", "10.251.0.2")
            .check("ping after attack").output();
        assertTrue(out.contains(" 0% packet loss"), out);
        final String statusB = awaitStatus("b", s -> s.contains("link " + UID_A + " up"), 5);
        assertEquals(1, handshakes(statusB, UID_A), "the A-B session was never torn down: " + statusB);
    }

    @Test
    @Order(4)
    void iperf3TcpCrossesTheOverlay() throws Exception {
        final Process server = Netns.start(NS_B, dir.resolve("iperf3-server.log").toFile(), "iperf3", "-s", "-1",
            "-B", "10.251.0.2");
        try {
            Thread.sleep(500);
            final String out = Netns.in(NS_A, 30, "iperf3", "-c", "10.251.0.2", "-t", "3", "-f", "m")
                .check("iperf3").output();
            System.out.println("overlay iperf3 (DTLS): " + out.lines().filter(l -> l.contains("receiver"))
                .findFirst().orElse(out));
            final Matcher m = Pattern.compile("([0-9.]+) Mbits/sec.*receiver").matcher(out);
            assertTrue(m.find(), out);
            assertTrue(Double.parseDouble(m.group(1)) > 1.0, "meaningful throughput: " + out);
        } finally {
            server.destroy();
        }
        final String status = awaitStatus("a", s -> true, 1);
        assertTrue(linkCounter(status, UID_B, "framesOut") > 1000, status);
    }

    /**
     * A gigabyte through the overlay with the offloads on (UDP GSO for bursts, TAP TSO and GRO, see startNode),
     * checked end to end: the sender's sha256 of the stream must equal the receiver's. A segmentation bug (a lost,
     * doubled, reordered or cut record or segment, a wrong checksum) would corrupt or stall the TCP stream.
     */
    @Test
    @Order(5)
    void aGigabyteCrossesTheOverlayIntact() throws Exception {
        transferIntact("10.251.0.2", "10.251.0.2", 1024);
        final String status = awaitStatus("a", s -> true, 1);
        final Matcher gso = Pattern.compile("gsoSends=(\\d+)").matcher(status);
        assertTrue(gso.find(), status);
        assertTrue(Long.parseLong(gso.group(1)) > 0, "the transfer used UDP GSO: " + status);
        // the sender's TAP handed over TSO segments that the overlay cut; the receiver joined segments (GRO)
        assertTrue(counter(status, "gsoFrames") > 0 && counter(status, "gsoSegments") > counter(status, "gsoFrames"),
            "A's TAP read TSO frames: " + status);
        final String statusB = awaitStatus("b", s -> true, 1);
        assertTrue(counter(statusB, "joinedFrames") > 0
                && counter(statusB, "joinedSegments") > counter(statusB, "joinedFrames"),
            "B's TAP wrote joined segments: " + statusB);
        assertNoOffloadDrops(status, statusB);
    }

    /**
     * The same over IPv6 between the TAPs: A's host hands over TCPv6 GSO frames (TSO6) that the overlay cuts, B's
     * overlay joins the segments into TCPv6 GSO writes. Only IPv6 traffic runs during the transfer, so the counters'
     * growth is IPv6's.
     */
    @Test
    @Order(6)
    void ipv6CrossesTheOverlayIntactWithTso6AndGro() throws Exception {
        Netns.in(NS_A, 10, "ip", "-6", "addr", "add", "fd51::1/64", "dev", "ipop0", "nodad").check("IPv6 on A");
        Netns.in(NS_B, 10, "ip", "-6", "addr", "add", "fd51::2/64", "dev", "ipop0", "nodad").check("IPv6 on B");
        Netns.in(NS_A, 20, "ping", "-6", "-c", "3", "-i", "0.2", "-W", "2", "fd51::2").check("IPv6 ping");
        final String beforeA = awaitStatus("a", s -> true, 1);
        final String beforeB = awaitStatus("b", s -> true, 1);
        transferIntact("[fd51::2]", "fd51::2", 256);
        // the status file is rewritten every second: wait for one written after the transfer
        final long cutBefore = counter(beforeA, "gsoFrames");
        final String status = awaitStatus("a", s -> counter(s, "gsoFrames") > cutBefore, 5);
        final long joinedBefore = counter(beforeB, "joinedFrames");
        final String statusB = awaitStatus("b", s -> counter(s, "joinedFrames") > joinedBefore, 5);
        assertTrue(counter(status, "gsoSegments") - counter(beforeA, "gsoSegments")
                > 2 * (counter(status, "gsoFrames") - cutBefore), "A cut TSO6 frames into segments: " + status);
        assertTrue(counter(statusB, "joinedSegments") - counter(beforeB, "joinedSegments")
                > 2 * (counter(statusB, "joinedFrames") - joinedBefore), "B joined IPv6 segments: " + statusB);
        assertNoOffloadDrops(status, statusB);
    }

    /**
     * {@code megabytes} of pseudo-random bytes from A to B's {@code listenAddress} over TCP through the overlay,
     * checked end to end: the sender's sha256 of the stream must equal the receiver's. A segmentation bug (a lost,
     * doubled, reordered or cut record or segment, a wrong checksum) would corrupt or stall the TCP stream.
     */
    private static void transferIntact(String connectHost, String listenAddress, int megabytes) throws Exception {
        requireTools("socat", "sha256sum", "openssl");
        final Path received = dir.resolve("received-" + megabytes + ".sha256");
        final Path sent = dir.resolve("sent-" + megabytes + ".sha256");
        final String listen = listenAddress.contains(":") ? "TCP6-LISTEN:5901,bind=[" + listenAddress + "]"
            : "TCP-LISTEN:5901,bind=" + listenAddress;
        final Process sink = Netns.start(NS_B, dir.resolve("socat-sink-" + megabytes + ".log").toFile(), "bash",
            "-c", "socat -u " + listen + ",reuseaddr STDOUT | sha256sum > " + received);
        try {
            Thread.sleep(500);
            // pseudo-random bytes made fast (AES-CTR keystream), so the CPU goes to the overlay, not to /dev/urandom
            final long start = System.nanoTime();
            final long bytes = megabytes * 1048576L;
            // the generator dies of SIGPIPE when head has enough: only head, tee and socat must succeed
            Netns.in(NS_A, 600, "bash", "-c", "openssl enc -aes-128-ctr -nosalt -pass pass:vias -pbkdf2 "
                + "< /dev/zero 2>/dev/null | head -c " + bytes + " | tee >(sha256sum > " + sent + ") "
                + "| socat -u STDIN TCP:" + connectHost + ":5901; s=(${PIPESTATUS[@]}); "
                + "[ ${s[1]} = 0 ] && [ ${s[2]} = 0 ] && [ ${s[3]} = 0 ] || { echo \"pipe status ${s[*]}\"; exit 1; }")
                .check(megabytes + " MB through socat");
            assertTrue(sink.waitFor(60, TimeUnit.SECONDS), "receiver finished");
            final double seconds = (System.nanoTime() - start) / 1e9;
            // tee's sha256sum runs in a process substitution: wait until it has written
            for (int i = 0; i < 50 && (!Files.exists(sent) || Files.size(sent) == 0); i++) {
                Thread.sleep(100);
            }
            final String want = Files.readString(sent, StandardCharsets.UTF_8).split(" ")[0];
            final String got = Files.readString(received, StandardCharsets.UTF_8).split(" ")[0];
            System.out.printf("overlay %d MB transfer to %s: %.1f s (%.0f Mbit/s), sha256 %s%n", megabytes,
                connectHost, seconds, 8 * bytes / seconds / 1e6, got);
            assertTrue(want.matches("[0-9a-f]{64}"), "sender's digest: " + want);
            assertEquals(want, got, "the bytes B received are the bytes A sent");
        } finally {
            sink.destroy();
        }
    }

    private static void assertNoOffloadDrops(String... statuses) {
        for (String s : statuses) {
            for (OffloadDrop drop : OffloadDrop.values()) {
                assertFalse(s.contains(drop + "="), "no offload drops: " + s);
            }
        }
    }

    private static long counter(String status, String name) {
        final Matcher m = Pattern.compile("\\b" + name + "=(\\d+)").matcher(status);
        assertTrue(m.find(), name + " in " + status);
        return Long.parseLong(m.group(1));
    }

    // ---- helpers ----

    private static String node(Uid uid, String listen, String idDir, String tapAddress, String mac) {
        return "uid=" + uid + "\nlisten=" + listen + "\nidentity.dir=" + idDir + "\ntap.name=ipop0\ntap.address="
            + tapAddress + "\ntap.mac=" + mac + "\nstatus.interval=1\nstatus.file=" + "status\n";
    }

    private static String peer(String name, Uid uid, String address, String fingerprint) {
        return "peer." + name + ".uid=" + uid + "\npeer." + name + ".address=" + address + "\npeer." + name
            + ".fingerprint=" + fingerprint + "\n";
    }

    private static void write(String name, String text) throws IOException {
        // each node gets its own directory so relative paths (identity, status) stay apart
        final String node = name.substring(0, 1);
        final Path nodeDir = dir.resolve("node-" + node);
        Files.createDirectories(nodeDir);
        Files.writeString(nodeDir.resolve("node.properties"),
            text.replace("identity.dir=id-", "identity.dir=../id-"), StandardCharsets.UTF_8);
    }

    private static Process startNode(String ns, String name) throws IOException {
        final Path nodeDir = dir.resolve("node-" + name);
        final File log = dir.resolve(name + ".log").toFile();
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the offloads on (UDP GSO and the TAP's TSO and GRO), so every test here also runs the batched send path
        // and the virtio_net_hdr framing
        return Netns.start(ns, log, java, "-Xmx256m", "-Dvias.overlay.udpGso=true",
            "-Dvias.overlay.tapOffloads=tso,gro", "-cp", classpath(),
            "org.opendaylight.vias.overlay.node.OverlayMain", "run", nodeDir.resolve("node.properties").toString());
    }

    /** The test JVM's class path; surefire/failsafe may hide it in a manifest-only jar. */
    static String classpath() throws IOException {
        final String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) {
            return surefire;
        }
        final String cp = System.getProperty("java.class.path");
        if (!cp.contains(File.pathSeparator) && cp.endsWith(".jar")) {
            try (JarFile jar = new JarFile(cp)) {
                final String manifest = jar.getManifest().getMainAttributes().getValue("Class-Path");
                if (manifest != null) {
                    final List<String> entries = new ArrayList<>();
                    for (String url : manifest.split(" ")) {
                        if (!url.isBlank()) {
                            entries.add(Path.of(java.net.URI.create(url)).toString());
                        }
                    }
                    return String.join(File.pathSeparator, entries);
                }
            }
        }
        return cp;
    }

    private static String awaitStatus(String node, Predicate<String> condition, int seconds) throws Exception {
        final Path file = dir.resolve("node-" + node).resolve("status");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                last = Files.readString(file, StandardCharsets.UTF_8);
                if (condition.test(last)) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("node " + node + " status never met the condition within " + seconds + " s:\n"
            + last);
    }

    private static long unknownSource(String status) {
        final Matcher m = Pattern.compile("unknownSource=(\\d+)").matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static long handshakeFailures(String status, Uid peer) {
        return linkCounter(status, peer, "handshakeFailures");
    }

    private static long handshakes(String status, Uid peer) {
        return linkCounter(status, peer, "handshakes");
    }

    private static long linkCounter(String status, Uid peer, String counter) {
        for (String line : status.lines().toList()) {
            if (line.startsWith("link " + peer)) {
                final Matcher m = Pattern.compile(" " + counter + "=(\\d+)").matcher(line);
                if (m.find()) {
                    return Long.parseLong(m.group(1));
                }
            }
        }
        return -1;
    }
}
