/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the host's sockets from {@code /proc/net/{tcp,tcp6,udp,udp6,icmp,icmp6}} (Linux). Pass {@code /proc/net}
 * for the controller's own network namespace, or {@code /proc/<pid>/net} of a process inside the host's namespace.
 *
 * <p>Every socket bound to the host address or to a wildcard ({@code 0.0.0.0}, {@code ::}, or the v4-mapped host
 * address) counts, in any state: a listener would be shadowed by the incoming NAT entry, and a connected socket's
 * replies would be too. ICMP "ports" are the identifiers of the host's own ping sockets.
 *
 * <p>The kernel prints each 32-bit address word in the host's byte order, hence {@code byteOrder}.
 */
public final class ProcNetPortProbe implements HostPortProbe {
    private final Path procNet;
    private final ByteOrder byteOrder;

    public ProcNetPortProbe(final Path procNet) {
        this(procNet, ByteOrder.nativeOrder());
    }

    public ProcNetPortProbe(final Path procNet, final ByteOrder byteOrder) {
        this.procNet = procNet;
        this.byteOrder = byteOrder;
    }

    @Override
    public Set<Integer> portsInUse(final NatProtocol protocol, final int hostAddress) {
        final String base = protocol.lowerName();
        final Set<Integer> ports = new HashSet<>();
        // The IPv4 table must exist (it always does on Linux); a missing v6 table only means IPv6 is off.
        collect(procNet.resolve(base), hostAddress, ports, false);
        collect(procNet.resolve(base + "6"), hostAddress, ports, true);
        return ports;
    }

    private void collect(final Path table, final int hostAddress, final Set<Integer> ports,
            final boolean optional) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (NoSuchFileException e) {
            if (optional) {
                return;
            }
            throw new UncheckedIOException("cannot read host sockets from " + table, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read host sockets from " + table, e);
        }
        for (String line : lines) {
            final Integer port = localPortIfOnHost(line, hostAddress);
            if (port != null) {
                ports.add(port);
            }
        }
    }

    /** The local port of one table line if its local address is the host's or a wildcard; null otherwise. */
    Integer localPortIfOnHost(final String line, final int hostAddress) {
        final String[] fields = line.trim().split("\\s+");
        // "sl local_address rem_address st ...": skip the header and anything not shaped like a socket line.
        if (fields.length < 4 || !fields[0].endsWith(":")) {
            return null;
        }
        final int colon = fields[1].indexOf(':');
        if (colon < 0) {
            return null;
        }
        final String addressHex = fields[1].substring(0, colon);
        final int port;
        try {
            port = Integer.parseInt(fields[1].substring(colon + 1), 16);
        } catch (NumberFormatException e) {
            return null;
        }
        return matchesHost(addressHex, hostAddress) ? port : null;
    }

    private boolean matchesHost(final String hex, final int hostAddress) {
        if (hex.length() == 8) {
            final int address = word(hex, 0);
            return address == 0 || address == hostAddress;
        }
        if (hex.length() == 32) {
            final int w0 = word(hex, 0);
            final int w1 = word(hex, 8);
            final int w2 = word(hex, 16);
            final int w3 = word(hex, 24);
            if (w0 != 0 || w1 != 0) {
                return false;
            }
            // :: (dual-stack wildcard) or ::ffff:a.b.c.d (v4-mapped host address)
            return w2 == 0 && w3 == 0 || w2 == 0x0000ffff && w3 == hostAddress;
        }
        return false;
    }

    /** One address word as the kernel printed it, turned into network order. */
    private int word(final String hex, final int offset) {
        final int printed = (int) Long.parseLong(hex.substring(offset, offset + 8), 16);
        return byteOrder == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(printed) : printed;
    }
}
