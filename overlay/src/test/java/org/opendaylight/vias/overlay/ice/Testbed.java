/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Drives scripts/testbed and scripts/testbed-node for the connectivity ITs: real Prosody, coturn, NAT namespaces
 * and node processes. Every node started here is killed by {@link #close()}, which also tears the testbed down.
 */
final class Testbed implements AutoCloseable {
    static final Path ROOT = findRoot();
    static final Path RUN_DIR = Path.of("/tmp/vias-testbed");
    private final List<Process> nodes = new ArrayList<>();

    private static Path findRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scripts/testbed"))) {
            p = p.getParent();
        }
        return p;
    }

    /** Null if the ITs can run here, else why not. */
    /** What scripts/testbed needs of this host: JUnit assumptions (failures in scripts/test). */
    static void requireHost() {
        assumeTrue(ROOT != null, "scripts/testbed not found");
        requireRoot();
        requireTools("prosody", "prosodyctl", "turnserver", "iperf3", "iptables", "ip", "ping");
    }

    static Testbed up(int sites, String nat) throws Exception {
        final Testbed tb = new Testbed();
        tb.run(60, "scripts/testbed", "up", "--sites", Integer.toString(sites), "--nat", nat);
        return tb;
    }

    /** Runs a command to completion, returns its output; fails on a non-zero exit. */
    String run(int timeoutSeconds, String... cmd) throws Exception {
        final Result r = exec(timeoutSeconds, cmd);
        if (r.code != 0) {
            throw new AssertionError(String.join(" ", cmd) + " exited " + r.code + ":\n" + r.output);
        }
        return r.output;
    }

    record Result(int code, String output) {
    }

    Result exec(int timeoutSeconds, String... cmd) throws Exception {
        final ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        final Path out = Files.createTempFile("vias-it", ".out");
        pb.redirectOutput(out.toFile());
        final Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " timed out:\n" + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Starts a discovery node in SITE (options as scripts/testbed-node); output goes to nodes/SITE/node.log. */
    Process node(int site, String... options) throws IOException {
        final List<String> cmd = new ArrayList<>(List.of("scripts/testbed-node", Integer.toString(site)));
        cmd.addAll(List.of(options));
        final Path log = log(site);
        Files.createDirectories(log.getParent());
        final ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile());
        final Map<String, String> env = pb.environment();
        final String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        env.put("VIAS_NODE_CLASSPATH", cp);
        final Process p = pb.start();
        nodes.add(p);
        return p;
    }

    static Path log(int site) {
        return RUN_DIR.resolve("nodes/" + site + "/node.log");
    }

    static String status(int site) {
        try {
            return Files.readString(RUN_DIR.resolve("nodes/" + site + "/status.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static String logText(int site) {
        try {
            return Files.readString(log(site), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Polls {@code check} every 250 ms until it holds or {@code seconds} pass; returns whether it held. */
    static boolean await(int seconds, java.util.function.BooleanSupplier check) throws InterruptedException {
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (check.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return check.getAsBoolean();
    }

    /** The status line of SITE's peer {@code peerSite} (UIDs are the site numbers), or "". */
    static String peerLine(int site, int peerSite) {
        final String uid = String.format("%040x", peerSite);
        return status(site).lines().filter(l -> l.startsWith("peer " + uid)).findFirst().orElse("");
    }

    static Predicate<String> linkUp() {
        return l -> l.contains(" link=up");
    }

    String ping(int fromSite, int toSite, int count) throws Exception {
        return exec(count + 10, "scripts/testbed", "exec", Integer.toString(fromSite), "--", "ping", "-c",
            Integer.toString(count), "-i", "0.2", "-W", "1", "10.254.0." + toSite).output;
    }

    /**
     * Starts {@code count} pings from {@code fromSite} to {@code toSite}'s overlay address, one every 100 ms, in the
     * background (killed by {@link #close()} if still running).
     */
    Pinger pingEvery100ms(int fromSite, int toSite, int count) throws IOException {
        final Path out = Files.createTempFile("vias-ping", ".out");
        final Process p = new ProcessBuilder("scripts/testbed", "exec", Integer.toString(fromSite), "--", "ping",
            "-n", "-c", Integer.toString(count), "-i", "0.1", "-W", "1", "10.254.0." + toSite).directory(ROOT.toFile())
            .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        nodes.add(p);
        return new Pinger(p, out, count);
    }

    /** A background ping; {@link #longestGapMillis} waits for it and measures the outage. */
    record Pinger(Process process, Path output, int count) {
        private static final java.util.regex.Pattern SEQ = java.util.regex.Pattern.compile("icmp_seq=(\\d+) ");

        /**
         * Waits for the pings to end; returns the longest time between two answered pings (or the start/end of the
         * run and an answered ping), in ms: 100 when none was lost.
         */
        long longestGapMillis() throws Exception {
            final long waitSeconds = count / 10 + 15;
            if (!process.waitFor(waitSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("ping did not end within " + waitSeconds + " s");
            }
            final String text = Files.readString(output);
            Files.deleteIfExists(output);
            final java.util.TreeSet<Integer> answered = new java.util.TreeSet<>();
            final java.util.regex.Matcher m = SEQ.matcher(text);
            while (m.find()) {
                answered.add(Integer.parseInt(m.group(1)));
            }
            if (answered.isEmpty()) {
                throw new AssertionError("no ping answered:\n" + text);
            }
            int longest = answered.first();
            int previous = answered.first();
            for (int seq : answered) {
                longest = Math.max(longest, seq - previous);
                previous = seq;
            }
            longest = Math.max(longest, count + 1 - answered.last());
            return longest * 100L;
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : nodes) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : nodes) {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        exec(60, "scripts/testbed", "down");
    }
}
