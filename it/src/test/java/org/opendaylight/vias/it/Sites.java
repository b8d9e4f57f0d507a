/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.it.Await.await;
import static org.opendaylight.vias.testing.HostPreconditions.requireAssembly;
import static org.opendaylight.vias.testing.HostPreconditions.requireRoot;
import static org.opendaylight.vias.testing.HostPreconditions.requireTools;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two-site testbed of {@code scripts/vias-sites} as the ITs use it: two hosts (namespaces), each with its own
 * Open vSwitch and its own VIAS controller (a copy of the Karaf distribution), nested VMs on each host's bridge,
 * Prosody and coturn on the shared underlay LAN. Everything goes through the script, so the tests and the demo run
 * the very same testbed.
 */
final class Sites implements AutoCloseable {
    /** Bypass rules: VIAS cookie marker 0x56A5, purpose 5 (outbound) or 6 (inbound). */
    private static final Pattern BYPASS_COOKIE = Pattern.compile("cookie=0x56a50([568])([0-9a-f]{10})");
    private static final Pattern N_BYTES = Pattern.compile("n_bytes=(\\d+)");
    private static final Pattern N_PACKETS = Pattern.compile("n_packets=(\\d+)");

    private final Path script;
    private final Path work;

    Sites(final Path repo, final Path work) {
        this.script = repo.resolve("scripts/vias-sites");
        this.work = work;
    }

    /**
     * The testbed an IT runs on: checks what the host must have (JUnit assumptions, failures in scripts/test), brings
     * it up ({@code vias-sites up UP_OPTIONS}) and starts both controllers with {@code configExtra}; tears it down
     * again when any of that fails. Its work directory is {@code <vias.it.workdir>/<workName>}.
     */
    static Sites upWithControllers(final String workName, final String configExtra, final String... upOptions)
            throws IOException {
        final Path assembly = Path.of(System.getProperty("vias.assembly", "../karaf-distribution/target/assembly"))
            .toAbsolutePath().normalize();
        requireRoot();
        requireTools("ovsdb-server", "ovs-vswitchd", "prosody", "turnserver", "iperf3", "jq", "nft", "iptables",
            "sshpass", "ethtool", "curl", "python3");
        requireAssembly(assembly);
        final Path work = Path.of(System.getProperty("vias.it.workdir", "target")).toAbsolutePath()
            .resolve(workName);
        Files.createDirectories(work);
        final Sites sites = new Sites(assembly.getParent().getParent().getParent(), work);
        boolean ready = false;
        try {
            final Shell.Result up = sites.up(upOptions);
            assertTrue(up.ok(), "vias-sites up " + String.join(" ", upOptions) + " failed:\n" + up.output());
            sites.startControllers(configExtra);
            ready = true;
            return sites;
        } finally {
            if (!ready) {
                sites.close();
            }
        }
    }

    /** This testbed's work directory (logs, iperf3 output, screenshots). */
    Path work() {
        return work;
    }

    /** Runs {@code scripts/vias-sites ARGS} with extra environment. */
    Shell.Result run(final int timeoutSeconds, final Map<String, String> env, final String... args) {
        final List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(Arrays.asList(args));
        try {
            final File out = Files.createTempFile(work, "sites", ".out").toFile();
            try {
                final ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out);
                pb.environment().putAll(env);
                final Process process = pb.start();
                process.getOutputStream().close();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    return new Shell.Result(-1, "timed out after " + timeoutSeconds + "s: " + command + "\n"
                        + Files.readString(out.toPath(), StandardCharsets.UTF_8));
                }
                return new Shell.Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out.toPath());
            }
        } catch (IOException e) {
            return new Shell.Result(-2, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Shell.Result(-3, e.toString());
        }
    }

    Shell.Result run(final int timeoutSeconds, final String... args) {
        return run(timeoutSeconds, Map.of(), args);
    }

    /** One value of {@code vias-sites env} (for example {@code VIAS_ST_XMPP_CA}); fails when it is not there. */
    String env(final String name) {
        final Shell.Result r = run(30, "env");
        assertTrue(r.ok(), "vias-sites env failed:\n" + r.output());
        return r.output().lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1))
            .findFirst().orElseThrow(() -> new AssertionError("vias-sites env has no " + name + ":\n" + r.output()));
    }

    /** {@code vias-sites up} with its options, e.g. {@code "--nat", "1=one-to-one,2=one-to-one"}. */
    Shell.Result up(final String... options) {
        final List<String> args = new ArrayList<>(List.of("up"));
        args.addAll(Arrays.asList(options));
        return run(120, args.toArray(String[]::new));
    }

    /**
     * Starts both controllers (one after the other: two booting Karafs starve each other on 2 cores), writes their
     * config with {@code configExtra} merged in, and waits for the VIAS pipeline on both bridges and a connected
     * overlay link between the sites.
     */
    void startControllers(final String configExtra) {
        for (int site = 1; site <= 2; site++) {
            final Shell.Result r = controller("start", site);
            assertTrue(r.ok(), r.output());
        }
        for (int site = 1; site <= 2; site++) {
            final Shell.Result r = controller("wait", site, "600");
            assertTrue(r.ok(), r.output());
        }
        for (int site = 1; site <= 2; site++) {
            final Shell.Result r = configure(site, configExtra);
            assertTrue(r.ok(), r.output());
        }
        for (int site = 1; site <= 2; site++) {
            final int s = site;
            await("VIAS pipeline on host " + site, Duration.ofMinutes(2), () -> flows(s).contains("cookie=0x56a501"),
                () -> flows(s) + "\n" + karafLogTail(s));
        }
        await("an overlay link between the sites", Duration.ofMinutes(2),
            () -> connectedLinks(1) > 0 && connectedLinks(2) > 0,
            () -> "host 1 state: " + state(1) + "\nhost 2 state: " + state(2) + "\nhost 1 log:\n" + karafLogTail(1));
    }

    @Override
    public void close() {
        run(180, "down");
    }

    Shell.Result controller(final String action, final int site, final String... more) {
        final List<String> args = new ArrayList<>(List.of("controller", action, Integer.toString(site)));
        args.addAll(Arrays.asList(more));
        return run(action.equals("wait") ? 900 : 180, args.toArray(String[]::new));
    }

    /** Writes the site's generated vias:config with {@code extra} (a JSON object) merged into it. */
    Shell.Result configure(final int site, final String extra) {
        return run(60, Map.of("VIAS_ST_CONFIG_EXTRA", extra), "controller", "configure", Integer.toString(site));
    }

    /** {@code ovs-ofctl -O OpenFlow13 dump-flows br-vias} on that host's own OVS. */
    String flows(final int site) {
        return run(30, "flows", Integer.toString(site)).output();
    }

    List<String> bypassRules(final int site) {
        return flows(site).lines().filter(l -> BYPASS_COOKIE.matcher(l).find()).toList();
    }

    static long bytes(final List<String> rules) {
        long sum = 0;
        for (String rule : rules) {
            final Matcher m = N_BYTES.matcher(rule);
            if (m.find()) {
                sum += Long.parseLong(m.group(1));
            }
        }
        return sum;
    }

    static long packets(final List<String> rules) {
        long sum = 0;
        for (String rule : rules) {
            final Matcher m = N_PACKETS.matcher(rule);
            if (m.find()) {
                sum += Long.parseLong(m.group(1));
            }
        }
        return sum;
    }

    /** The bypass ids (cookie bits 39..0) of the bypass rules on a host's bridge. */
    static Set<Long> bypassIds(final List<String> rules) {
        final Set<Long> ids = new TreeSet<>();
        for (String rule : rules) {
            final Matcher m = BYPASS_COOKIE.matcher(rule);
            if (m.find()) {
                ids.add(Long.parseLong(m.group(2), 16));
            }
        }
        return ids;
    }

    /** A RESTCONF request to the site's controller (from inside its namespace): body and HTTP status. */
    Restconf.Response rest(final int site, final String method, final String path) {
        final String out = run(60, "rest", Integer.toString(site), method, path).output().stripTrailing();
        final int nl = out.lastIndexOf('\n');
        final String last = nl < 0 ? out : out.substring(nl + 1);
        try {
            return new Restconf.Response(Integer.parseInt(last.trim()), nl < 0 ? "" : out.substring(0, nl));
        } catch (NumberFormatException e) {
            return new Restconf.Response(-1, out);
        }
    }

    /** The site's {@code vias:state} as JSON, "{}" when it has none. */
    String state(final int site) {
        final Restconf.Response r = rest(site, "GET", "data/vias:state?content=nonconfig");
        return r.ok() ? r.body() : "{}";
    }

    /** Applies a jq filter (raw output) to a JSON text. */
    String jq(final String json, final String filter) {
        try {
            final Path in = Files.createTempFile(work, "jq", ".json");
            try {
                Files.writeString(in, json);
                final Shell.Result r = Shell.run(30, "jq", "-r", filter, in.toString());
                return r.ok() ? r.output().strip() : "";
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            return "";
        }
    }

    /** Sum of tx+rx bytes of the site's connected overlay links, from vias:state. */
    long overlayBytes(final int site) {
        final String v = jq(state(site), "[(.\"vias:state\".link // [])[] | select(.state == \"connected\")"
            + " | ((.tx.bytes // 0 | tonumber) + (.rx.bytes // 0 | tonumber))] | add // 0");
        return v.isEmpty() ? 0 : Long.parseLong(v.split("\\.")[0]);
    }

    int connectedLinks(final int site) {
        final String v = jq(state(site),
            "[(.\"vias:state\".link // [])[] | select(.state == \"connected\")] | length");
        return v.isEmpty() ? 0 : Integer.parseInt(v);
    }

    /** Runs a command in nested VM {@code vm} of {@code site}. */
    Shell.Result vm(final int site, final int vm, final int timeoutSeconds, final String... command) {
        final List<String> args = new ArrayList<>(List.of("exec", site + ":" + vm, "--"));
        args.addAll(Arrays.asList(command));
        return run(timeoutSeconds, args.toArray(String[]::new));
    }

    /** Starts a command in a nested VM in the background, its output to {@code out}. */
    Process startInVm(final int site, final int vm, final Path out, final String... command) throws IOException {
        final Process p = start(site + ":" + vm, out, command);
        p.getOutputStream().close();
        return p;
    }

    /**
     * Starts a command in a host's namespace (where its controller listens on 127.0.0.1) in the background, its
     * output to {@code out}; its stdin stays open for the caller to write to.
     */
    Process startOnHost(final int site, final Path out, final String... command) throws IOException {
        return start(Integer.toString(site), out, command);
    }

    private Process start(final String target, final Path out, final String... command) throws IOException {
        final List<String> args = new ArrayList<>(List.of(script.toString(), "exec", target, "--"));
        args.addAll(Arrays.asList(command));
        return new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /** The OpenSSH client's last line when Karaf's SSH server closed the connection first (the client exits 255). */
    static final String SSH_CLOSED_FIRST = "client_loop: send disconnect: Broken pipe";

    /**
     * A {@code vias:*} console command on the site's controller (ssh to its Karaf); its output. Karaf's SSH server
     * closes the connection once the command has ended and its output is sent; when that close beats the client's
     * own goodbye, the client says so and exits 255 although the command ran (seen once in a clean-clone run, with
     * the command's whole output before that line). That case counts as the command's output and exit 0: a failed
     * Karaf command prints its error, which the callers' checks of the output see.
     */
    Shell.Result console(final int site, final String... command) {
        final List<String> args = new ArrayList<>(List.of("console", Integer.toString(site)));
        args.addAll(Arrays.asList(command));
        final Shell.Result result = run(60, args.toArray(String[]::new));
        final String output = result.output().stripTrailing();
        if (result.exit() == 255 && output.endsWith(SSH_CLOSED_FIRST)) {
            return new Shell.Result(0, output.substring(0, output.length() - SSH_CLOSED_FIRST.length()));
        }
        return result;
    }

    /** Packets the underlay guard dropped because they carried nested-VM addresses: {arp, ip}. */
    long[] guard() {
        final String out = run(30, "guard").output();
        final Matcher m = Pattern.compile("arp=(\\d+) ip=(\\d+)").matcher(out);
        return m.find() ? new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))} : new long[] {-1, -1};
    }

    String karafLogTail(final int site) {
        final String log = run(30, "controller", "log", Integer.toString(site)).output();
        final List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
