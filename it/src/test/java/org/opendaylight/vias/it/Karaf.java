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
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The VIAS Karaf distribution as a child process: {@code bin/karaf server} on a clean data directory, stopped with
 * all its descendants. Its pid goes to a file, so a run that died without cleaning up is cleaned up by the next.
 */
final class Karaf implements AutoCloseable {
    static final String JAVA_HOME = "/usr/lib/jvm/java-17-openjdk-amd64";

    private final Path home;
    private final Path pidFile;
    private final Path log;
    private Process process;

    Karaf(final Path home, final Path workDir) {
        this.home = home;
        this.pidFile = workDir.resolve("karaf-it.pid");
        this.log = workDir.resolve("karaf-it.log");
    }

    Path log() {
        return log;
    }

    /** Kills a Karaf left running by an earlier run of these tests (recorded pid only). */
    void killLeftover() throws IOException {
        if (Files.exists(pidFile)) {
            final long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).ifPresent(Karaf::kill);
            Files.deleteIfExists(pidFile);
        }
    }

    void start() throws IOException {
        // A clean controller every time: no persisted datastore, no cached bundles from an earlier run.
        for (String dir : new String[] {"data", "journal", "segmented-journal", "snapshots"}) {
            deleteTree(home.resolve(dir));
        }
        // Karaf writes this file from pax-web's feature at first boot; later boots on a wiped data/ rewrite it
        // partially (losing port 8181), so every clean start lets Karaf write it anew.
        Files.deleteIfExists(home.resolve("etc/org.ops4j.pax.web.cfg"));
        final ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", JAVA_HOME);
        process = pb.start();
        Files.writeString(pidFile, Long.toString(process.pid()));
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
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
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
