/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendaylight.vias.impl.nat.NatService;
import org.opendaylight.vias.nat.AllocatorCounters;
import org.opendaylight.vias.nat.DropReason;
import org.opendaylight.vias.nat.NatController;
import org.opendaylight.vias.nat.NatMapping;
import org.opendaylight.vias.rules.Ipv4Prefix;

/**
 * {@code vias:nat}: the SDN NAT's mappings and counters ({@code list}), and static mappings ({@code add},
 * {@code remove}). The same as the RPCs get-nat-mappings, nat-add-static-mapping and nat-remove-mapping.
 */
@Service
@Command(scope = "vias", name = "nat", description = "NAT mappings: list | add <tcp|udp> <internal-ip:port> "
    + "<external-port> | remove <tcp|udp> <external-port>")
public final class NatCommand implements Action {
    static final String USAGE = "usage: vias:nat list | vias:nat add <tcp|udp> <internal-ip:port> <external-port>"
        + " | vias:nat remove <tcp|udp> <external-port>";

    @Reference
    private NatService nat;

    @Argument(index = 0, name = "action", required = false, description = "list (default), add or remove")
    private String action;

    @Argument(index = 1, name = "arguments", required = false, multiValued = true,
        description = "add: <tcp|udp> <internal-ip:port> <external-port>; remove: <tcp|udp> <external-port>")
    private List<String> arguments;

    @Override
    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public Object execute() {
        System.out.print(run(action, arguments == null ? List.of() : arguments));
        return null;
    }

    private String run(final String verb, final List<String> args) {
        try {
            if (verb == null || "list".equals(verb)) {
                return render(nat.mappings(), nat.currentStatus(), Instant.now());
            }
            if ("add".equals(verb)) {
                if (args.size() != 3) {
                    return "Error: add takes 3 arguments\n" + USAGE + "\n";
                }
                final int colon = args.get(1).lastIndexOf(':');
                if (colon < 0) {
                    return "Error: internal: '" + args.get(1) + "' is not <ip:port>\n";
                }
                final NatMapping m = nat.addStatic(args.get(0), args.get(1).substring(0, colon),
                    port("internal port", args.get(1).substring(colon + 1)), port("external-port", args.get(2)));
                return "Added " + m + "\n";
            }
            if ("remove".equals(verb)) {
                if (args.size() != 2) {
                    return "Error: remove takes 2 arguments\n" + USAGE + "\n";
                }
                return "Removed " + nat.remove(args.get(0), port("external-port", args.get(1))) + "\n";
            }
            return "Error: unknown action '" + verb + "'\n" + USAGE + "\n";
        } catch (NatService.NatException e) {
            return "Error: " + e.getMessage() + "\n";
        }
    }

    private static int port(final String field, final String text) throws NatService.NatException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new NatService.NatException(field + ": '" + text + "' is not a port number", e);
        }
    }

    static String render(final List<NatService.MappingView> mappings, final NatService.Status status,
            final Instant now) {
        final StringBuilder sb = new StringBuilder();
        if (status.setup() == null) {
            sb.append("NAT is off").append(status.lastError() == null ? "" : " (" + status.lastError() + ")")
                .append('\n');
            return sb.toString();
        }
        sb.append("NAT ").append(status.setup().nat()).append(", uplink ").append(status.setup().uplink())
            .append(status.setup().upstreamGateway() == null ? ""
                : " via " + Ipv4Prefix.format(status.setup().upstreamGateway())).append('\n');
        sb.append(String.format("  %-4s %-5s %-21s %-21s %-7s %8s %10s %10s%n", "id", "proto", "internal",
            "external", "type", "idle", "pkts-out", "pkts-in"));
        for (NatService.MappingView view : mappings) {
            final NatMapping m = view.mapping();
            sb.append(String.format("  %-4d %-5s %-21s %-21s %-7s %8s %10d %10d%n", m.id(), m.protocol().lowerName(),
                m.internal(), m.external(), m.isStatic() ? "static" : "dynamic",
                view.lastUsed() == null ? "-" : Duration.between(view.lastUsed(), now).toSeconds() + "s",
                view.packetsOut(), view.packetsIn()));
        }
        sb.append(mappings.size()).append(" mapping(s)\n");
        final AllocatorCounters c = status.counters();
        sb.append("Counters: allocations ").append(c.allocated()).append(", reused ").append(c.reused())
            .append(", static ").append(c.staticAdded()).append(", released ").append(c.released() + c.expired())
            .append(", exhausted ").append(c.exhausted()).append(", active ").append(c.active())
            .append(", echo ").append(status.echoMappings()).append('\n');
        sb.append("Drops:");
        if (status.drops().isEmpty() && status.unreadable() == 0) {
            sb.append(" none");
        }
        for (Map.Entry<DropReason, Long> entry : status.drops().entrySet()) {
            sb.append(' ').append(entry.getKey()).append('=').append(entry.getValue());
        }
        if (status.unreadable() > 0) {
            sb.append(" UNREADABLE_NOTIFICATION=").append(status.unreadable());
        }
        sb.append('\n');
        for (Map.Entry<String, Map<Integer, NatController.NextHop>> bridge : status.nextHops().entrySet()) {
            sb.append("Next hops on ").append(bridge.getKey()).append(':');
            bridge.getValue().forEach((address, hop) -> sb.append(' ').append(Ipv4Prefix.format(address))
                .append(" is ").append(hop.mac()).append(" port ").append(hop.port()));
            sb.append('\n');
        }
        if (status.lastError() != null) {
            sb.append("Last error: ").append(status.lastError()).append('\n');
        }
        return sb.toString();
    }
}
