/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.it.Await.await;
import static org.opendaylight.vias.testing.HostPreconditions.requireAssembly;
import static org.opendaylight.vias.testing.HostPreconditions.requireRoot;
import static org.opendaylight.vias.testing.HostPreconditions.requireTools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The overlay inside the controller, end to end: the Karaf distribution runs in testbed site 1 (behind a NAT, with
 * its own userspace OVS whose bridge is the managed bridge), is configured over RESTCONF with the testbed's XMPP,
 * STUN and TURN servers, and links over ICE + DTLS to a standalone overlay node in site 2; a ping from the bridge's
 * address in site 1 to the standalone node's TAP address crosses the overlay, and vias:links / vias:state show the
 * link with counters.
 *
 * <p>Both ends trust only the overlay CA (issue #15): the controller gets its certificate the operator's way
 * ({@code vias:cert request}, {@code scripts/overlay-ca issue}, {@code vias:cert install}), and the link is
 * verified by that CA. Then the operator revokes the peer: the link goes down within seconds, the peer stays
 * unreachable, and its refused handshakes are counted in {@code vias:state/overlay-node/certificate-rejected}.
 *
 * <p>Needs root, Prosody, coturn, OVS tools and the assembly (a skip by hand, a failure in scripts/test). Uses
 * scripts/testbed (namespaces vias-tb-*), a private ovsdb-server/ovs-vswitchd in vias-tb-site1 (run dir under
 * target/), and a copy of the assembly under target/ (Karaf in a namespace listens on that namespace's loopback
 * only).
 */
class OverlayKarafIT {
    private static final String SITE1 = "vias-tb-site1";
    private static final String BRIDGE = "vias-ok-br";
    private static final String BRIDGE_IP = "10.254.0.100";
    private static final String PEER_IP = "10.254.0.2";
    private static final String PEER_UID = "0000000000000000000000000000000000000002";

    private final List<Runnable> cleanup = new ArrayList<>();

    @Test
    void overlayInKarafLinksToAStandaloneNodeAndCarriesPing() throws Exception {
        final Path assembly = Path.of(System.getProperty("vias.assembly", "../karaf-distribution/target/assembly"))
            .toAbsolutePath().normalize();
        final Path work = Path.of(System.getProperty("vias.it.workdir", "target")).toAbsolutePath().normalize();
        final Path repo = assembly.getParent().getParent().getParent();
        requireRoot();
        requireAssembly(assembly);
        requireTools("prosody", "turnserver", "ovsdb-server", "ovs-vswitchd", "sshpass");
        try {
            run(120, repo.resolve("scripts/testbed").toString(), "up", "--sites", "2");
            cleanup.add(() -> Shell.run(120, repo.resolve("scripts/testbed").toString(), "down"));
            final Shell.Result env = Shell.run(30, repo.resolve("scripts/testbed").toString(), "env");
            assertTrue(env.ok(), env.output());
            final String xmppCa = env.output().lines().filter(l -> l.startsWith("VIAS_TB_XMPP_CA="))
                .map(l -> l.substring("VIAS_TB_XMPP_CA=".length())).findFirst()
                .orElseThrow(() -> new AssertionError("scripts/testbed env has no VIAS_TB_XMPP_CA:\n" + env.output()));
            final Path ovs = work.resolve("overlay-karaf-ovs");
            startPrivateOvs(ovs);

            final Path karaf = work.resolve("overlay-karaf");
            run(120, "rm", "-rf", karaf.toString());
            run(300, "cp", "-a", assembly.toString(), karaf.toString());
            // A clean controller (Karaf.start wipes the copy's data): the assembly keeps the datastore of the ITs
            // that ran before (FoundationIT's config names another bridge, which would leave ours unmanaged).
            final Karaf controller = new Karaf(karaf, work, "overlay-karaf", List.of("ip", "netns", "exec", SITE1,
                "setsid"), Map.of("OVS_RUNDIR", ovs.toString()));
            cleanup.add(0, () -> {
                try {
                    controller.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            controller.boot("RESTCONF in " + SITE1, () -> {
                final String out = ns("curl", "-s", "-w", " %{http_code}", "-u", "admin:admin",
                    "http://127.0.0.1:8181/rests/data/vias:state?content=nonconfig").output().trim();
                final int space = out.lastIndexOf(' ');
                return Karaf.restconfReady(Integer.parseInt(out.substring(space + 1)), out.substring(0,
                    Math.max(space, 0)));
            });
            ovsVsctl(ovs, "--", "set-controller", BRIDGE, "tcp:127.0.0.1:6653");
            final Supplier<String> flows = () -> ns(env(ovs, "ovs-ofctl", "-O", "OpenFlow13", "dump-flows", BRIDGE))
                .output();
            await("VIAS pipeline on " + BRIDGE, Duration.ofMinutes(2), () -> flows.get().contains("cookie=0x56a5"),
                () -> ns(env(ovs, "ovs-vsctl", "show")).output() + "\n" + flows.get() + "\n" + controller.problems(40));

            // The overlay CA: the operator's (scripts/overlay-ca), the controller's certificate made CSR-style
            // with vias:cert (its key never leaves the controller), the standalone peer's with scripts/overlay-ca.
            final Path caDir = work.resolve("overlay-karaf-ca");
            run(30, "rm", "-rf", caDir.toString());
            overlayCa(repo, "init", caDir.toString(), "--name", "vias-karaf-it", "--days", "1");
            final String request = controller.console("vias:cert request");
            final Matcher requested = Pattern.compile(
                "Certificate request for uid ([0-9a-f]{40})").matcher(request);
            assertTrue(requested.find() && request.contains("BEGIN CERTIFICATE REQUEST"), request);
            final Path controllerCert = work.resolve("overlay-karaf-controller.crt");
            overlayCa(repo, "issue", caDir.toString(), requested.group(1), "--csr",
                karaf.resolve("etc/vias/identity/node.csr").toString(), "--days", "1", "--out",
                controllerCert.toString());
            final String installed = controller.console("vias:cert install " + controllerCert);
            assertTrue(installed.contains("Installed ") && installed.contains("uid " + requested.group(1)), installed);

            final String config = """
                {"vias:config":{"switch":{"bridge-name":"%s"},
                  "identity":{"overlay-address":"%s","location":"site1"},
                  "xmpp":{"host":"203.0.113.1","domain":"vias.test","user":"node1","password":"%s"},
                  "trust":{"xmpp-ca":"%s","ca":"%s","revocations":"%s"},
                  "stun":{"host":"203.0.113.1","port":3478},
                  "turn":{"host":"203.0.113.1","port":3478,"user":"vias","password":"%s"}}}
                """;
            final String caCert = caDir.resolve("ca.crt").toString();
            final String revocations = caDir.resolve("revoked.list").toString();
            // passwords are stored sealed: a plain one is refused at commit, naming the leaf
            final Shell.Result plain = putConfig(config.formatted(BRIDGE, BRIDGE_IP, "vias-pass", xmppCa, caCert,
                revocations, "vias-turn-pass"));
            assertTrue(plain.output().contains("xmpp/password: a plain password would be readable")
                && plain.output().contains("turn/password: a plain password"), plain.output());
            final Shell.Result put = putConfig(config.formatted(BRIDGE, BRIDGE_IP, seal("vias-pass"), xmppCa, caCert,
                revocations, seal("vias-turn-pass")));
            assertTrue(put.output().trim().endsWith("201") || put.output().trim().endsWith("204"), put.output());
            final String stored = ns("curl", "-s", "-u", "admin:admin",
                "http://127.0.0.1:8181/rests/data/vias:config").output();
            assertTrue(stored.contains("\"password\":\"sealed:") && !stored.contains("vias-pass")
                && !stored.contains("vias-turn-pass"), "a read of the config shows no password: " + stored);

            await("TAP ipop0 on " + BRIDGE, Duration.ofMinutes(1),
                () -> ns(env(ovs, "ovs-vsctl", "list-ports", BRIDGE)).output().contains("ipop0"),
                () -> controller.problems(40));

            // scripts/testbed-node keeps site 2's identity in RUN_DIR/nodes/2/identity (RUN_DIR holds xmpp-tls/)
            final Path peerIdentity = Path.of(xmppCa).getParent().getParent().resolve("nodes/2/identity");
            overlayCa(repo, "csr", peerIdentity.toString(), PEER_UID);
            final String issued = overlayCa(repo, "issue", caDir.toString(), PEER_UID, "--csr",
                peerIdentity.resolve("node.csr").toString(), "--days", "1", "--out",
                peerIdentity.resolve("node.crt").toString());
            final Matcher serial = Pattern.compile("issued serial (\\S+)")
                .matcher(issued);
            assertTrue(serial.find(), issued);
            final Process peer = new ProcessBuilder(repo.resolve("scripts/testbed-node").toString(), "2",
                "--set", "trust.ca=" + caCert, "--set", "trust.revocations=" + revocations)
                .redirectErrorStream(true).redirectOutput(work.resolve("overlay-karaf-peer.log").toFile()).start();
            cleanup.add(0, () -> {
                peer.descendants().forEach(ProcessHandle::destroy);
                peer.destroy();
            });

            await("link to the standalone node in vias:state", Duration.ofMinutes(2), () -> viasState()
                .matches("(?s).*\"peer-uid\":\"" + PEER_UID + "\".*\"state\":\"connected\".*"),
                () -> viasState() + "\n" + controller.problems(40));

            final Shell.Result ping = ns("ping", "-c", "5", "-i", "0.3", "-W", "2", PEER_IP);
            assertTrue(ping.output().contains(" 0% packet loss") || ping.output().matches(
                "(?s).*[1-5] received.*"), ping.output());

            final String links = controller.console("vias:links");
            assertTrue(links.contains(PEER_UID) && links.contains("connected"), links);
            // the ping's frames are counted on the link: state is rewritten every 2 s
            await("the ping counted on the link in vias:state", Duration.ofSeconds(10), () -> {
                final Matcher tx = Pattern.compile("\"tx\":\\{\"packets\":\"(\\d+)\"")
                    .matcher(viasState());
                return tx.find() && Long.parseLong(tx.group(1)) >= 5;
            }, OverlayKarafIT::viasState);
            assertTrue(Files.readString(controller.karafLog()).contains("peer verified by overlay CA"),
                "the controller verified its peer by the overlay CA:\n" + controller.problems(40));
            final String shown = controller.console("vias:cert show");
            assertTrue(shown.contains("accepted by " + caCert), shown);

            // The operator revokes the peer: the controller re-reads trust/revocations while it runs, tears the
            // link down within seconds, refuses the peer's every new handshake and counts why in vias:state.
            final long revokedAt = System.nanoTime();
            overlayCa(repo, "revoke", caDir.toString(), serial.group(1));
            await("the revoked peer's link down in vias:links", Duration.ofSeconds(15),
                () -> !linkConnected(controller.console("vias:links")), () -> controller.console("vias:links"));
            System.out.printf("revocation: the controller's link to the peer down %.1f s after overlay-ca revoke "
                + "was started%n", (System.nanoTime() - revokedAt) / 1e9);
            await("REVOKED counted in vias:state/overlay-node/certificate-rejected", Duration.ofSeconds(30),
                () -> rejected(viasState(), "REVOKED") >= 1, OverlayKarafIT::viasState);
            final Shell.Result unreachable = ns("ping", "-c", "3", "-i", "0.3", "-W", "1", PEER_IP);
            assertTrue(unreachable.output().contains(" 100% packet loss"), "the revoked peer is no longer "
                + "reachable over the overlay: " + unreachable.output());
            assertFalse(linkConnected(controller.console("vias:links")), "the revoked peer re-linked");
        } finally {
            for (Runnable step : cleanup) {
                step.run();
            }
        }
    }

    /** {@code scripts/overlay-ca ARGS} (the operator's CA tool; builds overlay/ on its first use): its output. */
    private static String overlayCa(final Path repo, final String... args) {
        final List<String> command = new ArrayList<>(List.of(repo.resolve("scripts/overlay-ca").toString()));
        command.addAll(List.of(args));
        return runOutput(300, command.toArray(String[]::new));
    }

    /** Whether vias:links lists the standalone peer as connected. */
    private static boolean linkConnected(final String links) {
        return links.lines().anyMatch(line -> line.startsWith(PEER_UID) && line.contains(" connected "));
    }

    /** The count of {@code reason} in vias:state's certificate-rejected list, 0 when absent. */
    private static long rejected(final String state, final String reason) {
        final Matcher entry = Pattern.compile(
            "\\{[^{}]*\"reason\":\"" + reason + "\"[^{}]*\\}").matcher(state);
        if (!entry.find()) {
            return 0;
        }
        final Matcher count = Pattern.compile("\"count\":\"?(\\d+)")
            .matcher(entry.group());
        return count.find() ? Long.parseLong(count.group(1)) : 0;
    }

    private static Shell.Result putConfig(final String json) {
        return ns("curl", "-s", "-w", "%{http_code}", "-u", "admin:admin", "-X", "PUT",
            "-H", "Content-Type: application/json", "-d", json, "http://127.0.0.1:8181/rests/data/vias:config");
    }

    /** The sealed text of {@code secret}, from the controller's seal-secret RPC. */
    private static String seal(final String secret) {
        final Shell.Result r = ns("curl", "-s", "-u", "admin:admin", "-X", "POST", "-H",
            "Content-Type: application/json", "-d", "{\"input\":{\"secret\":\"" + secret + "\"}}",
            "http://127.0.0.1:8181/rests/operations/vias:seal-secret");
        final Matcher m = Pattern.compile("\"sealed\":\"([^\"]+)\"")
            .matcher(r.output());
        assertTrue(m.find(), "seal-secret: " + r.output());
        assertFalse(m.group(1).contains(secret), m.group(1));
        return m.group(1);
    }

    /** The controller's vias:state (operational) as RESTCONF in site 1 answers it. */
    private static String viasState() {
        return ns("curl", "-s", "-u", "admin:admin", "http://127.0.0.1:8181/rests/data/vias:state?content=nonconfig")
            .output();
    }

    private static Shell.Result ns(final String... command) {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", SITE1));
        full.addAll(List.of(command));
        return Shell.run(60, full.toArray(String[]::new));
    }

    private static String[] env(final Path ovs, final String... command) {
        final List<String> full = new ArrayList<>(List.of("env", "OVS_RUNDIR=" + ovs));
        full.addAll(List.of(command));
        return full.toArray(String[]::new);
    }

    private static void ovsVsctl(final Path ovs, final String... args) {
        final List<String> full = new ArrayList<>(List.of("ovs-vsctl"));
        full.addAll(List.of(args));
        final Shell.Result r = ns(env(ovs, full.toArray(String[]::new)));
        assertTrue(r.ok(), String.join(" ", full) + ": " + r.output());
    }

    private void startPrivateOvs(final Path ovs) throws IOException {
        run(30, "rm", "-rf", ovs.toString());
        Files.createDirectories(ovs);
        run(30, "ovsdb-tool", "create", ovs.resolve("conf.db").toString(),
            "/usr/share/openvswitch/vswitch.ovsschema");
        run(30, "ip", "netns", "exec", SITE1, "env", "OVS_RUNDIR=" + ovs, "OVS_LOGDIR=" + ovs, "OVS_DBDIR=" + ovs,
            "ovsdb-server", ovs.resolve("conf.db").toString(), "--remote=punix:" + ovs.resolve("db.sock"),
            "--pidfile=" + ovs.resolve("ovsdb-server.pid"), "--detach", "--log-file=" + ovs.resolve("ovsdb.log"));
        cleanup.add(() -> Shell.run(10, "sh", "-c", "kill $(cat " + ovs.resolve("ovsdb-server.pid") + ")"));
        ovsVsctl(ovs, "--no-wait", "init");
        run(30, "ip", "netns", "exec", SITE1, "env", "OVS_RUNDIR=" + ovs, "OVS_LOGDIR=" + ovs, "OVS_DBDIR=" + ovs,
            "ovs-vswitchd", "unix:" + ovs.resolve("db.sock"), "--pidfile=" + ovs.resolve("ovs-vswitchd.pid"),
            "--detach", "--log-file=" + ovs.resolve("vswitchd.log"));
        cleanup.add(0, () -> Shell.run(10, "sh", "-c", "kill $(cat " + ovs.resolve("ovs-vswitchd.pid") + ")"));
        ovsVsctl(ovs, "add-br", BRIDGE, "--", "set", "bridge", BRIDGE, "datapath_type=netdev",
            "protocols=OpenFlow13", "fail_mode=secure");
        run(10, "ip", "netns", "exec", SITE1, "ip", "addr", "add", BRIDGE_IP + "/24", "dev", BRIDGE);
        run(10, "ip", "netns", "exec", SITE1, "ip", "link", "set", BRIDGE, "up");
    }

    private static void run(final int timeoutSeconds, final String... command) {
        runOutput(timeoutSeconds, command);
    }

    private static String runOutput(final int timeoutSeconds, final String... command) {
        final Shell.Result r = Shell.run(timeoutSeconds, command);
        assertTrue(r.ok(), String.join(" ", command) + ": " + r.output());
        return r.output();
    }
}
