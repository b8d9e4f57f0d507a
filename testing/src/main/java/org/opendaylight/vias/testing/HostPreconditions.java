/*
 * Copyright (c) 2026 VIAS authors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What an end-to-end test needs of its host, stated once: JUnit assumptions, so that a developer running one
 * module by hand gets a skip, and {@link StrictEnvironment} makes each one a failure in scripts/test.
 *
 * <p>scripts/check-tools reads the string literals of every {@code requireTools(...)} call and fails when
 * scripts/setup-host does not install one of them: keep the tool names literal.
 */
public final class HostPreconditions {
    private HostPreconditions() {
    }

    /** The test runs as root (network namespaces, TAP devices, Open vSwitch). */
    public static void requireRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")) || "0".equals(run("id", "-u")),
            "needs root (network namespaces, TAP devices, Open vSwitch)");
    }

    /** Every named program is on PATH. */
    public static void requireTools(final String... tools) {
        for (String tool : tools) {
            assumeTrue(onPath(tool), "missing tool " + tool + " (scripts/setup-host installs it)");
        }
    }

    /** ovsdb-server and ovs-vswitchd answer (scripts/setup-host starts them). */
    public static void requireOpenVswitch() {
        requireTools("ovs-vsctl");
        assumeTrue(run("ovs-vsctl", "--timeout=5", "show") != null,
            "Open vSwitch is not running (scripts/setup-host starts it)");
    }

    /** The built Karaf distribution exists (scripts/test builds it before the it/ module). */
    public static void requireAssembly(final Path assembly) {
        assumeTrue(Files.isExecutable(assembly.resolve("bin/karaf")), "no Karaf assembly at " + assembly
            + " (build it with ./mvnw install)");
    }

    /** Nothing listens on this TCP port of the host's loopback (a controller the test boots must get it). */
    public static void requirePortFree(final int port) {
        boolean free;
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            free = true;
        } catch (IOException e) {
            free = false;
        }
        assumeTrue(free, "port " + port + " is taken on this host (another controller still running?)");
    }

    private static boolean onPath(final String tool) {
        return run("sh", "-c", "command -v '" + tool.replace("'", "") + "'") != null;
    }

    /** Runs a short command; its trimmed output when it exited 0, else null. */
    private static String run(final String... command) {
        try {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
