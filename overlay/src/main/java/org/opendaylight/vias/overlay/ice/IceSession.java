/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import java.beans.PropertyChangeEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.NominationStrategy;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.StunCandidateHarvester;
import org.ice4j.ice.harvest.TurnCandidateHarvester;
import org.ice4j.security.LongTermCredential;
import org.ice4j.socket.IceSocketWrapper;
import org.opendaylight.vias.overlay.signal.IceCandidate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ICE session (one ice4j {@link Agent}, one stream, one UDP component) towards one peer. Life cycle:
 * {@link #gather} (host, STUN server-reflexive and TURN relayed candidates; blocks until harvested), send
 * {@link #ufrag()}/{@link #password()}/{@link #localCandidates()} to the peer, {@link #connect} with the peer's,
 * then {@link #established()} completes with a {@link IceTransport} on the selected pair — or exceptionally when
 * ICE fails. Consent freshness (RFC 7675) runs on the selected pair every {@link #CONSENT_INTERVAL_MILLIS}; its
 * confirmations ({@link #consentStamp()}) are the owner's heartbeat of the path (ice4j itself never reports consent
 * as lost, it only stops confirming it).
 */
public final class IceSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IceSession.class);
    private static final java.util.logging.Logger ICE4J_LOG = java.util.logging.Logger.getLogger("org.ice4j");

    /** How often ICE consent freshness checks the selected pair, ms. */
    public static final long CONSENT_INTERVAL_MILLIS = 250;
    /** System property: "false" keeps ice4j's own host sockets (every datagram through its reader threads). */
    static final String DIRECT_RECEIVE_PROPERTY = "vias.ice.directReceive";

    static {
        // ice4j reads these through its config at first use; the testbed/namespaces only have IPv4 worth using
        System.setProperty("ice4j.harvest.use-ipv6", System.getProperty("ice4j.harvest.use-ipv6", "false"));
        System.setProperty("ice4j.harvest.use-link-local-addresses",
            System.getProperty("ice4j.harvest.use-link-local-addresses", "false"));
        System.setProperty("org.ice4j.ipv6.DISABLED", System.getProperty("org.ice4j.ipv6.DISABLED", "true"));
        // Consent freshness (RFC 7675) is the link's heartbeat: a STUN round trip on the selected pair every ~250 ms
        // (randomised 0.8-1.2x) lets LinkMachine notice a lost path (NAT rebinding) within ~1 s instead of ice4j's
        // 15 s interval. Each check is retried every 500 ms for 3 s, after which ice4j fails the pair.
        System.setProperty("ice4j.consent-freshness.interval", System.getProperty(
            "ice4j.consent-freshness.interval", CONSENT_INTERVAL_MILLIS + " ms"));
        System.setProperty("ice4j.consent-freshness.max-retransmissions", System.getProperty(
            "ice4j.consent-freshness.max-retransmissions", "6"));
        ICE4J_LOG.setLevel(Level.parse(System.getProperty("vias.ice4j.log", "WARNING")));
        // Host candidate sockets an IceTransport can read itself (HostSocket); "false" leaves ice4j's own sockets,
        // read through its component socket as for a relayed pair.
        if (Boolean.parseBoolean(System.getProperty(DIRECT_RECEIVE_PROPERTY, "true"))) {
            HostSocket.install();
        }
    }

    /**
     * Keeps host candidates off the given interfaces (the overlay's own TAP: a candidate on the overlay would try to
     * carry the overlay over itself). Must be called before the first session is created (ice4j reads it once).
     */
    public static synchronized void excludeInterfaces(String... names) {
        // added to what is excluded already: the controller also excludes its OVS bridge, whose LOCAL port carries
        // an overlay address (a host candidate there would route ICE checks into the overlay itself)
        final java.util.Set<String> all = new java.util.TreeSet<>();
        final String old = System.getProperty(BLOCKED_INTERFACES, "");
        for (String name : old.split(";")) {
            if (!name.isBlank()) {
                all.add(name);
            }
        }
        all.addAll(java.util.List.of(names));
        System.setProperty(BLOCKED_INTERFACES, String.join(";", all));
    }

    private static final String BLOCKED_INTERFACES = "org.ice4j.ice.harvest.BLOCKED_INTERFACES";

    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    private final String name;
    private final CompletableFuture<IceTransport> established = new CompletableFuture<>();
    private volatile IceTransport transport;

    private IceSession(Agent agent, IceMediaStream stream, Component component, String name) {
        this.agent = agent;
        this.stream = stream;
        this.component = component;
        this.name = name;
    }

    /**
     * Creates the agent and gathers candidates.
     *
     * @param controlling the ICE role; both ends must agree (the overlay makes the smaller UID controlling)
     */
    public static IceSession gather(IceConfig config, boolean controlling, String name) throws IOException {
        final Agent agent = new Agent();
        try {
            agent.setControlling(controlling);
            // A direct pair (host or server-reflexive) is nominated as soon as it is valid; a relayed one only when
            // no direct pair became valid within ice4j's wait (800 ms) or all others failed. ice4j's default takes
            // the first valid pair, which on a loaded host can be the relayed one although a direct path exists:
            // the overlay then runs through TURN and the bypass, which needs a direct path, is refused.
            agent.setNominationStrategy(NominationStrategy.NOMINATE_FIRST_HOST_OR_REFLEXIVE_VALID);
            agent.setPerformConsentFreshness(true);
            if (config.stun() != null) {
                agent.addCandidateHarvester(new StunCandidateHarvester(
                    new TransportAddress(config.stun(), Transport.UDP)));
            }
            if (config.turn() != null) {
                agent.addCandidateHarvester(new TurnCandidateHarvester(
                    new TransportAddress(config.turn(), Transport.UDP),
                    new LongTermCredential(config.turnUser(), config.turnPassword())));
            }
            final IceMediaStream stream = agent.createMediaStream("vias");
            final Component component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
            final IceSession session = new IceSession(agent, stream, component, name);
            agent.addStateChangeListener(session::onAgentState);
            stream.addPairChangeListener(session::onPairChange);
            return session;
        } catch (IOException | RuntimeException e) {
            agent.free();
            throw e instanceof IOException io ? io : new IOException("ICE gathering failed: " + e, e);
        }
    }

    public boolean isControlling() {
        return agent.isControlling();
    }

    public String ufrag() {
        return agent.getLocalUfrag();
    }

    public String password() {
        return agent.getLocalPassword();
    }

    /** The gathered UDP candidates in signaling form. */
    public List<IceCandidate> localCandidates() {
        final List<IceCandidate> result = new ArrayList<>();
        for (LocalCandidate c : component.getLocalCandidates()) {
            if (c.getTransport() != Transport.UDP) {
                continue;
            }
            final TransportAddress ta = c.getTransportAddress();
            final TransportAddress rel = c.getRelatedAddress();
            result.add(new IceCandidate(c.getFoundation(), component.getComponentID(), c.getPriority(),
                ta.getHostAddress(), ta.getPort(), typeName(c.getType()),
                rel == null ? null : rel.getHostAddress(), rel == null ? 0 : rel.getPort()));
        }
        return result;
    }

    /** Starts connectivity checks against the peer's credentials and candidates. */
    public void connect(String remoteUfrag, String remotePassword, List<IceCandidate> remote) {
        stream.setRemoteUfrag(remoteUfrag);
        stream.setRemotePassword(remotePassword);
        for (IceCandidate c : remote) {
            if (c.component() != component.getComponentID() || unreachablePrivateHost(c)) {
                continue;
            }
            component.addRemoteCandidate(new RemoteCandidate(new TransportAddress(c.address(), c.port(),
                Transport.UDP), component, candidateType(c.type()), c.foundation(), c.priority(), null));
        }
        agent.startConnectivityEstablishment();
    }

    /**
     * A remote host candidate with a private (RFC 1918) or shared (RFC 6598) address outside every subnet we are on
     * cannot be reached: not directly (it is behind the peer's NAT) and not through our TURN relay either. It is left
     * out, because pairing it with our relayed candidate makes ice4j's relayed socket queue checks to a peer that
     * never answers, which on coturn stalls the relayed checks that would work. Public host candidates are kept.
     */
    static boolean unreachablePrivateHost(IceCandidate c) {
        if (!"host".equals(c.type())) {
            return false;
        }
        final java.net.InetAddress addr;
        try {
            addr = java.net.InetAddress.getByName(c.address());
        } catch (java.net.UnknownHostException e) {
            return true;
        }
        final byte[] b = addr.getAddress();
        final boolean shared = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        if (!addr.isSiteLocalAddress() && !shared) {
            return false;
        }
        try {
            for (java.net.NetworkInterface nif : java.util.Collections.list(
                    java.net.NetworkInterface.getNetworkInterfaces())) {
                for (java.net.InterfaceAddress ia : nif.getInterfaceAddresses()) {
                    if (sameSubnet(ia.getAddress(), addr, ia.getNetworkPrefixLength())) {
                        return false;
                    }
                }
            }
        } catch (java.net.SocketException e) {
            return false;
        }
        return true;
    }

    static boolean sameSubnet(java.net.InetAddress a, java.net.InetAddress b, int prefix) {
        final byte[] x = a.getAddress();
        final byte[] y = b.getAddress();
        if (x.length != y.length || prefix <= 0) {
            return false;
        }
        for (int bit = 0; bit < Math.min(prefix, x.length * 8); bit++) {
            final int mask = 0x80 >> (bit % 8);
            if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** Completes with the transport on the selected pair, or exceptionally if ICE fails or the session closes. */
    public CompletableFuture<IceTransport> established() {
        return established;
    }

    /** The selected pair, null before ICE completed. */
    public SelectedPath selectedPath() {
        final CandidatePair pair = component.getSelectedPair();
        if (pair == null) {
            return null;
        }
        final LocalCandidate local = pair.getLocalCandidate();
        final LocalCandidate base = local.getBase() == null ? local : local.getBase();
        return new SelectedPath(typeName(local.getType()), address(local.getTransportAddress()),
            typeName(pair.getRemoteCandidate().getType()), address(pair.getRemoteCandidate().getTransportAddress()),
            address(base.getTransportAddress()), reflexiveOf(base));
    }

    /** The server-reflexive candidate gathered on {@code base} (STUN's view of it), or null. */
    private InetSocketAddress reflexiveOf(LocalCandidate base) {
        for (LocalCandidate c : component.getLocalCandidates()) {
            if (c.getType() == CandidateType.SERVER_REFLEXIVE_CANDIDATE && c.getTransport() == Transport.UDP
                    && c.getBase() == base) {
                return address(c.getTransportAddress());
            }
        }
        return null;
    }

    /**
     * When consent freshness last confirmed the selected pair (ice4j's wall-clock ms), or -1 if never or no pair is
     * selected. Each change is one STUN round trip with the peer that worked: a sign of life.
     */
    public long consentStamp() {
        final CandidatePair pair = component.getSelectedPair();
        return pair == null ? -1 : pair.getConsentFreshness();
    }

    private void onAgentState(PropertyChangeEvent event) {
        final IceProcessingState state = (IceProcessingState) event.getNewValue();
        LOG.debug("{}: ICE {}", name, state);
        if (state == IceProcessingState.COMPLETED || state == IceProcessingState.TERMINATED) {
            final CandidatePair pair = component.getSelectedPair();
            if (pair == null) {
                established.completeExceptionally(new IOException("ICE ended without a selected pair"));
                return;
            }
            synchronized (this) {
                if (transport == null && !established.isDone()) {
                    final SelectedPath path = selectedPath();
                    transport = new IceTransport(component.getSocket(), hostSocketOf(pair), path, name);
                    LOG.info("{}: ICE selected {}{}", name, path,
                        transport.readsHostSocket() ? ", read from the host socket" : ", read through ice4j");
                    established.complete(transport);
                }
            }
        } else if (state == IceProcessingState.FAILED) {
            established.completeExceptionally(new IOException("ICE failed: no candidate pair worked"));
        }
    }

    /**
     * Our socket under the pair's local candidate, if that is a host socket of ours (host, srflx and prflx
     * candidates send from their host base); null for a relayed local candidate (its socket is ice4j's TURN client).
     */
    private static HostSocket hostSocketOf(CandidatePair pair) {
        final LocalCandidate local = pair.getLocalCandidate();
        final LocalCandidate base = local.getBase() == null ? local : local.getBase();
        if (local.getType() == CandidateType.RELAYED_CANDIDATE || !(base instanceof HostCandidate host)) {
            return null;
        }
        final IceSocketWrapper wrapper = host.getCandidateIceSocketWrapper();
        final java.net.DatagramSocket udp = wrapper == null ? null : wrapper.getUDPSocket();
        return udp == null ? null : HostSocket.boundTo(udp.getLocalSocketAddress());
    }

    private void onPairChange(PropertyChangeEvent event) {
        if (IceMediaStream.PROPERTY_PAIR_CONSENT_FRESHNESS_CHANGED.equals(event.getPropertyName())
                && Boolean.FALSE.equals(event.getNewValue())) {
            final IceTransport t = transport;
            if (t != null && event.getSource() == component.getSelectedPair()) {
                LOG.warn("{}: consent freshness lost on the selected pair", name);
                t.markDead();
            }
        }
    }

    static String typeName(CandidateType type) {
        if (type == CandidateType.HOST_CANDIDATE || type == CandidateType.LOCAL_CANDIDATE) {
            return "host";
        }
        if (type == CandidateType.SERVER_REFLEXIVE_CANDIDATE || type == CandidateType.STUN_CANDIDATE) {
            return "srflx";
        }
        if (type == CandidateType.PEER_REFLEXIVE_CANDIDATE) {
            return "prflx";
        }
        return "relay";
    }

    static CandidateType candidateType(String name) {
        return switch (name) {
            case "host" -> CandidateType.HOST_CANDIDATE;
            case "srflx" -> CandidateType.SERVER_REFLEXIVE_CANDIDATE;
            case "prflx" -> CandidateType.PEER_REFLEXIVE_CANDIDATE;
            default -> CandidateType.RELAYED_CANDIDATE;
        };
    }

    private static InetSocketAddress address(TransportAddress ta) {
        return new InetSocketAddress(ta.getAddress(), ta.getPort());
    }

    @Override
    public void close() {
        established.completeExceptionally(new IOException("ICE session closed"));
        final IceTransport t = transport;
        if (t != null) {
            t.markDead();
        }
        agent.free();
    }
}
