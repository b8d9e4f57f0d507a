/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command and returns its exit code and output (stdout and stderr together). */
final class Shell {
    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    private Shell() {
    }

    static Result run(final String... command) {
        return run(60, command);
    }

    static Result run(final int timeoutSeconds, final String... command) {
        try {
            final Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            process.getOutputStream().close();
            final byte[][] out = new byte[1][];
            final Thread reader = new Thread(() -> {
                try {
                    out[0] = process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = new byte[0];
                }
            });
            reader.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                reader.join(2000);
                return new Result(-1, "timed out after " + timeoutSeconds + "s: " + String.join(" ", command));
            }
            reader.join(5000);
            return new Result(process.exitValue(),
                out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-2, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-3, e.toString());
        }
    }
}
