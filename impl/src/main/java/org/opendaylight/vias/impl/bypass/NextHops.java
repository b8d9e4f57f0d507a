/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.rules.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ethernet next hop towards an underlay address, from the kernel tables of the controller's network namespace
 * (the host's): {@code /proc/net/route} gives the gateway (or none when the address is on-link), {@code /proc/net/arp}
 * the gateway's or the address's MAC. The ICE link to a peer normally already put that entry there; when it is
 * missing, {@link #trigger} sends one UDP datagram to the next hop so the kernel resolves it, and the caller asks
 * again.
 */
public final class NextHops {
    private static final Logger LOG = LoggerFactory.getLogger(NextHops.class);
    /** The discard port: a datagram there only makes the kernel resolve the next hop. */
    private static final int DISCARD_PORT = 9;
    private static final int ATF_COM = 0x2;

    /** One row of the IPv4 routing table. */
    public record Route(String device, int destination, int gateway, int mask, int metric) {
        boolean matches(final int ip) {
            return (ip & mask) == destination;
        }
    }

    private final Supplier<List<String>> routeTable;
    private final Supplier<List<String>> arpTable;

    public NextHops(final Supplier<List<String>> routeTable, final Supplier<List<String>> arpTable) {
        this.routeTable = routeTable;
        this.arpTable = arpTable;
    }

    /** Reads the controller's own namespace's tables. */
    public static NextHops ofProc() {
        return new NextHops(() -> lines(Path.of("/proc/net/route")), () -> lines(Path.of("/proc/net/arp")));
    }

    private static List<String> lines(final Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", file, e.getMessage());
            return List.of();
        }
    }

    /** The address whose MAC the packets to {@code ip} carry: the route's gateway, or {@code ip} when on-link. */
    public int nextHopAddress(final int ip) {
        Route best = null;
        for (Route route : parseRoutes(routeTable.get())) {
            if (route.matches(ip) && (best == null || better(route, best))) {
                best = route;
            }
        }
        return best == null || best.gateway() == 0 ? ip : best.gateway();
    }

    /** Longest prefix first, then lowest metric. */
    private static boolean better(final Route route, final Route than) {
        final int bits = Integer.bitCount(route.mask());
        final int otherBits = Integer.bitCount(than.mask());
        return bits > otherBits || bits == otherBits && route.metric() < than.metric();
    }

    /** The MAC of the next hop towards {@code ip}, when the neighbour table has a complete entry for it. */
    public Optional<MacAddress> resolve(final int ip) {
        return lookup(parseArp(arpTable.get()), nextHopAddress(ip));
    }

    /** Makes the kernel resolve the next hop towards {@code ip} (one datagram to its discard port). */
    public void trigger(final int ip) {
        try (DatagramSocket socket = new DatagramSocket()) {
            final InetAddress target = InetAddress.getByName(Ipv4.format(ip));
            socket.send(new DatagramPacket(new byte[0], 0, target, DISCARD_PORT));
        } catch (UnknownHostException e) {
            LOG.debug("Cannot resolve next hop of {}: {}", Ipv4.format(ip), e.getMessage());
        } catch (IOException e) {
            LOG.debug("Datagram to {} to resolve its next hop failed: {}", Ipv4.format(ip), e.getMessage());
        }
    }

    /** Complete entries of {@code /proc/net/arp}: address and MAC; header, incomplete and malformed rows skipped. */
    public static List<ArpEntry> parseArp(final List<String> lines) {
        final List<ArpEntry> out = new ArrayList<>();
        for (String line : lines) {
            final String[] f = line.trim().split("\\s+");
            if (f.length < 6 || !f[1].startsWith("0x")) {
                continue;
            }
            try {
                final int flags = Integer.parseInt(f[2].substring(2), 16);
                final MacAddress mac = MacAddress.of(f[3].toLowerCase(Locale.ROOT));
                if ((flags & ATF_COM) == 0 || "00:00:00:00:00:00".equals(mac.value())) {
                    continue;
                }
                out.add(new ArpEntry(Ipv4.parse(f[0]), mac, f[5]));
            } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
                LOG.debug("Skipping /proc/net/arp row '{}': {}", line, e.getMessage());
            }
        }
        return out;
    }

    /** One complete neighbour entry. */
    public record ArpEntry(int address, MacAddress mac, String device) {
    }

    /** Rows of {@code /proc/net/route} (addresses are little-endian hex there); header and malformed rows skipped. */
    public static List<Route> parseRoutes(final List<String> lines) {
        final List<Route> out = new ArrayList<>();
        for (String line : lines) {
            final String[] f = line.trim().split("\\s+");
            if (f.length < 8 || "Iface".equals(f[0])) {
                continue;
            }
            try {
                final int flags = Integer.parseInt(f[3], 16);
                if ((flags & 0x1) == 0) {
                    // RTF_UP not set.
                    continue;
                }
                out.add(new Route(f[0], littleEndian(f[1]), littleEndian(f[2]), littleEndian(f[7]),
                    Integer.parseInt(f[6])));
            } catch (NumberFormatException e) {
                LOG.debug("Skipping /proc/net/route row '{}': {}", line, e.getMessage());
            }
        }
        return out;
    }

    private static Optional<MacAddress> lookup(final List<ArpEntry> entries, final int ip) {
        for (ArpEntry entry : entries) {
            if (entry.address() == ip) {
                return Optional.of(entry.mac());
            }
        }
        return Optional.empty();
    }

    private static int littleEndian(final String hex) {
        if (hex.length() != 8) {
            throw new NumberFormatException("not 8 hex digits: " + hex);
        }
        return Integer.reverseBytes(Integer.parseUnsignedInt(hex, 16));
    }
}
