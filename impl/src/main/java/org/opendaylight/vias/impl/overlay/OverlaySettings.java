/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.overlay;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.opendaylight.vias.impl.security.SecretSeal;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.ice.IceConfig;
import org.opendaylight.vias.overlay.ice.IceNodeConfig;
import org.opendaylight.vias.overlay.signal.SignalingConfig;
import org.opendaylight.vias.overlay.tap.TapOffloads;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Host;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.PortNumber;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Identity;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Stun;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Trust;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Turn;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Xmpp;

/**
 * The part of {@code vias:config} the overlay node is made from ({@code identity}, {@code xmpp}, {@code stun},
 * {@code turn}), with the YANG defaults applied. Two configs that map to equal settings need no node restart; that
 * is how a change to an unrelated container (NAT, bypass, switch) leaves the overlay alone.
 *
 * @param uid the configured UID, or null to use the one generated in {@code identityDir}
 * @param overlayAddress this node's overlay IPv4 address, announced to peers (the TAP itself has no address: it is
 *                       a switch-mode port of the managed bridge), or null
 * @param xmppCa {@code trust/xmpp-ca}: the XMPP server's CA file, or null for the system trust store
 * @param trustCa {@code trust/ca}: the overlay CA file every peer certificate must chain to, or null (peers trusted
 *                by the fingerprint they announce)
 * @param trustRevocations {@code trust/revocations}: the overlay's revocation list file, or null
 */
public record OverlaySettings(String uid, String overlayAddress, String tapName, int tapMtu, String identityDir,
        String location, String xmppHost, int xmppPort, String xmppDomain, String xmppUser, String xmppPassword,
        String room, String mucDomain, String stunHost, int stunPort, String turnHost, int turnPort,
        String turnUser, String turnPassword, String xmppCa, String trustCa, String trustRevocations) {

    static final String DEFAULT_TAP = "ipop0";
    static final int DEFAULT_MTU = 1280;
    static final String DEFAULT_IDENTITY_DIR = "etc/vias/identity";
    static final String DEFAULT_ROOM = "vias";
    static final int DEFAULT_XMPP_PORT = 5222;
    static final int DEFAULT_STUN_PORT = 3478;
    /** How long the first XMPP connect may take before the node start fails (and is retried). */
    static final int CONNECT_TIMEOUT_MILLIS = 5000;
    static final long RECONNECT_MAX_MILLIS = 4000;

    /**
     * The overlay settings of {@code config}, or empty when the overlay should not run: no config,
     * {@code xmpp/enabled} false, one of xmpp host, domain, user, password not set, or a password (xmpp or turn)
     * that {@code seal} cannot open. The settings hold the opened passwords.
     */
    public static Optional<OverlaySettings> of(final Config config, final SecretSeal seal) {
        if (config == null || config.getXmpp() == null || whyOff(config, seal) != null) {
            return Optional.empty();
        }
        final Xmpp xmpp = config.getXmpp();
        final Identity id = config.getIdentity();
        final Stun stun = config.getStun();
        final Turn turn = config.getTurn();
        final Trust trust = config.getTrust();
        final String turnPassword = turn == null || turn.getPassword() == null ? null
            : seal.open(turn.getPassword()).orElseThrow();
        return Optional.of(new OverlaySettings(
            id == null || id.getUid() == null ? null : id.getUid().getValue(),
            id == null || id.getOverlayAddress() == null ? null : id.getOverlayAddress().getValue(),
            id == null || id.getTapName() == null ? DEFAULT_TAP : id.getTapName().getValue(),
            id == null || id.getMtu() == null ? DEFAULT_MTU : id.getMtu().toJava(),
            id == null || blank(id.getIdentityDir()) ? DEFAULT_IDENTITY_DIR : id.getIdentityDir(),
            id == null ? null : id.getLocation(),
            host(xmpp.getHost()), port(xmpp.getPort(), DEFAULT_XMPP_PORT), xmpp.getDomain(), xmpp.getUser(),
            seal.open(xmpp.getPassword()).orElseThrow(), blank(xmpp.getRoom()) ? DEFAULT_ROOM : xmpp.getRoom(),
            blank(xmpp.getMucDomain()) ? null : xmpp.getMucDomain(),
            stun == null ? null : host(stun.getHost()), stun == null ? 0 : port(stun.getPort(), DEFAULT_STUN_PORT),
            turn == null ? null : host(turn.getHost()), turn == null ? 0 : port(turn.getPort(), DEFAULT_STUN_PORT),
            turn == null ? null : turn.getUser(), turnPassword,
            trust == null || blank(trust.getXmppCa()) ? null : trust.getXmppCa(),
            trust == null || blank(trust.getCa()) ? null : trust.getCa(),
            trust == null || blank(trust.getRevocations()) ? null : trust.getRevocations()));
    }

    /** Why {@link #of} gives no settings for {@code config} (for the status), or null when it gives some. */
    public static String whyOff(final Config config, final SecretSeal seal) {
        final Xmpp xmpp = config == null ? null : config.getXmpp();
        if (xmpp == null) {
            return "not configured (set xmpp host, domain, user and password)";
        }
        if (Boolean.FALSE.equals(xmpp.getEnabled())) {
            return "disabled (xmpp/enabled is false)";
        }
        final StringBuilder missing = new StringBuilder();
        if (xmpp.getHost() == null) {
            missing.append(" xmpp/host");
        }
        if (blank(xmpp.getDomain())) {
            missing.append(" xmpp/domain");
        }
        if (blank(xmpp.getUser())) {
            missing.append(" xmpp/user");
        }
        if (xmpp.getPassword() == null) {
            missing.append(" xmpp/password");
        }
        if (!missing.isEmpty()) {
            return "not configured (missing" + missing + ")";
        }
        final Turn turn = config.getTurn();
        final String unopened = seal.open(xmpp.getPassword()).isEmpty() ? "xmpp/password"
            : turn != null && turn.getPassword() != null && seal.open(turn.getPassword()).isEmpty() ? "turn/password"
            : null;
        return unopened == null ? null : "not configured (" + unopened + " is not sealed with this controller's key: "
            + "store the value the seal-secret RPC returns for the password)";
    }

    /**
     * The node config: the TAP without an address (a bridge port) and with the nodes' default offloads, capabilities
     * {@code ip} (the overlay address, so peers can reach this node on demand) and {@code location}, key and
     * certificate in {@code identityDir} resolved against {@code home}.
     *
     * @throws IllegalArgumentException naming the field when a value is unusable (for example an unknown STUN host)
     */
    public IceNodeConfig toNodeConfig(final Uid nodeUid, final Path home) {
        final SignalingConfig signaling = new SignalingConfig(xmppHost, xmppPort, xmppDomain, xmppUser, xmppPassword,
            room, mucDomain, CONNECT_TIMEOUT_MILLIS, RECONNECT_MAX_MILLIS, file(xmppCa, home));
        final IceConfig ice = new IceConfig(address(stunHost, stunPort, "stun/host"),
            address(turnHost, turnPort, "turn/host"), turnUser, turnPassword);
        final Map<String, String> caps = new LinkedHashMap<>();
        if (overlayAddress != null) {
            caps.put("ip", overlayAddress);
        }
        if (location != null && !location.isBlank()) {
            caps.put("location", location);
        }
        if (trustRevocations != null && trustCa == null) {
            throw new IllegalArgumentException("trust/revocations needs trust/ca");
        }
        // TAP offloads as on a standalone node (-Dvias.overlay.tapOffloads, default tso,gro); whether joined (GRO)
        // frames may go to the bridge is decided when the TAP is attached (OvsPort#takesJoinedFrames)
        return new IceNodeConfig(nodeUid, tapName, 0, -1, tapMtu, TapOffloads.parse(TapOffloads.configuredDefault()),
            identityPath(home), signaling, ice, 8, 120,
            caps, null, 2, null, file(trustCa, home), file(trustRevocations, home));
    }

    /** The identity directory, relative paths resolved against {@code home} (the Karaf home). */
    public Path identityPath(final Path home) {
        return file(identityDir, home);
    }

    /** A configured file, relative paths resolved against {@code home} (the Karaf home); null stays null. */
    private static Path file(final String path, final Path home) {
        return path == null ? null : OverlayFiles.resolve(path, home);
    }

    private static InetSocketAddress address(final String host, final int port, final String field) {
        if (host == null) {
            return null;
        }
        final InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(field + ": cannot resolve '" + host + "'");
        }
        return address;
    }

    private static String host(final Host host) {
        return host == null ? null : host.stringValue();
    }

    private static int port(final PortNumber port, final int dflt) {
        return port == null ? dflt : port.getValue().toJava();
    }

    private static boolean blank(final String text) {
        return text == null || text.isBlank();
    }

    /** Passwords are not printed. */
    @Override
    public String toString() {
        return "overlay uid=" + (uid == null ? "(generated)" : uid) + " tap=" + tapName + " mtu=" + tapMtu
            + " xmpp=" + xmppUser + "@" + xmppDomain + " via " + xmppHost + ":" + xmppPort + " room=" + room
            + " stun=" + (stunHost == null ? "-" : stunHost + ":" + stunPort)
            + " turn=" + (turnHost == null ? "-" : turnUser + "@" + turnHost + ":" + turnPort)
            + " address=" + overlayAddress + " location=" + location
            + " xmpp-ca=" + (xmppCa == null ? "(system trust store)" : xmppCa)
            + " overlay-ca=" + (trustCa == null ? "(none: announced fingerprints)" : trustCa)
            + (trustRevocations == null ? "" : " revocations=" + trustRevocations);
    }
}
