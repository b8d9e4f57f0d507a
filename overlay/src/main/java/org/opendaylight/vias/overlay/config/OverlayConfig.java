/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.config;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.dtls.DtlsLayer;
import org.opendaylight.vias.overlay.tap.TapOffloads;
import org.opendaylight.vias.overlay.wire.IpopCodec;

/**
 * A standalone node's configuration. Validated on construction; every error names the offending field as it is
 * spelled in the properties file (see {@link ConfigLoader}).
 *
 * @param tapMtu 0 derives the largest MTU the underlay carries ({@link #maxTapMtu()})
 * @param tapMac null lets the kernel pick one
 * @param tapAddress IPv4 CIDR for the TAP, or null to leave addressing to the host
 * @param statusFile where the status (counters) is rewritten periodically, or null
 * @param trustCa the overlay CA certificate every peer must chain to, or null for CA-less fingerprint pinning
 *     ({@code peer.NAME.fingerprint} then required)
 * @param trustRevocations the CA's revocation list file, re-read at run time; null for none (needs trustCa)
 */
public record OverlayConfig(Uid uid, Mode mode, InetSocketAddress listen, int underlayMtu, Security security,
        Path identityDir, String tapName, int tapQueues, byte[] tapMac, int tapMtu, String tapAddress,
        List<PeerConfig> peers, Path statusFile, int statusIntervalSeconds, Path trustCa, Path trustRevocations,
        TapOffloads tapOffloads) {

    /** How frames find their peer. */
    public enum Mode { SWITCH, ROUTER }

    /** What protects links; NONE only if the config says so explicitly. */
    public enum Security { DTLS, NONE }

    public OverlayConfig {
        require(uid != null, "uid: must be 40 hex chars");
        require(mode != null, "mode: must be switch or router");
        require(listen != null, "listen: must be host:port");
        require(underlayMtu >= 576 && underlayMtu <= 65535, "underlay.mtu: must be 576..65535");
        require(security != null, "security: must be dtls or none");
        require(security == Security.NONE || identityDir != null, "identity.dir: required with security=dtls");
        require(tapName != null && !tapName.isEmpty() && tapName.length() < 16, "tap.name: must be 1..15 chars");
        require(tapQueues >= 1 && tapQueues <= 16, "tap.queues: must be 1..16");
        require(tapMac == null || tapMac.length == 6, "tap.mac: must be 6 octets");
        require(tapOffloads != null, "tap.offloads: must be tso, gro, tso,gro or none");
        require(statusIntervalSeconds >= 1, "status.interval: must be >= 1 second");
        require(trustCa == null || security == Security.DTLS, "trust.ca: only with security=dtls");
        require(trustRevocations == null || trustCa != null, "trust.revocations: needs trust.ca");
        peers = List.copyOf(peers);
        final int max = maxTapMtu(listen, underlayMtu, security);
        require(max >= 576, "underlay.mtu: too small, leaves a TAP MTU of " + max);
        require(tapMtu == 0 || tapMtu >= 68 && tapMtu <= max,
            "tap.mtu: must be 68.." + max + " (underlay.mtu minus IP/UDP/DTLS/IPOP/Ethernet overhead)");
        final Set<Uid> uids = new HashSet<>();
        final Set<InetSocketAddress> addresses = new HashSet<>();
        for (PeerConfig peer : peers) {
            require(!peer.uid().equals(uid), "peer." + peer.name() + ".uid: is our own uid");
            require(uids.add(peer.uid()), "peer." + peer.name() + ".uid: duplicate");
            require(addresses.add(peer.address()), "peer." + peer.name() + ".address: duplicate");
            require(security == Security.NONE || trustCa != null || peer.fingerprint() != null,
                "peer." + peer.name() + ".fingerprint: required with security=dtls and no trust.ca");
            require(trustCa == null || peer.fingerprint() == null,
                "peer." + peer.name() + ".fingerprint: not used with trust.ca (the CA is the trust root)");
            require(mode == Mode.ROUTER || peer.routes().isEmpty(),
                "peer." + peer.name() + ".routes: only in router mode");
        }
    }

    /** The TAP MTU used: configured or derived. */
    public int effectiveTapMtu() {
        return tapMtu != 0 ? tapMtu : maxTapMtu();
    }

    /** Underlay MTU minus IP (20 or 40), UDP (8), DTLS record (37 with AES-GCM), IPOP header (42), Ethernet (14). */
    public int maxTapMtu() {
        return maxTapMtu(listen, underlayMtu, security);
    }

    static int maxTapMtu(InetSocketAddress listen, int underlayMtu, Security security) {
        final int ip = listen != null && listen.getAddress() instanceof Inet6Address ? 40 : 20;
        final int dtls = security == Security.DTLS ? DtlsLayer.RECORD_OVERHEAD : 0;
        return underlayMtu - ip - 8 - dtls - IpopCodec.HEADER_LENGTH - IpopCodec.ETHERNET_HEADER_LENGTH;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
