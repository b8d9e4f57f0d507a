/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.Egress;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NAT's controller logic for one bridge, free of OpenFlowPlugin types: what to do with each punted packet
 * and each removed rule. The ODL service only has to feed it packet-ins / flow-removed notifications and carry
 * out its {@link Decision}s (write rules through the translator, transmit packets).
 *
 * <p>Thread-safe; packet handling never throws (bad frames become counted drops).
 */
public final class NatController {
    private static final Logger LOG = LoggerFactory.getLogger(NatController.class);

    /** Where the next hop towards a remote sits on the bridge: its MAC and the port it is reached through. */
    public record NextHop(MacAddress mac, long port) {
    }

    /** Resolves the next hop for a remote address ({@link NextHopResolver} learns them by ARP). */
    @FunctionalInterface
    public interface NextHops {
        Optional<NextHop> lookup(int remoteAddress);

        /**
         * Frames that ask for the next hop towards {@code remoteAddress} (sent out of the bridge); an empty list if a
         * question is already out; empty if the remote cannot be reached at all (then packets to it are dropped).
         */
        default Optional<List<byte[]>> solicit(final int remoteAddress) {
            return Optional.empty();
        }

        /** An ARP reply punted to the controller, from port {@code inPort}; true if it taught a next hop. */
        default boolean learn(final long inPort, final ArpPacket reply) {
            return false;
        }
    }

    /**
     * A packet to transmit: out of a port, back out of the in-port, through the pipeline from table 0, to NORMAL,
     * or (a question the controller itself asks) flooded out of every port.
     */
    public record PacketOut(Kind kind, long port, byte[] frame, long inPort) {
        public enum Kind { PORT, IN_PORT, TABLE, NORMAL, FLOOD }

        /**
         * A packet-out for the packet-in being handled (it enters the switch from that packet's in-port).
         *
         * <p>{@code inPort} &gt;= 0 names another in-port: a held frame sent on when a later packet (an ARP answer
         * from some other port) released it must enter from where it came, not from where the answer came.
         */
        public PacketOut(final Kind kind, final long port, final byte[] frame) {
            this(kind, port, frame, -1);
        }

        PacketOut enteringFrom(final long in) {
            return new PacketOut(kind, port, frame, in);
        }

        static PacketOut port(final long port, final byte[] frame) {
            return new PacketOut(Kind.PORT, port, frame);
        }

        static PacketOut of(final Kind kind, final byte[] frame) {
            return new PacketOut(kind, 0, frame);
        }
    }

    /**
     * What to do: rules to write, packets to send, and why a packet was dropped or refused.
     *
     * @param error a message for the log/operator (e.g. pool exhaustion), or null
     */
    public record Decision(List<FlowRule> install, List<PacketOut> send, DropReason dropped, String error) {
        static final Decision NOTHING = new Decision(List.of(), List.of(), null, null);

        static Decision drop(final DropReason reason) {
            return new Decision(List.of(), List.of(), reason, null);
        }

        static Decision send(final PacketOut out) {
            return new Decision(List.of(), List.of(out), null, null);
        }

        /** This decision followed by {@code other}: rules and packets of both, the first drop or error. */
        public Decision and(final Decision other) {
            final List<FlowRule> rules = new ArrayList<>(install);
            rules.addAll(other.install);
            final List<PacketOut> out = new ArrayList<>(send);
            out.addAll(other.send);
            return new Decision(rules, out, dropped != null ? dropped : other.dropped,
                error != null ? error : other.error);
        }
    }

    /** A static mapping just added and what carrying it out takes. */
    public record Added(NatMapping mapping, Decision decision) {
    }

    /** A punted frame held until the next hop towards its destination is known. */
    private record Held(long inPort, byte[] frame) {
    }

    /** Frames held per remote address at most, and in all; beyond that they are dropped (NEXT_HOP_UNKNOWN). */
    static final int MAX_HELD_PER_REMOTE = 8;
    static final int MAX_HELD = 128;

    private final NatConfig config;
    private final PortAllocator allocator;
    private final IcmpEchoNat echo;
    private final DropCounter drops;
    private final NextHops nextHops;
    private final NatRules rules;
    private final GatewayArpResponder arp;
    private final FirstPacketNat firstPacket;
    private final FlowTableGuard tableGuard;
    /** nVM MAC to the bridge port it was last seen on. */
    private final Map<MacAddress, Long> nestedPorts = new ConcurrentHashMap<>();
    /** Live outgoing entries per mapping id, so a mapping ends only when no entry of it is left. */
    private final Map<Long, java.util.Set<String>> liveOutgoing = new HashMap<>();
    private final Map<Long, MacAddress> mappingMacs = new HashMap<>();
    /** nVM address to its MAC, learnt from the frames it sends (and its ARP answers to the gateway). */
    private final Map<Integer, MacAddress> nestedHosts = new ConcurrentHashMap<>();
    /** Static mappings whose incoming entry waits for the nVM's MAC. */
    private final Map<Long, NatMapping> staticWaiting = new HashMap<>();
    /** Frames waiting for a next hop, by remote address, oldest first. */
    private final Map<Integer, List<Held>> held = new java.util.LinkedHashMap<>();
    private int heldCount;

    /**
     * Creates the controller logic.
     *
     * @param allocator TCP/UDP ports (shared with nothing else on this host address)
     * @param echo the ICMP echo NAT, with its own identifier allocator
     */
    public NatController(final NatConfig config, final PortAllocator allocator, final IcmpEchoNat echo,
            final DropCounter drops, final NextHops nextHops) {
        this(config, allocator, echo, drops, nextHops, new FlowTableGuard(InstantSource.system()));
    }

    /**
     * Creates the controller logic with its bridge's {@link FlowTableGuard}.
     *
     * @param tableGuard whether the bridge's flow table has room for new mappings; this controller's own
     */
    public NatController(final NatConfig config, final PortAllocator allocator, final IcmpEchoNat echo,
            final DropCounter drops, final NextHops nextHops, final FlowTableGuard tableGuard) {
        this.tableGuard = Objects.requireNonNull(tableGuard);
        this.config = config;
        this.allocator = allocator;
        this.echo = echo;
        this.drops = drops;
        this.nextHops = nextHops;
        rules = new NatRules(config);
        arp = GatewayArpResponder.forConfig(config, drops);
        firstPacket = new FirstPacketNat(config, allocator, drops);
    }

    /** The rules to install when the bridge connects. */
    public List<FlowRule> baseRules() {
        return rules.baseRules();
    }

    /** Handles one punted packet that came in on {@code inPort}. */
    @SuppressWarnings("checkstyle:IllegalCatch")
    public Decision onPacketIn(final long inPort, final byte[] frame) {
        try {
            return handle(inPort, frame);
        } catch (RuntimeException e) {
            // A bug must not take the packet path down; it is logged and counted like a malformed packet.
            LOG.warn("NAT: unexpected failure on a punted packet from port {}", inPort, e);
            drops.count(DropReason.NOT_NAT_TRAFFIC);
            return Decision.drop(DropReason.NOT_NAT_TRAFFIC);
        }
    }

    private Decision handle(final long inPort, final byte[] frame) {
        if (frame != null && frame.length >= 14 && (frame[12] & 0xFF) == 0x08 && frame[13] == 0x06) {
            return arp(inPort, frame);
        }
        final PacketResult<Ipv4Packet> parsed = Ipv4Packet.parse(frame, drops);
        if (!parsed.isOk()) {
            return Decision.drop(parsed.dropped());
        }
        final Ipv4Packet p = parsed.value();
        Decision learnt = Decision.NOTHING;
        if (config.nestedLan().contains(p.srcIp())) {
            learnt = learnNested(p.srcIp(), p.ethSrc(), inPort);
        }
        final Decision d = p.protocol() == NatProtocol.ICMP ? icmp(inPort, p, frame) : firstPacket(inPort, p, frame);
        return learnt == Decision.NOTHING ? d : learnt.and(d);
    }

    private Decision arp(final long inPort, final byte[] frame) {
        final PacketResult<ArpPacket> parsed = ArpPacket.parse(frame, drops);
        if (!parsed.isOk()) {
            return Decision.drop(parsed.dropped());
        }
        final ArpPacket packet = parsed.value();
        Decision learnt = Decision.NOTHING;
        if (config.nestedLan().contains(packet.senderIp()) && packet.senderIp() != config.gatewayIp()
                && !packet.senderMac().isMulticast()) {
            learnt = learnNested(packet.senderIp(), packet.senderMac(), inPort);
        }
        if (packet.op() == ArpPacket.REPLY) {
            if (nextHops.learn(inPort, packet)) {
                return learnt.and(replayHeld());
            }
            if (learnt == Decision.NOTHING) {
                drops.count(DropReason.NOT_NAT_TRAFFIC);
                return Decision.drop(DropReason.NOT_NAT_TRAFFIC);
            }
            return learnt;
        }
        final PacketResult<byte[]> reply = arp.reply(frame);
        final Decision d = reply.isOk() ? Decision.send(PacketOut.of(PacketOut.Kind.IN_PORT, reply.value()))
            : Decision.drop(reply.dropped());
        return learnt == Decision.NOTHING ? d : learnt.and(d);
    }

    /** Remembers where an nVM is; installs the incoming entries of static mappings that waited for it. */
    private synchronized Decision learnNested(final int address, final MacAddress mac, final long port) {
        nestedPorts.put(mac, port);
        final MacAddress before = nestedHosts.put(address, mac);
        if (mac.equals(before) || staticWaiting.isEmpty()) {
            return Decision.NOTHING;
        }
        final List<FlowRule> install = new ArrayList<>();
        for (var it = staticWaiting.values().iterator(); it.hasNext();) {
            final NatMapping m = it.next();
            if (m.internal().address() == address) {
                install.add(rules.incoming(m, mac, Egress.port(port)));
                it.remove();
            }
        }
        return install.isEmpty() ? Decision.NOTHING : new Decision(install, List.of(), null, null);
    }

    /** Handles again the held frames whose next hop is known now. */
    private Decision replayHeld() {
        final List<Held> ready = new ArrayList<>();
        synchronized (this) {
            for (var it = held.entrySet().iterator(); it.hasNext();) {
                final var entry = it.next();
                if (nextHops.lookup(entry.getKey()).isPresent()) {
                    ready.addAll(entry.getValue());
                    heldCount -= entry.getValue().size();
                    it.remove();
                }
            }
        }
        Decision out = Decision.NOTHING;
        for (Held h : ready) {
            final Decision d = handle(h.inPort(), h.frame());
            out = out.and(new Decision(d.install(), d.send().stream().map(p -> p.inPort() >= 0 ? p
                : p.enteringFrom(h.inPort())).toList(), d.dropped(), d.error()));
        }
        return out;
    }

    /** The next hop towards {@code remote} is not known: ask for it and hold the frame, or drop it. */
    private Decision awaitNextHop(final long inPort, final byte[] frame, final int remote) {
        final Optional<List<byte[]>> questions = nextHops.solicit(remote);
        if (questions.isEmpty()) {
            drops.count(DropReason.NEXT_HOP_UNKNOWN);
            return Decision.drop(DropReason.NEXT_HOP_UNKNOWN);
        }
        synchronized (this) {
            final List<Held> queue = held.computeIfAbsent(remote, r -> new ArrayList<>());
            if (queue.size() >= MAX_HELD_PER_REMOTE || heldCount >= MAX_HELD) {
                drops.count(DropReason.NEXT_HOP_UNKNOWN);
                if (queue.isEmpty()) {
                    held.remove(remote);
                }
                return new Decision(List.of(), questions.orElseThrow().stream()
                    .map(f -> PacketOut.of(PacketOut.Kind.FLOOD, f)).toList(), DropReason.NEXT_HOP_UNKNOWN, null);
            }
            queue.add(new Held(inPort, frame));
            heldCount++;
        }
        return new Decision(List.of(), questions.orElseThrow().stream()
            .map(f -> PacketOut.of(PacketOut.Kind.FLOOD, f)).toList(), null, null);
    }

    /**
     * Adds an operator's mapping of nVM {@code internal} to host:{@code externalPort}. Its incoming entry is
     * permanent; it is installed at once when the nVM's MAC is known, otherwise the gateway asks for it by ARP and
     * the entry follows the answer. The outgoing entries come as for any mapping, from the nVM's first packets.
     *
     * @throws MappingConflictException if the endpoint or port is taken
     * @throws IllegalArgumentException if {@code internal} is not in the nested LAN or the protocol is not TCP/UDP
     */
    public synchronized Added addStatic(final NatProtocol protocol, final org.opendaylight.vias.rules.HostPort internal,
            final int externalPort) throws MappingConflictException {
        if (protocol == null || !protocol.translatedBySwitch()) {
            throw new IllegalArgumentException("protocol: static mappings are for tcp or udp, was " + protocol);
        }
        if (!config.nestedLan().contains(internal.address()) || internal.address() == config.gatewayIp()) {
            throw new IllegalArgumentException("internal: " + internal + " is not a nested VM address in "
                + config.nestedLan());
        }
        final NatMapping m = allocator.addStatic(protocol, config.hostIp(), internal, externalPort);
        final MacAddress mac = nestedHosts.get(internal.address());
        if (mac != null) {
            final Long port = nestedPorts.get(mac);
            return new Added(m, new Decision(List.of(rules.incoming(m, mac,
                port == null ? Egress.normal() : Egress.port(port))), List.of(), null, null));
        }
        staticWaiting.put(m.id(), m);
        return new Added(m, Decision.send(PacketOut.of(PacketOut.Kind.FLOOD,
            ArpPacket.request(config.gatewayMac(), config.gatewayIp(), internal.address()))));
    }

    /**
     * Ends the mapping of host:{@code externalPort} (static or dynamic); the caller removes its rules (cookie id =
     * mapping id).
     */
    public synchronized Optional<NatMapping> remove(final NatProtocol protocol, final int externalPort) {
        final Optional<NatMapping> m = allocator.byExternal(protocol,
            new org.opendaylight.vias.rules.HostPort(config.hostIp(), externalPort));
        if (m.isEmpty()) {
            return m;
        }
        final long id = m.orElseThrow().id();
        allocator.release(id);
        liveOutgoing.remove(id);
        mappingMacs.remove(id);
        staticWaiting.remove(id);
        LOG.info("NAT: mapping {} removed", m.orElseThrow());
        return m;
    }

    /** Where the controller last saw each nVM: address to MAC. */
    public Map<Integer, MacAddress> nestedHosts() {
        return Map.copyOf(nestedHosts);
    }

    private Decision icmp(final long inPort, final Ipv4Packet packet, final byte[] frame) {
        final Ipv4Packet p = packet;
        if (p.icmpType() == NatRules.ICMP_ECHO_REQUEST && p.dstIp() == config.gatewayIp()) {
            final PacketResult<byte[]> reply = echo.gatewayReply(frame);
            return reply.isOk() ? Decision.send(PacketOut.of(PacketOut.Kind.IN_PORT, reply.value()))
                : Decision.drop(reply.dropped());
        }
        if (p.icmpType() == NatRules.ICMP_ECHO_REQUEST) {
            final Optional<NextHop> hop = nextHops.lookup(p.dstIp());
            if (hop.isEmpty()) {
                return awaitNextHop(inPort, frame, p.dstIp());
            }
            final PacketResult<IcmpEchoNat.Outbound> out = echo.outbound(frame, hop.orElseThrow().mac());
            return out.isOk() ? Decision.send(PacketOut.port(hop.orElseThrow().port(), out.value().frame()))
                : Decision.drop(out.dropped());
        }
        final PacketResult<IcmpEchoNat.Inbound> in = echo.inbound(frame);
        if (in.isOk()) {
            final Long port = nestedPorts.get(in.value().nestedMac());
            return Decision.send(port == null ? PacketOut.of(PacketOut.Kind.NORMAL, in.value().frame())
                : PacketOut.port(port, in.value().frame()));
        }
        if (in.dropped() == DropReason.UNKNOWN_ECHO_ID) {
            // the host's own ping: hand the reply on unchanged
            return new Decision(List.of(), List.of(PacketOut.of(PacketOut.Kind.NORMAL, frame)), in.dropped(), null);
        }
        return Decision.drop(in.dropped());
    }

    private Decision firstPacket(final long inPort, final Ipv4Packet packet, final byte[] frame) {
        final Ipv4Packet p = packet;
        if (p.dstIp() == config.gatewayIp()) {
            drops.count(DropReason.DESTINATION_IS_GATEWAY);
            return Decision.drop(DropReason.DESTINATION_IS_GATEWAY);
        }
        if (config.nestedLan().contains(p.dstIp())) {
            drops.count(DropReason.DESTINATION_IN_NESTED_LAN);
            return Decision.drop(DropReason.DESTINATION_IN_NESTED_LAN);
        }
        final Optional<NextHop> hop = nextHops.lookup(p.dstIp());
        if (hop.isEmpty()) {
            return awaitNextHop(inPort, frame, p.dstIp());
        }
        synchronized (this) {
            if (!tableGuard.admits()) {
                drops.count(DropReason.FLOW_TABLE_FULL);
                return new Decision(List.of(), List.of(), DropReason.FLOW_TABLE_FULL,
                    "NAT: new flow refused, the switch's flow table is full (last refusal: "
                        + tableGuard.lastRefusal() + ")");
            }
        }
        final NextHop next = hop.orElseThrow();
        final PacketResult<FirstPacketNat.Plan> plan;
        try {
            plan = firstPacket.plan(frame, next.mac(), Egress.port(next.port()), Egress.port(inPort));
        } catch (PortPoolExhaustedException e) {
            drops.count(DropReason.PORT_POOL_EXHAUSTED);
            LOG.warn("NAT: {}", e.getMessage());
            return new Decision(List.of(), List.of(), DropReason.PORT_POOL_EXHAUSTED, e.getMessage());
        }
        if (!plan.isOk()) {
            return Decision.drop(plan.dropped());
        }
        synchronized (this) {
            // by rule name: a flow punted twice before its entries landed must not count as two entries
            final java.util.Set<String> names = liveOutgoing.computeIfAbsent(plan.value().mapping().id(),
                k -> new java.util.HashSet<>());
            plan.value().rules().stream().filter(r -> r.cookie().purpose() == Cookie.Purpose.NAT_OUTGOING)
                .forEach(r -> names.add(r.name()));
            mappingMacs.put(plan.value().mapping().id(), plan.value().nestedMac());
        }
        // Back through the pipeline: once the entries are on the switch it takes them; if it is faster than the
        // rule write it is punted again and finds the same mapping.
        return new Decision(plan.value().rules(), List.of(PacketOut.of(PacketOut.Kind.TABLE, frame)), null, null);
    }

    /**
     * The switch removed a NAT entry (idle timeout, send_flow_rem). An outgoing entry going only lowers the
     * mapping's count; when the incoming entry goes, the mapping ends if no outgoing entry is left, and otherwise
     * the incoming entry is written again (the nVM still uses the mapping, so it must stay reachable).
     *
     * @return rules to write again, if any
     */
    public Decision onFlowRemoved(final long cookieValue) {
        return onFlowRemoved(cookieValue, null);
    }

    /**
     * As {@link #onFlowRemoved(long)}, naming the removed rule: an outgoing entry is one per destination, all with
     * the mapping's cookie, so the name says which one went (null: any one of them).
     */
    public synchronized Decision onFlowRemoved(final long cookieValue, final String ruleName) {
        if (!Cookie.isVias(cookieValue)) {
            return Decision.NOTHING;
        }
        final Cookie cookie = Cookie.decode(cookieValue);
        final long id = cookie.id();
        if (cookie.purpose() == Cookie.Purpose.NAT_OUTGOING || cookie.purpose() == Cookie.Purpose.NAT_INCOMING) {
            tableGuard.roomFreed();
        }
        if (cookie.purpose() == Cookie.Purpose.NAT_OUTGOING) {
            final java.util.Set<String> names = liveOutgoing.get(id);
            if (names != null) {
                if (ruleName == null || !names.remove(ruleName)) {
                    names.stream().findFirst().ifPresent(names::remove);
                }
                if (names.isEmpty()) {
                    liveOutgoing.remove(id);
                }
            }
            return Decision.NOTHING;
        }
        if (cookie.purpose() != Cookie.Purpose.NAT_INCOMING) {
            return Decision.NOTHING;
        }
        final Optional<NatMapping> mapping = allocator.byId(id);
        if (mapping.isEmpty()) {
            return Decision.NOTHING;
        }
        if (liveOutgoing.containsKey(id) && mappingMacs.containsKey(id)) {
            allocator.touch(id);
            final MacAddress mac = mappingMacs.get(id);
            final Long port = nestedPorts.get(mac);
            return new Decision(List.of(rules.incoming(mapping.orElseThrow(), mac,
                port == null ? Egress.normal() : Egress.port(port))), List.of(), null, null);
        }
        allocator.release(id);
        mappingMacs.remove(id);
        LOG.info("NAT: mapping {} ended (idle)", mapping.orElseThrow());
        return Decision.NOTHING;
    }

    /**
     * The switch refused {@code refused}, rules of one decision of this controller (its flow table is full, or it
     * rejects them): they are not on the switch. Counts the refusal ({@link DropReason#SWITCH_REFUSED_RULES}),
     * refuses new mappings for a while ({@link FlowTableGuard}), and releases each dynamic mapping those rules were
     * for that has no outgoing entry on the switch any more, so its port goes back to the pool.
     *
     * @return the mappings released: rules of theirs still on the switch (an earlier incoming entry) are to go
     */
    public synchronized List<NatMapping> onRulesRefused(final List<FlowRule> refused, final String why) {
        drops.count(DropReason.SWITCH_REFUSED_RULES);
        tableGuard.refused(why);
        final Set<Long> concerned = new TreeSet<>();
        for (FlowRule rule : refused) {
            final Cookie.Purpose purpose = rule.cookie().purpose();
            if (purpose == Cookie.Purpose.NAT_OUTGOING) {
                final long id = rule.cookie().id();
                final java.util.Set<String> names = liveOutgoing.get(id);
                if (names != null && names.remove(rule.name()) && names.isEmpty()) {
                    liveOutgoing.remove(id);
                }
                concerned.add(id);
            } else if (purpose == Cookie.Purpose.NAT_INCOMING) {
                concerned.add(rule.cookie().id());
            }
        }
        final List<NatMapping> released = new ArrayList<>();
        for (long id : concerned) {
            final Optional<NatMapping> mapping = allocator.byId(id);
            if (mapping.isPresent() && !mapping.orElseThrow().isStatic() && !liveOutgoing.containsKey(id)) {
                allocator.release(id);
                mappingMacs.remove(id);
                released.add(mapping.orElseThrow());
            }
        }
        LOG.warn("NAT: the switch refused {} rule(s) ({}); {} mapping(s) released, new flows refused for up to {}",
            refused.size(), why, released.size(), FlowTableGuard.RETRY_AFTER);
        return released;
    }

    /** Ends idle ICMP identifier mappings (TCP/UDP mappings end through {@link #onFlowRemoved}). */
    public List<NatMapping> expireIdleEcho() {
        return new ArrayList<>(echo.expireIdle());
    }

    public List<NatMapping> mappings() {
        final List<NatMapping> all = new ArrayList<>(allocator.mappings());
        all.addAll(echo.mappings());
        return all;
    }

    public AllocatorCounters counters() {
        return allocator.counters();
    }

    public DropCounter drops() {
        return drops;
    }
}
