/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs commands on the host and in network namespaces, for the overlay ITs and their clean-up. */
final class Netns {
    private Netns() {
    }

    /** Result of a finished command. */
    record Result(int exit, String output) {
        Result check(String what) {
            if (exit != 0) {
                throw new IllegalStateException(what + " failed (exit " + exit + "): " + output);
            }
            return this;
        }
    }

    static Result run(long timeoutSeconds, String... command) {
        try {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    static Result sh(String script) {
        return run(60, "bash", "-c", script);
    }

    static Result in(String ns, long timeoutSeconds, String... command) {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(Arrays.asList(command));
        return run(timeoutSeconds, full.toArray(String[]::new));
    }

    /** Starts a long-running process in a namespace, output to {@code log}. */
    static Process start(String ns, File log, String... command) throws IOException {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(Arrays.asList(command));
        return new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log).start();
    }

    /** Kills whatever runs in the namespaces and deletes them; safe to call when they do not exist. */
    static void deleteNamespaces(String... names) {
        for (String ns : names) {
            sh("pids=$(ip netns pids " + ns + " 2>/dev/null); [ -n \"$pids\" ] && kill -9 $pids; "
                + "ip netns del " + ns + " 2>/dev/null; true");
        }
    }
}
