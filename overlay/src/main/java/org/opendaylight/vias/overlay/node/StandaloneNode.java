/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.node;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.config.ConfigLoader;
import org.opendaylight.vias.overlay.config.OverlayConfig;
import org.opendaylight.vias.overlay.config.PeerConfig;
import org.opendaylight.vias.overlay.counters.LinkCounters;
import org.opendaylight.vias.overlay.dtls.DtlsLayer;
import org.opendaylight.vias.overlay.dtls.NodeIdentity;
import org.opendaylight.vias.overlay.dtls.OverlayTlsCrypto;
import org.opendaylight.vias.overlay.dtls.PinnedFingerprint;
import org.opendaylight.vias.overlay.forwarding.ForwardingTable;
import org.opendaylight.vias.overlay.forwarding.RouteTable;
import org.opendaylight.vias.overlay.forwarding.SwitchTable;
import org.opendaylight.vias.overlay.link.PeerLink;
import org.opendaylight.vias.overlay.link.PlainLayer;
import org.opendaylight.vias.overlay.link.SecureLayer;
import org.opendaylight.vias.overlay.pki.CaTrust;
import org.opendaylight.vias.overlay.tap.FramePort;
import org.opendaylight.vias.overlay.tap.TapDevice;
import org.opendaylight.vias.overlay.transport.PacketTransport;
import org.opendaylight.vias.overlay.transport.UdpSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node built from an {@link OverlayConfig}: TAP device, one UDP socket, one DTLS link per configured peer, and a
 * status file/log line with the counters every {@code status.interval} seconds.
 */
public final class StandaloneNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneNode.class);
    static final long MAC_AGING_MILLIS = 300_000;
    static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    static final long DEAD_AFTER_MILLIS = 4 * OverlayNode.KEEPALIVE_SECONDS * 1000;

    private final OverlayConfig config;
    private final NodeIdentity identity;
    private final TapDevice tap;
    private final UdpSocket socket;
    private final OverlayNode node;
    private final ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "overlay-status");
        t.setDaemon(true);
        return t;
    });

    private StandaloneNode(OverlayConfig config, NodeIdentity identity, TapDevice tap, UdpSocket socket,
            OverlayNode node) {
        this.config = config;
        this.identity = identity;
        this.tap = tap;
        this.socket = socket;
        this.node = node;
    }

    /** Opens the TAP, binds the socket, starts handshakes and forwarding. Needs CAP_NET_ADMIN. */
    public static StandaloneNode start(OverlayConfig config) throws IOException {
        final CaTrust trust = config.trustCa() == null ? null
            : CaTrust.load(config.trustCa(), config.trustRevocations(), Clock.systemUTC());
        final NodeIdentity identity = config.security() == OverlayConfig.Security.NONE ? null
            : trust != null ? trust.loadIdentity(config.identityDir(), config.uid())
            : NodeIdentity.loadOrCreate(config.identityDir(), config.uid());
        final int mtu = config.effectiveTapMtu();
        final TapDevice tap = TapDevice.open(config.tapName(), config.tapQueues(), config.tapOffloads());
        UdpSocket socket = null;
        try {
            byte[] address = null;
            int prefix = 0;
            if (config.tapAddress() != null) {
                final Ipv4.Cidr cidr = Ipv4.Cidr.parse(config.tapAddress());
                address = Ipv4.toBytes(cidr.address());
                prefix = cidr.length();
            }
            tap.configure(config.tapMac(), mtu, address, prefix);
            socket = UdpSocket.bind(config.listen(), config.underlayMtu());
            final ForwardingTable table = config.mode() == OverlayConfig.Mode.SWITCH
                ? new SwitchTable(MAC_AGING_MILLIS, System::currentTimeMillis)
                : new RouteTable(config.peers().stream().flatMap(p -> p.routes().stream()).toList());
            final List<FramePort> ports = new ArrayList<>();
            for (int i = 0; i < tap.queueCount(); i++) {
                ports.add(tap.queue(i));
            }
            final OverlayNode node = new OverlayNode(config.uid(), table, ports, mtu + 14,
                new PacketTooBig(ports.get(0), mtu));
            final JcaTlsCrypto crypto = OverlayTlsCrypto.create(new SecureRandom());
            for (PeerConfig peer : config.peers()) {
                final PacketTransport transport = socket.transportTo(peer.address());
                final LinkCounters counters = new LinkCounters();
                final SecureLayer layer = config.security() == OverlayConfig.Security.NONE
                    ? new PlainLayer(transport)
                    : new DtlsLayer(transport, crypto, identity,
                        trust != null ? trust.forPeer(peer.uid()) : new PinnedFingerprint(peer.fingerprint()),
                        config.uid().compareTo(peer.uid()) < 0, counters, HANDSHAKE_TIMEOUT_MILLIS,
                        DEAD_AFTER_MILLIS);
                node.addLink(peer.uid(), layer, counters);
            }
            node.start();
            final StandaloneNode standalone = new StandaloneNode(config, identity, tap, socket, node);
            standalone.status.scheduleWithFixedDelay(standalone::reportStatus, config.statusIntervalSeconds(),
                config.statusIntervalSeconds(), TimeUnit.SECONDS);
            if (trust != null) {
                // links re-check their peer every second, so a revocation ends a live link within ~2 s
                standalone.status.scheduleWithFixedDelay(trust::refresh, 1, 1, TimeUnit.SECONDS);
            }
            LOG.info("overlay node {} up: tap {} mtu {} ({} queue(s), offloads {}), udp {}, {} peer(s), mode {}, "
                + "security {}", config.uid(), tap.name(), mtu, tap.queueCount(), tap.offloads(),
                socket.localAddress(), config.peers().size(), config.mode(), config.security());
            return standalone;
        } catch (IOException | RuntimeException e) {
            if (socket != null) {
                socket.close();
            }
            tap.close();
            throw e;
        }
    }

    public OverlayNode node() {
        return node;
    }

    public NodeIdentity identity() {
        return identity;
    }

    /** The status text: one line per link plus the node's own drops and the socket's. */
    public String statusText() {
        final StringBuilder text = new StringBuilder();
        text.append("node ").append(config.uid()).append(" tap=").append(tap.name())
            .append(" udp=").append(socket.localAddress()).append('\n');
        text.append("node-drops ").append(node.nodeCounters().drops()).append(" socket ")
            .append(socket.counters()).append('\n');
        if (tap.offloads().vnetHeader()) {
            text.append("tap-offloads ").append(tap.offloads()).append(' ').append(tap.offloadCounters())
                .append('\n');
        }
        for (Map.Entry<Uid, PeerLink> e : node.links().entrySet()) {
            text.append("link ").append(e.getKey()).append(e.getValue().isUp() ? " up " : " down ")
                .append(e.getValue().counters().snapshot());
            final String error = e.getValue().lastError();
            if (error != null) {
                text.append(" lastError=").append(error.replace('\n', ' '));
            }
            text.append('\n');
        }
        return text.toString();
    }

    private void reportStatus() {
        try {
            final String text = statusText();
            LOG.info("status\n{}", text.strip());
            final Path file = config.statusFile();
            if (file != null) {
                final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    out.write(text);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write status", e);
        }
    }

    @Override
    public void close() {
        status.shutdownNow();
        reportStatus();
        node.close();
        socket.close();
        tap.close();
    }
}
