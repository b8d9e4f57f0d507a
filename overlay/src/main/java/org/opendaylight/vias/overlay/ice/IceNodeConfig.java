/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.signal.SignalingConfig;
import org.opendaylight.vias.overlay.tap.TapOffloads;

/**
 * Configuration of a discovery-mode node ({@link IceOverlayNode}): properties file, every error names its key.
 *
 * <pre>
 * overlay.uid=40 hex digits            overlay.name=demo (the MUC room)
 * tap.name=vias0  tap.address=10.254.0.1/24  tap.mtu=1300
 * tap.offloads=tso,gro                 TAP offloads as on a standalone node: tso, gro, tso,gro or none (default:
 *                                      -Dvias.overlay.tapOffloads, else tso,gro)
 * identity.dir=/var/lib/vias/node1     (DTLS key + certificate, created if missing)
 * xmpp.host=203.0.113.1  xmpp.port=5222  xmpp.domain=vias.test  xmpp.user=node1  xmpp.password=...
 * xmpp.tls-ca=/etc/vias/xmpp-ca.crt    the CA of the XMPP server's certificate (default: the system trust store);
 *                                      XMPP is always TLS and the certificate must name xmpp.domain
 * ice.stun=203.0.113.1:3478  ice.turn=203.0.113.1:3478  ice.turn.user=...  ice.turn.password=...
 * topology.max-links=8                 all-to-all up to this many peers; beyond it links are on demand
 * topology.idle-seconds=120            an on-demand link idle this long is removed
 * cap.NAME=VALUE                       capabilities announced to peers (e.g. cap.site=lab1, cap.bypass=true)
 * status.file=/run/vias/node1.status   status.interval=2
 * trust.ca=/etc/vias/ca.crt            optional: peers must present a certificate of this overlay CA binding
 *                                      their uid; the fingerprint they announce over XMPP is then only a hint
 * trust.revocations=/etc/vias/revoked.list   optional, with trust.ca: re-read every second
 * </pre>
 *
 * <p>Without {@code trust.ca} a peer is trusted by the fingerprint it announces over XMPP (CA-less pinning): the XMPP
 * server and its accounts are then part of the trust base.
 */
public record IceNodeConfig(Uid uid, String tapName, int tapAddress, int tapPrefix, int tapMtu,
        TapOffloads tapOffloads, Path identityDir, SignalingConfig signaling, IceConfig ice, int maxLinks,
        int idleSeconds, Map<String, String> capabilities, Path statusFile, int statusIntervalSeconds,
        String advertisedFingerprint, Path trustCa, Path trustRevocations) {

    public IceNodeConfig {
        if (tapOffloads == null) {
            throw new IllegalArgumentException("invalid tap.offloads: must be tso, gro, tso,gro or none");
        }
        if (trustRevocations != null && trustCa == null) {
            throw new IllegalArgumentException("invalid trust.revocations: needs trust.ca");
        }
    }

    public static IceNodeConfig load(Path file) throws IOException {
        final Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return parse(p, file.toAbsolutePath().getParent());
    }

    public static IceNodeConfig parse(Properties p, Path base) {
        final Uid uid = field(p, "overlay.uid", null, Uid::parse);
        final String overlay = field(p, "overlay.name", "vias", v -> v);
        final String tapName = field(p, "tap.name", "vias0", v -> v);
        final Ipv4.Cidr cidr = field(p, "tap.address", "", v -> v.isEmpty() ? null : tapCidr(v));
        final int mtu = field(p, "tap.mtu", "1300", v -> range(Integer.parseInt(v), 576, 1400));
        final TapOffloads offloads = field(p, "tap.offloads", TapOffloads.configuredDefault(), TapOffloads::parse);
        final Path identity = field(p, "identity.dir", null, v -> base == null ? Path.of(v) : base.resolve(v));
        final SignalingConfig signaling;
        try {
            signaling = new SignalingConfig(field(p, "xmpp.host", null, v -> v),
                field(p, "xmpp.port", "5222", Integer::parseInt), field(p, "xmpp.domain", null, v -> v),
                field(p, "xmpp.user", null, v -> v), field(p, "xmpp.password", null, v -> v), overlay,
                p.getProperty("xmpp.muc-domain"), field(p, "xmpp.connect-timeout-ms", "5000", Integer::parseInt),
                field(p, "xmpp.reconnect-max-ms", "4000", Long::parseLong),
                field(p, "xmpp.tls-ca", "", v -> v.isEmpty() ? null : base == null ? Path.of(v) : base.resolve(v)));
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("invalid") ? e
                : new IllegalArgumentException("invalid xmpp settings: " + e.getMessage(), e);
        }
        final IceConfig ice = new IceConfig(IceConfig.server(p.getProperty("ice.stun"), "ice.stun"),
            IceConfig.server(p.getProperty("ice.turn"), "ice.turn"), p.getProperty("ice.turn.user"),
            p.getProperty("ice.turn.password"));
        final int maxLinks = field(p, "topology.max-links", "8", v -> range(Integer.parseInt(v), 1, 1000));
        final int idle = field(p, "topology.idle-seconds", "120", v -> range(Integer.parseInt(v), 5, 86400));
        final Map<String, String> caps = new LinkedHashMap<>();
        for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
            if (key.startsWith("cap.")) {
                caps.put(key.substring(4), p.getProperty(key).trim());
            }
        }
        final Path status = field(p, "status.file", "", v -> v.isEmpty() ? null
            : base == null ? Path.of(v) : base.resolve(v));
        final int interval = field(p, "status.interval", "2", v -> range(Integer.parseInt(v), 1, 3600));
        return new IceNodeConfig(uid, tapName, cidr == null ? 0 : cidr.address(), cidr == null ? -1 : cidr.length(),
            mtu, offloads, identity, signaling, ice, maxLinks, idle, caps, status, interval,
            p.getProperty("test.advertise-fingerprint"),
            field(p, "trust.ca", "", v -> v.isEmpty() ? null : base == null ? Path.of(v) : base.resolve(v)),
            field(p, "trust.revocations", "", v -> v.isEmpty() ? null : base == null ? Path.of(v) : base.resolve(v)));
    }

    private static int range(int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("must be in " + min + ".." + max);
        }
        return v;
    }

    /** The TAP's own address: a /0 would route everything into the overlay, so 1..32. */
    private static Ipv4.Cidr tapCidr(String text) {
        final Ipv4.Cidr cidr = Ipv4.Cidr.parse(text);
        range(cidr.length(), 1, 32);
        return cidr;
    }

    private static <T> T field(Properties p, String key, String dflt, Function<String, T> parse) {
        final String raw = p.getProperty(key, dflt);
        if (raw == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        try {
            return parse.apply(raw.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid " + key + "=" + raw + ": " + e.getMessage(), e);
        }
    }
}
