/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Function;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.dtls.Fingerprint;
import org.opendaylight.vias.overlay.forwarding.EthernetFrames;
import org.opendaylight.vias.overlay.forwarding.RouteTable;
import org.opendaylight.vias.overlay.tap.TapOffloads;

/**
 * Reads an {@link OverlayConfig} from a properties file:
 * <pre>
 * uid=0123...(40 hex)          # required
 * mode=switch                  # switch | router
 * listen=0.0.0.0:5800
 * underlay.mtu=1500
 * security=dtls                # dtls | none
 * identity.dir=/var/lib/vias-overlay   # node.key / node.crt (without trust.ca: created if missing)
 * trust.ca=/etc/vias/ca.crt    # optional: peers must present a certificate of this overlay CA binding their uid
 * trust.revocations=/etc/vias/revoked.list   # optional, with trust.ca: re-read every second (overlay-ca revoke)
 * tap.name=ipop0
 * tap.queues=1
 * tap.offloads=tso,gro         # TAP offloads: tso, gro, tso,gro or none (default: -Dvias.overlay.tapOffloads, else
 *                              # tso,gro); the wire is the same either way
 * tap.mac=02:00:00:00:00:01    # optional
 * tap.mtu=                     # optional, default: derived from underlay.mtu
 * tap.address=10.251.0.1/24    # optional IPv4 CIDR
 * status.file=/run/vias-overlay.status   # optional
 * status.interval=10
 * peer.NAME.uid=...
 * peer.NAME.address=10.250.0.2:5800
 * peer.NAME.fingerprint=...    # SHA-256 of the peer's certificate: CA-less pinning, only without trust.ca
 * peer.NAME.routes=10.251.0.2/32,10.9.0.0/16   # router mode only
 * </pre>
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    public static OverlayConfig load(Path file) throws IOException {
        final Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        return parse(props, file.toAbsolutePath().getParent());
    }

    /** Relative paths in the properties resolve against {@code base}. */
    public static OverlayConfig parse(Properties props, Path base) {
        final Uid uid = field(props, "uid", null, Uid::parse);
        final OverlayConfig.Mode mode = field(props, "mode", "switch",
            v -> OverlayConfig.Mode.valueOf(v.toUpperCase(Locale.ROOT)));
        final InetSocketAddress listen = field(props, "listen", "0.0.0.0:5800", ConfigLoader::socketAddress);
        final int underlayMtu = field(props, "underlay.mtu", "1500", Integer::parseInt);
        final OverlayConfig.Security security = field(props, "security", "dtls",
            v -> OverlayConfig.Security.valueOf(v.toUpperCase(Locale.ROOT)));
        final Path identityDir = field(props, "identity.dir", null, v -> base == null ? Path.of(v) : base.resolve(v));
        final String tapName = field(props, "tap.name", "ipop0", Function.identity());
        final int tapQueues = field(props, "tap.queues", "1", Integer::parseInt);
        final TapOffloads tapOffloads = field(props, "tap.offloads", TapOffloads.configuredDefault(),
            TapOffloads::parse);
        final byte[] tapMac = field(props, "tap.mac", null, EthernetFrames::parseMac);
        final int tapMtu = field(props, "tap.mtu", "0", Integer::parseInt);
        final String tapAddress = field(props, "tap.address", null, v -> {
            Ipv4.Cidr.parse(v);
            return v;
        });
        final Path statusFile = field(props, "status.file", null, v -> base == null ? Path.of(v) : base.resolve(v));
        final int statusInterval = field(props, "status.interval", "10", Integer::parseInt);
        final Path trustCa = field(props, "trust.ca", null, v -> base == null ? Path.of(v) : base.resolve(v));
        final Path trustRevocations = field(props, "trust.revocations", null,
            v -> base == null ? Path.of(v) : base.resolve(v));

        final TreeSet<String> names = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("peer.")) {
                final int dot = key.indexOf('.', 5);
                if (dot < 0) {
                    throw new IllegalArgumentException(key + ": expected peer.NAME.uid/address/fingerprint/routes");
                }
                names.add(key.substring(5, dot));
            }
        }
        final List<PeerConfig> peers = new ArrayList<>();
        for (String name : names) {
            final String prefix = "peer." + name + ".";
            final Uid peerUid = field(props, prefix + "uid", null, Uid::parse);
            final InetSocketAddress address = field(props, prefix + "address", null, ConfigLoader::socketAddress);
            final Fingerprint fingerprint = field(props, prefix + "fingerprint", null, Fingerprint::parse);
            final List<RouteTable.Route> routes = field(props, prefix + "routes", "", v -> {
                final List<RouteTable.Route> list = new ArrayList<>();
                for (String cidr : v.split(",")) {
                    if (!cidr.isBlank()) {
                        list.add(RouteTable.Route.parse(cidr, peerUid));
                    }
                }
                return list;
            });
            peers.add(new PeerConfig(name, peerUid, address, fingerprint, routes));
        }
        return new OverlayConfig(uid, mode, listen, underlayMtu, security, identityDir, tapName, tapQueues, tapMac,
            tapMtu, tapAddress, peers, statusFile, statusInterval, trustCa, trustRevocations, tapOffloads);
    }

    /** Reads a field, converting errors into "key: message" so the user knows which line is wrong. */
    private static <T> T field(Properties props, String key, String defaultValue, Function<String, T> parser) {
        final String raw = props.getProperty(key, defaultValue);
        final String value = raw == null ? null : raw.trim();
        if (value == null || value.isEmpty() && defaultValue == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    /** "ip:port" or "[v6]:port"; numeric addresses only, no DNS lookups. */
    static InetSocketAddress socketAddress(String text) {
        final int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("must be ip:port, got '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!host.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("must be a numeric ip:port, got '" + text + "'");
        }
        final int port = Integer.parseInt(text.substring(colon + 1));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("must be a numeric ip:port, got '" + text + "'", e);
        }
    }
}
