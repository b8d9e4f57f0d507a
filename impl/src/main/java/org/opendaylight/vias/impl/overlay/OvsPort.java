/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.overlay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes the overlay's TAP a port of the managed bridge with {@code ovs-vsctl} (Open vSwitch runs on the
 * controller's host in VIAS). The command inherits the controller's environment, so an {@code OVS_RUNDIR} set for
 * a per-namespace OVS is honoured; {@code OVS_DB} (a database socket such as {@code unix:/run/x/db.sock}) is passed
 * as {@code --db}.
 */
final class OvsPort {
    private static final long TIMEOUT_SECONDS = 10;

    private final Map<String, String> environment;

    OvsPort(final Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * {@code ovs-vsctl --if-exists del-port TAP}, then {@code add-port BRIDGE TAP}. Never just "may exist": a port of
     * that name left by a controller that died names a TAP device that went away with it, and the userspace datapath
     * does not reopen a TAP created anew under the same name (it keeps failing to receive from it), so frames from the
     * overlay would never reach the bridge again. Deleting and adding makes Open vSwitch open the new device.
     */
    void attach(final String bridge, final String tap) throws IOException {
        run(List.of("--if-exists", "del-port", tap));
        pinLocalMtu(bridge);
        run(List.of("add-port", bridge, tap));
    }

    /**
     * Unless the operator chose one, fixes the MTU of the bridge's LOCAL interface at its current value. Open vSwitch
     * otherwise lowers it to the smallest MTU among the bridge's ports, i.e. to the overlay TAP's (the underlay MTU
     * minus the overlay's headers) once the TAP joins; with the host's underlay address on LOCAL, the overlay's own
     * encapsulated packets would then be too big to leave the host, and every full-size frame would be lost.
     */
    private void pinLocalMtu(final String bridge) throws IOException {
        final String requested = run(List.of("get", "interface", bridge, "mtu_request"));
        if (!requested.isEmpty() && !"[]".equals(requested)) {
            return;
        }
        final String current = run(List.of("get", "interface", bridge, "mtu"));
        if (current.matches("[0-9]+")) {
            run(List.of("set", "interface", bridge, "mtu_request=" + current));
        }
    }

    /**
     * Whether {@code bridge}'s datapath takes GSO frames (segments the overlay joined, up to 64 KiB) from the TAP:
     * asks for its {@code datapath_type} and Open vSwitch's {@code other_config:userspace-tso-enable}.
     */
    boolean takesJoinedFrames(final String bridge) throws IOException {
        return takesJoinedFrames(run(List.of("get", "bridge", bridge, "datapath_type")),
            run(List.of("--if-exists", "get", "Open_vSwitch", ".", "other_config:userspace-tso-enable")));
    }

    /**
     * The kernel datapath ({@code system}, or none set) takes GSO frames from a port and segments them where the
     * output needs it. The userspace datapath ({@code netdev}) reads a TAP port through a packet socket: it asks for
     * the virtio_net_hdr, and so takes GSO frames, only with userspace TSO on, and it has no software segmentation
     * for a port that lacks TSO (Open vSwitch 3.1, Documentation/topics/userspace-tso.rst); without it a joined
     * frame does not fit its MTU-sized receive buffer and is dropped ("Dropped packet: Too big. GRO/TSO enabled?").
     * Values as ovs-vsctl prints them (strings may be quoted).
     */
    static boolean takesJoinedFrames(final String datapathType, final String userspaceTso) {
        final String type = unquote(datapathType);
        if (type.isEmpty() || "system".equals(type)) {
            return true;
        }
        return "true".equals(unquote(userspaceTso));
    }

    private static String unquote(final String value) {
        final String v = value == null ? "" : value.trim();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** {@code ovs-vsctl --if-exists del-port BRIDGE TAP}. */
    void detach(final String bridge, final String tap) throws IOException {
        run(List.of("--if-exists", "del-port", bridge, tap));
    }

    /** The ovs-vsctl command line for {@code args}. */
    List<String> command(final List<String> args) {
        final List<String> cmd = new ArrayList<>();
        cmd.add("ovs-vsctl");
        cmd.add("--timeout=" + TIMEOUT_SECONDS);
        final String db = environment.get("OVS_DB");
        if (db != null && !db.isBlank()) {
            cmd.add("--db=" + db);
        }
        cmd.addAll(args);
        return cmd;
    }

    /** Runs ovs-vsctl with {@code args}; returns its output, trimmed. */
    private String run(final List<String> args) throws IOException {
        final List<String> cmd = command(args);
        final Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(TIMEOUT_SECONDS + 5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": no answer within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (exit " + process.exitValue() + "): " + output);
        }
        return output;
    }
}
