/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.testing.HostPreconditions.requireAssembly;
import static org.opendaylight.vias.testing.HostPreconditions.requireRoot;
import static org.opendaylight.vias.testing.HostPreconditions.requireTools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue #15, item 5: the console and the web server are not exposed beyond loopback while their shipped login is in
 * force, and are once the operator changed it and set the address. The controller runs in a namespace of its own
 * ({@value #CONTROLLER_NS}, {@value #CONTROLLER_IP}) with a second namespace ({@value #OUTSIDE_NS}) on a veth link as
 * "another host"; it is configured from the start to listen on every address (sshHost and pax-web's listening
 * addresses 0.0.0.0) and boots with karaf/karaf and admin/admin. One boot: the logins and addresses are changed on
 * the running controller the way docs/security.md tells an operator to. OpenFlow has no login: the operator set
 * the 6653 listener's address in its file before the start, the legacy 6633 listener stays as shipped (loopback).
 *
 * <p>The test changes files of the assembly ({@code etc/org.apache.karaf.shell.cfg}, {@code etc/users.properties},
 * {@code etc/org.ops4j.pax.web.cfg}, the 6653 listener's file under {@code etc/opendaylight/datastore/initial}) and
 * puts them back afterwards; a run that died is repaired by the next one from the copies it keeps beside them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExposureIT {
    static final String CONTROLLER_NS = "vias-ex-ctl";
    static final String OUTSIDE_NS = "vias-ex-out";
    static final String CONTROLLER_IP = "10.77.0.1";
    static final String OUTSIDE_IP = "10.77.0.2";
    /** A listener of the controller's host on every address: the path from outside works, refusals are bindings. */
    static final int HOST_PORT = 19998;
    static final String KARAF_PASSWORD = "Exposure-Karaf-1";
    static final String ADMIN_PASSWORD = "Exposure-Admin-1";
    static final String BACKUP_SUFFIX = ".exposure-it-orig";
    static final int OPENFLOW = 6653;
    static final String WEB_ADDRESSES = "org.ops4j.pax.web.listening.addresses";
    static final int OPENFLOW_LEGACY = 6633;

    private final List<Process> servers = new ArrayList<>();
    private Path home;
    private Karaf karaf;
    private List<Path> changedFiles;

    @BeforeAll
    void startControllerListeningEverywhere() throws Exception {
        home = Path.of(System.getProperty("vias.assembly", "../karaf-distribution/target/assembly"))
            .toAbsolutePath().normalize();
        final Path work = Path.of(System.getProperty("vias.it.workdir", "target"));
        requireRoot();
        requireAssembly(home);
        requireTools("socat", "ss", "sshpass", "curl");
        Files.createDirectories(work);
        changedFiles = List.of(shellConfig(), home.resolve("etc/users.properties"), openFlowConfig(),
            frameworkProperties());
        teardown();
        for (Path file : changedFiles) {
            Files.copy(file, backup(file), StandardCopyOption.REPLACE_EXISTING);
        }

        sh("ip netns add " + CONTROLLER_NS);
        sh("ip netns add " + OUTSIDE_NS);
        sh("ip link add vex0 netns " + CONTROLLER_NS + " type veth peer name vex1 netns " + OUTSIDE_NS);
        for (String[] end : new String[][] {{CONTROLLER_NS, "vex0", CONTROLLER_IP}, {OUTSIDE_NS, "vex1", OUTSIDE_IP}}) {
            sh("ip netns exec " + end[0] + " ip addr add " + end[2] + "/24 dev " + end[1]);
            sh("ip netns exec " + end[0] + " ip link set " + end[1] + " up");
            sh("ip netns exec " + end[0] + " ip link set lo up");
        }
        servers.add(new ProcessBuilder("ip", "netns", "exec", CONTROLLER_NS, "socat",
            "TCP-LISTEN:" + HOST_PORT + ",reuseaddr,fork", "EXEC:true").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());

        // What an operator who skipped the login change would set: every address, for both. The web server's in both
        // places an operator sets it (the guard reads the PID first, then the framework property): once, in a clean
        // clone's run, the PID file written below did not reach pax-web at the first boot, which then listened on the
        // shipped framework property's 127.0.0.1, and the test found nothing to refuse.
        setKey(shellConfig(), "sshHost", "0.0.0.0");
        setKey(frameworkProperties(), WEB_ADDRESSES, "0.0.0.0");
        // And the operator's step for OpenFlow (docs/security.md): the 6653 listener's address, before the first
        // start; the legacy 6633 listener keeps the shipped loopback.
        final String openFlow = read(openFlowConfig());
        assertTrue(openFlow.contains("<address>127.0.0.1</address>"), openFlow);
        Files.writeString(openFlowConfig(), openFlow.replace("<address>127.0.0.1</address>",
            "<address>0.0.0.0</address>"), StandardCharsets.UTF_8);
        karaf = new Karaf(home, work, "exposure-it-karaf", List.of("ip", "netns", "exec", CONTROLLER_NS), Map.of());
        karaf.paxWebConfig("felix.fileinstall.filename = file:" + karaf.paxWebConfigFile() + "\n"
            + "org.osgi.service.http.port = 8181\n"
            + WEB_ADDRESSES + " = 0.0.0.0\n");
        karaf.boot("RESTCONF with the vias model", () -> restconfReady("admin"));
        // the premise of the tests: the web server came up on every address (else there is nothing to refuse)
        final String connector = "Creating non secure connector for address 0.0.0.0:8181";
        assertTrue(Files.readString(karaf.karafLog()).contains(connector),
            "the web server did not start on 0.0.0.0:8181 (no '" + connector + "'): " + listeners());
    }

    @AfterAll
    void stopEverything() throws IOException {
        if (home != null) {
            teardown();
        }
    }

    /**
     * With karaf/karaf and admin/admin in force, the controller puts both listeners back on loopback although they
     * were configured for every address: the other host is refused on 8101 and 8181 (and reaches the host's own
     * listener), the reason is in the log and in vias:status, the console's file says 127.0.0.1 now, and RESTCONF
     * still answers on loopback after pax-web rebound.
     */
    @Test
    @Order(1)
    void withTheShippedLoginsNeitherListensBeyondLoopback() throws IOException {
        await("8101, 8181 and 6633 listening on loopback only", Duration.ofMinutes(2),
            () -> onLoopbackOnly(8101) && onLoopbackOnly(8181) && onLoopbackOnly(OPENFLOW_LEGACY), this::listeners);
        for (int port : new int[] {8101, 8181, OPENFLOW_LEGACY}) {
            final Shell.Result connect = connectFromOutside(port);
            assertTrue(!connect.ok() && connect.output().contains("Connection refused"),
                "port " + port + " from " + OUTSIDE_NS + ": " + connect + "\n" + listeners());
        }
        final Shell.Result host = connectFromOutside(HOST_PORT);
        assertTrue(host.ok(), "the host's listener on every address, from " + OUTSIDE_NS + ": " + host);

        final String log = Files.readString(karaf.karafLog());
        for (String reason : List.of("the Karaf SSH console was set to listen on 0.0.0.0 while the Karaf console login "
                + "karaf/karaf", "the web server (RESTCONF, the view and metrics) was set to listen on 0.0.0.0 while "
                + "the RESTCONF login admin/admin")) {
            assertTrue(log.lines().anyMatch(line -> line.contains("| ERROR |") && line.contains(reason)),
                "no ERROR with: " + reason + "\n" + karaf.problems(20));
        }
        final String status = karaf.console("vias:status");
        assertTrue(status.contains("ERROR: not exposed: ") && status.contains("Karaf SSH console")
            && status.contains("web server"), status);
        await("sshHost = 127.0.0.1 written back to " + shellConfig(), Duration.ofSeconds(30),
            () -> "127.0.0.1".equals(key(shellConfig(), "sshHost")), () -> read(shellConfig()));
        await("RESTCONF on loopback after pax-web rebound", Duration.ofMinutes(1), () -> restconfReady("admin"),
            () -> karaf.problems(20));
    }

    /**
     * The operator changes both logins (Karaf's users file; AAA's admin through its REST API), then sets both
     * addresses again: the other host reaches the console (and logs in with the new password) and RESTCONF (which
     * still wants a login), and vias:status no longer reports a refusal.
     */
    @Test
    @Order(2)
    void withTheLoginsChangedAndTheAddressesSetBothAreReachable() throws IOException {
        final String users = read(home.resolve("etc/users.properties"));
        assertTrue(users.contains("karaf = karaf,"), users);
        Files.writeString(home.resolve("etc/users.properties"),
            users.replace("karaf = karaf,", "karaf = " + KARAF_PASSWORD + ","), StandardCharsets.ISO_8859_1);
        final Shell.Result changed = curl(CONTROLLER_NS, "admin:admin", "-X", "PUT", "-H",
            "Content-Type: application/json", "-d", "{\"password\":\"" + ADMIN_PASSWORD + "\"}",
            "http://127.0.0.1:8181/auth/v1/users/admin@sdn");
        assertTrue(changed.output().trim().startsWith("2"), "AAA refused the password change: " + changed);

        setKey(shellConfig(), "sshHost", "0.0.0.0");
        setKey(karaf.paxWebConfigFile(), WEB_ADDRESSES, "0.0.0.0");

        final String[] console = new String[1];
        final String what = "the console from " + OUTSIDE_NS + " with the new password, reporting no refusal";
        await(what, Duration.ofMinutes(1), () -> {
            console[0] = Shell.run(60, "ip", "netns", "exec", OUTSIDE_NS, "sshpass", "-p", KARAF_PASSWORD, "ssh",
                "-p", "8101", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o",
                "LogLevel=ERROR", "-o", "ConnectTimeout=5", "karaf@" + CONTROLLER_IP, "vias:status").output();
            return console[0].contains("VIAS ") && console[0].contains("Versions:")
                && !console[0].contains("ERROR: not exposed");
        }, () -> console[0] + "\n" + listeners() + "\n" + karaf.problems(20));
        final String[] web = new String[1];
        await("RESTCONF from " + OUTSIDE_NS + " with the new admin password", Duration.ofMinutes(2), () -> {
            final Shell.Result r = curl(OUTSIDE_NS, "admin:" + ADMIN_PASSWORD,
                "http://" + CONTROLLER_IP + ":8181/rests/data/vias:state?content=nonconfig");
            web[0] = r.output();
            return r.output().startsWith("200");
        }, () -> web[0] + "\n" + listeners() + "\n" + karaf.problems(20));
        final Shell.Result anonymous = curl(OUTSIDE_NS, null,
            "http://" + CONTROLLER_IP + ":8181/rests/data/vias:state?content=nonconfig");
        assertTrue(anonymous.output().startsWith("401"), "RESTCONF without a login: " + anonymous);
    }

    /**
     * OpenFlow has no login to guard: its address is the operator's explicit step (docs/security.md), set in the
     * shipped listener file before the first start. The 6653 listener set to every address accepts the other host;
     * the legacy listener (6633), left as shipped, refused it in the first test.
     */
    @Test
    @Order(3)
    void theOpenFlowListenerWhoseAddressWasSetAcceptsTheOtherHost() {
        assertTrue(listeners().lines().anyMatch(line -> line.matches(".*\\s(0\\.0\\.0\\.0|\\*|\\[::\\]):" + OPENFLOW
            + "\\s.*")), "6653 listens on every address: " + listeners());
        final Shell.Result connect = connectFromOutside(OPENFLOW);
        assertTrue(connect.ok(), "6653 from " + OUTSIDE_NS + ": " + connect + "\n" + listeners());
    }

    // ------------------------------------------------------------------------------------------ helpers

    private Path openFlowConfig() {
        return home.resolve("etc/opendaylight/datastore/initial/config/default-openflow-connection-config.xml");
    }

    private Path frameworkProperties() {
        return home.resolve("etc/custom.system.properties");
    }

    private Path shellConfig() {
        return home.resolve("etc/org.apache.karaf.shell.cfg");
    }

    private static Path backup(final Path file) {
        return file.resolveSibling(file.getFileName() + BACKUP_SUFFIX);
    }

    private boolean restconfReady(final String password) {
        final Shell.Result r = curl(CONTROLLER_NS, "admin:" + password,
            "http://127.0.0.1:8181/rests/data/vias:state?content=nonconfig");
        final String out = r.output();
        return out.length() >= 3 && out.substring(0, 3).matches("\\d{3}")
            && Karaf.restconfReady(Integer.parseInt(out.substring(0, 3)), out);
    }

    /** curl from inside {@code ns}: the output is the status code, a space, then the body. */
    private static Shell.Result curl(final String ns, final String login, final String... args) {
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns, "curl", "-s",
            "--connect-timeout", "5", "-m", "30", "-w", "\n%{http_code}"));
        if (login != null) {
            command.addAll(List.of("-u", login));
        }
        command.addAll(List.of(args));
        final Shell.Result r = Shell.run(45, command.toArray(String[]::new));
        final String out = r.output();
        final int lastLine = out.lastIndexOf('\n');
        return new Shell.Result(r.exit(), lastLine < 0 ? out : out.substring(lastLine + 1) + " "
            + out.substring(0, lastLine));
    }

    private static Shell.Result connectFromOutside(final int port) {
        return Shell.run(15, "ip", "netns", "exec", OUTSIDE_NS, "socat", "-u", "OPEN:/dev/null",
            "TCP:" + CONTROLLER_IP + ":" + port + ",connect-timeout=5");
    }

    /** Whether something listens on {@code port} in the controller's namespace, and only on 127.0.0.1. */
    private boolean onLoopbackOnly(final int port) {
        final List<String> local = listeners().lines().map(line -> line.trim().split("\\s+"))
            .filter(fields -> fields.length > 3 && fields[3].endsWith(":" + port)).map(fields -> fields[3]).toList();
        // Java's listeners are dual-stack: ss shows loopback as [::ffff:127.0.0.1]
        return !local.isEmpty() && local.stream().allMatch(address -> address.contains("127.0.0.1"));
    }

    private String listeners() {
        return Shell.run("ip", "netns", "exec", CONTROLLER_NS, "ss", "-Hltn").output();
    }

    /** Sets {@code key = value} in a Karaf .cfg file (replacing the key's line, or adding one). */
    private static void setKey(final Path file, final String key, final String value) throws IOException {
        final List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*[=:].*")) {
                lines.set(i, key + " = " + value);
                found = true;
            }
        }
        if (!found) {
            lines.add(key + " = " + value);
        }
        Files.writeString(file, lines.stream().collect(Collectors.joining("\n", "", "\n")),
            StandardCharsets.ISO_8859_1);
    }

    private static String key(final Path file, final String key) {
        return read(file).lines().map(String::trim).filter(line -> line.matches(
            java.util.regex.Pattern.quote(key) + "\\s*[=:].*")).map(line -> line.split("[=:]", 2)[1].trim())
            .findFirst().orElse(null);
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(" + file + ": " + e + ")";
        }
    }

    private void teardown() throws IOException {
        for (Process p : servers) {
            p.destroy();
        }
        servers.clear();
        if (karaf != null) {
            karaf.close();
            karaf = null;
        }
        // everything this test started lives in its own namespaces: end exactly those processes
        for (String ns : List.of(CONTROLLER_NS, OUTSIDE_NS)) {
            Shell.run("bash", "-c", "for p in $(ip netns pids " + ns + " 2>/dev/null); do kill -9 $p; done; "
                + "ip netns del " + ns + " 2>/dev/null");
        }
        for (Path file : changedFiles) {
            if (Files.exists(backup(file))) {
                Files.move(backup(file), file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static String sh(final String command) {
        final Shell.Result r = Shell.run(60, "bash", "-c", command);
        if (!r.ok()) {
            throw new IllegalStateException("'" + command + "' failed (" + r.exit() + "): " + r.output());
        }
        return r.output();
    }

    private void await(final String what, final Duration timeout, final BooleanSupplier condition,
            final Supplier<String> diagnostics) {
        Await.await(what, timeout, condition, diagnostics, karaf);
    }
}
