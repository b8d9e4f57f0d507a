/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The VIAS Karaf distribution as a child process: {@code bin/karaf server} on a clean data directory (optionally
 * inside a network namespace, through a launch prefix such as {@code ip netns exec NS}), stopped with all its
 * descendants. Its pid goes to a file, so a run that died without cleaning up is cleaned up by the next.
 *
 * <p>{@link #boot} fails on a controller whose boot stalled, with the evidence. The ODL container has been seen
 * never finishing its boot on a clean data directory under load (AAA's password-service bootstrap never gets its
 * config, so RESTCONF answers 401 until SystemReady gives up after 5 minutes); the product repairs that itself
 * (impl's {@code AaaBootWatchdog} restarts AAA's bundle and logs it). The harness does not restart anything: a
 * stall that outlives the product's repair, or any other, is a failure that names it and keeps the log.
 */
final class Karaf implements AutoCloseable {
    static final String JAVA_HOME = "/usr/lib/jvm/java-17-openjdk-amd64";
    /**
     * A healthy boot takes 20-120 s here (two controllers booting at once on 2 cores being the slow case); the
     * property {@code vias.it.boot-wait-seconds} changes it.
     */
    static final Duration BOOT_WAIT = Duration.ofSeconds(Long.getLong("vias.it.boot-wait-seconds", 240));
    /**
     * AAA's password-service bootstrap logs {@link #AAA_LISTENING} when it registers for its config and, in a healthy
     * boot, {@link #AAA_CONFIGURED} within milliseconds, once the config datastore told it there is none. In the
     * stall the datastore never tells it, and the product's AAA watchdog restarts the bundle after 30 s, up to three
     * times 30 s apart. A boot that logged the first line this long ago and not the second has outlived those repairs
     * and is stalled, without waiting for {@link #BOOT_WAIT}.
     */
    static final Duration AAA_CONFIG_WAIT = Duration.ofSeconds(120);
    static final String AAA_LISTENING = "Listening for password service configuration";
    static final String AAA_CONFIGURED = "DefaultPasswordHashService will utilize";
    static final String SYSTEM_READY_FAILED = "Failed, some bundles did not start";
    private static final long LOG_CHECK_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final String AAA_STALL = "AAA's password-service config never came";

    private static final String SHELL_ACL = "org.apache.karaf.command.acl.shell.cfg";

    private final Path home;
    private final Path workDir;
    private final String name;
    private final List<String> launchPrefix;
    private final Map<String, String> environment;
    private final Path pidFile;
    private final Path log;
    private Process process;
    /** What {@code etc/org.ops4j.pax.web.cfg} holds at each start; null: no file, Karaf writes it. */
    private String paxWebConfig;

    Karaf(final Path home, final Path workDir) {
        this(home, workDir, "karaf-it", List.of(), Map.of());
    }

    /**
     * A controller run from {@code home}. Its console goes to {@code workDir/NAME.log}; {@code launchPrefix} comes
     * before {@code bin/karaf server} (and before the SSH console client); {@code environment} is added
     * to the process's.
     */
    Karaf(final Path home, final Path workDir, final String name, final List<String> launchPrefix,
            final Map<String, String> environment) {
        this.home = home.toAbsolutePath();
        this.workDir = workDir;
        this.name = name;
        this.launchPrefix = List.copyOf(launchPrefix);
        this.environment = Map.copyOf(environment);
        this.pidFile = workDir.resolve(name + ".pid");
        this.log = workDir.resolve(name + ".log");
    }

    Path log() {
        return log;
    }

    Path home() {
        return home;
    }

    /** Karaf's own log (not the console): {@code data/log/karaf.log} under its home. */
    Path karafLog() {
        return home.resolve("data/log/karaf.log");
    }

    /** Kills a Karaf left running by an earlier run of these tests (recorded pid only). */
    void killLeftover() throws IOException {
        if (Files.exists(pidFile)) {
            final long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).ifPresent(Karaf::kill);
            Files.deleteIfExists(pidFile);
        }
    }

    /** pax-web's config file, {@code etc/org.ops4j.pax.web.cfg} under Karaf's home. */
    Path paxWebConfigFile() {
        return home.resolve("etc/org.ops4j.pax.web.cfg");
    }

    /** Starts (and restarts) Karaf with this content in {@link #paxWebConfigFile}; {@link #close} removes it. */
    void paxWebConfig(final String content) {
        paxWebConfig = content;
    }

    void start() throws IOException {
        // A clean controller every time: no persisted datastore, no cached bundles from an earlier run.
        for (String dir : new String[] {"data", "journal", "segmented-journal", "snapshots"}) {
            deleteTree(home.resolve(dir));
        }
        // Karaf writes this file from pax-web's feature at first boot; later boots on a wiped data/ rewrite it
        // partially (losing port 8181), so every clean start lets Karaf write it anew, unless a test asks for a
        // given content.
        if (paxWebConfig == null) {
            Files.deleteIfExists(paxWebConfigFile());
        } else {
            Files.writeString(paxWebConfigFile(), paxWebConfig);
        }
        restoreShellAcl();
        final List<String> command = new ArrayList<>(launchPrefix);
        command.add(home.resolve("bin/karaf").toString());
        command.add("server");
        final ProcessBuilder pb = new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", JAVA_HOME);
        pb.environment().putAll(environment);
        process = pb.start();
        Files.writeString(pidFile, Long.toString(process.pid()));
    }

    /**
     * The console's command ACL as the distribution ships it. The ITs run Karaf in place on the built assembly and
     * kill it at the end; once (a clean clone, 2026-12-04) a later boot found this file empty, so the console let
     * {@code admin} run {@code shell:exec} and FoundationIT failed, every run after it on the same assembly too
     * (docs/known-issues.md). Each clean start puts the shipped file back, so what one test's Karaf left behind does
     * not decide another's; a boot that empties it itself still fails FoundationIT. Each restore is noted in
     * {@code NAME-acl-restored.log}.
     */
    private void restoreShellAcl() throws IOException {
        final Path shipped = home.resolve("../../src/main/assembly/etc/" + SHELL_ACL).normalize();
        final Path used = home.resolve("etc/" + SHELL_ACL);
        if (!Files.isRegularFile(shipped)) {
            // an assembly from elsewhere (-Dvias.assembly): used as it is
            return;
        }
        final byte[] want = Files.readAllBytes(shipped);
        if (!Files.isRegularFile(used) || !Arrays.equals(want, Files.readAllBytes(used))) {
            final long had = Files.isRegularFile(used) ? Files.size(used) : -1;
            Files.write(used, want);
            Files.writeString(workDir.resolve(name + "-acl-restored.log"), LocalDateTime.now() + " restored etc/"
                + SHELL_ACL + " (it had " + had + " bytes)\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /**
     * Starts the controller and waits until {@code ready}. A boot that is not ready within {@link #BOOT_WAIT}, or
     * whose log shows a {@link #knownStall} sooner, fails the test with the report (non-active bundles, the log
     * kept as {@code NAME-stalled-karaf.log}): the product repairs the one known stall itself, so anything left is
     * a defect to see, not to retry.
     *
     * @throws AssertionError if Karaf exits, or the boot does not become ready
     */
    void boot(final String what, final BooleanSupplier ready) throws IOException, InterruptedException {
        start();
        final long started = System.nanoTime();
        final long deadline = started + BOOT_WAIT.toNanos();
        String stalled = null;
        // no known stall can show before AAA_CONFIG_WAIT; the log is megabytes by then: read it every few seconds
        long nextLogCheck = started + AAA_CONFIG_WAIT.toNanos();
        while (stalled == null) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (!alive()) {
                throw new AssertionError("Karaf exited while booting (" + what + ")\n" + consoleTail(30));
            }
            final long now = System.nanoTime();
            if (now >= deadline) {
                stalled = "not ready after " + BOOT_WAIT.toSeconds() + " s";
            } else if (now >= nextLogCheck) {
                nextLogCheck = now + LOG_CHECK_NANOS;
                stalled = knownStall(bootLog(), LocalDateTime.now()).orElse(null);
            }
            if (stalled == null) {
                Thread.sleep(1000);
            }
        }
        final String evidence = stallEvidence();
        final Path kept = workDir.resolve(name + "-stalled-karaf.log");
        if (Files.exists(karafLog())) {
            Files.copy(karafLog(), kept, StandardCopyOption.REPLACE_EXISTING);
        }
        final String console = consoleTail(30);
        close();
        throw new AssertionError("Karaf boot (" + name + ") stalled, " + stalled + " ("
            + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s after start): " + what
            + "; its log is kept as " + kept + "\n" + evidence + "\n" + console);
    }

    /**
     * Whether Karaf's log shows one of the known ways the ODL container fails to boot, judged at {@code now} (the
     * log's own clock: local time): SystemReady's verdict that bundles did not start, or AAA's password-service
     * config not there {@link #AAA_CONFIG_WAIT} after its bootstrap asked for it.
     */
    static Optional<String> knownStall(final List<String> log, final LocalDateTime now) {
        LocalDateTime listening = null;
        for (String line : log) {
            if (line.contains(SYSTEM_READY_FAILED)) {
                return Optional.of("SystemReady: some bundles did not start");
            }
            if (line.contains(AAA_CONFIGURED)) {
                return Optional.empty();
            }
            if (listening == null && line.contains(AAA_LISTENING)) {
                listening = logTime(line);
            }
        }
        if (listening != null && Duration.between(listening, now).compareTo(AAA_CONFIG_WAIT) > 0) {
            return Optional.of(AAA_STALL + " (\"" + AAA_LISTENING + "\" at "
                + listening + ", no \"" + AAA_CONFIGURED + "\" since)");
        }
        return Optional.empty();
    }

    /** The timestamp Karaf's log layout starts each line with ({@code 2026-11-25T17:30:44,670 | INFO | ...}). */
    private static LocalDateTime logTime(final String line) {
        final int bar = line.indexOf(" |");
        try {
            return LocalDateTime.parse((bar > 0 ? line.substring(0, bar) : line).trim().replace(',', '.'));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private List<String> bootLog() {
        try {
            return Files.exists(karafLog()) ? Files.readAllLines(karafLog()) : List.of();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    /** What a stalled boot is waiting for: Karaf's own bundle diagnosis and SystemReady's verdict, if any. */
    private String stallEvidence() {
        final String diag = console("bundle:diag").lines().limit(60).collect(Collectors.joining("\n"));
        String verdict = "";
        try {
            if (Files.exists(karafLog())) {
                try (Stream<String> lines = Files.lines(karafLog())) {
                    verdict = lines.filter(line -> line.contains("SystemReady") && line.contains("Failed")
                        || line.contains("| ERROR |")).limit(10).collect(Collectors.joining("\n"));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            verdict = "(karaf.log unreadable: " + e + ")";
        }
        return "--- bundle:diag ---\n" + diag + (verdict.isEmpty() ? "" : "\n--- karaf.log errors ---\n" + verdict);
    }

    /** A Karaf console command over SSH (karaf/karaf on 8101, from inside the launch prefix's namespace). */
    String console(final String command) {
        return console(command, "karaf");
    }

    /** A Karaf console command over SSH as {@code karaf} with {@code password}, from the launch prefix's namespace. */
    String console(final String command, final String password) {
        final List<String> ssh = new ArrayList<>(launchPrefix);
        ssh.addAll(List.of("sshpass", "-p", password, "ssh", "-p", "8101", "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "karaf@127.0.0.1", command));
        return Shell.run(60, ssh.toArray(String[]::new)).output();
    }

    /**
     * Whether a RESTCONF answer for {@code vias:state} means RESTCONF is up with the vias model: 200, or RESTCONF's
     * own "data-missing" error. A bare 404 does not count: Jetty answers it before RESTCONF is registered.
     */
    static boolean restconfReady(final int status, final String body) {
        return status == 200 || body.contains("data-missing");
    }

    /** The last WARN and ERROR lines of Karaf's own log ({@code data/log/karaf.log}), for failure messages. */
    String problems(final int count) {
        final Path karafLog = karafLog();
        try (Stream<String> lines = Files.lines(karafLog)) {
            final List<String> bad = lines.filter(line -> line.contains("| WARN ") || line.contains("| ERROR "))
                .toList();
            return "--- " + karafLog + " (last WARN/ERROR lines) ---\n"
                + String.join("\n", bad.subList(Math.max(0, bad.size() - count), bad.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(no " + karafLog + ": " + e + ")";
        }
    }

    /** The last lines of the Karaf console (the process's stdout). */
    String consoleTail(final int count) {
        try {
            final List<String> lines = Files.readAllLines(log);
            return "--- karaf console (last lines) ---\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no karaf console log: " + e + ")";
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    static boolean listening(final int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        if (process != null) {
            kill(process.toHandle());
            process = null;
        }
        Files.deleteIfExists(pidFile);
        if (paxWebConfig != null) {
            // a test's own content is not left in the home for whoever starts it next
            Files.deleteIfExists(paxWebConfigFile());
        }
    }

    private static void kill(final ProcessHandle handle) {
        final var descendants = handle.descendants().toList();
        handle.destroy();
        descendants.forEach(ProcessHandle::destroy);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (ProcessHandle each : Stream.concat(Stream.of(handle), descendants.stream()).toList()) {
            while (each.isAlive() && System.nanoTime() < deadline) {
                try {
                    each.onExit().get(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException | TimeoutException e) {
                    // keep waiting until the deadline
                }
            }
            if (each.isAlive()) {
                each.destroyForcibly();
            }
        }
    }

    private static void deleteTree(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
