/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import static org.opendaylight.vias.nat.Checksums.putU16;
import static org.opendaylight.vias.nat.Checksums.putU32;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opendaylight.vias.rules.HostPort;
import org.opendaylight.vias.rules.MacAddress;

/**
 * ICMP echo through the NAT, done by the controller because OpenFlow 1.3 cannot rewrite the echo identifier (nor
 * recompute the ICMP checksum that covers it). The identifier plays the port's role: nVM + identifier X is mapped
 * to host + identifier Y, so two nested VMs pinging with the same identifier get different Y.
 *
 * <p>Cost: every echo request and reply crosses the switch-controller channel twice (packet-in, packet-out), adding
 * the controller's round trip (milliseconds) to each ping and a packet-in per packet to the controller's load; that
 * is acceptable for diagnostics, and the reason the NAT handles nothing but echo this way. ICMP errors (unreachable,
 * time exceeded) for translated flows are not translated back and reach the host instead. Echo replies for the
 * host's own pings are punted as well (rules cannot tell them apart): {@link #inbound} reports
 * {@link DropReason#UNKNOWN_ECHO_ID} and the caller passes such frames on unchanged.
 *
 * <p>The identifier table is a {@link PortAllocator} of its own (ICMP pools only), so ids expire when idle and the
 * pool can run out with the same clear error as ports. All methods are thread-safe and never throw on bad frames.
 */
public final class IcmpEchoNat {
    private static final int ECHO_REPLY = 0;
    private static final int ECHO_REQUEST = 8;
    private static final int DEFAULT_TTL = 64;

    private final NatConfig config;
    private final PortAllocator ids;
    private final DropCounter drops;
    private final Map<Long, MacAddress> nestedMacs = new ConcurrentHashMap<>();

    /** A translated echo request, to be sent out of the uplink. */
    public record Outbound(byte[] frame, NatMapping mapping) {
    }

    /** A translated echo reply, to be sent to the nested VM (by {@code nestedMac}). */
    public record Inbound(byte[] frame, NatMapping mapping, MacAddress nestedMac) {
    }

    public IcmpEchoNat(final NatConfig config, final PortAllocator ids, final DropCounter drops) {
        this.config = config;
        this.ids = ids;
        this.drops = drops;
    }

    /**
     * Translates an echo request from a nested VM to the outside: source becomes the host (MAC: the gateway's, as
     * for TCP/UDP), the identifier the allocated one, and the frame is addressed to {@code upstreamMac}.
     */
    public PacketResult<Outbound> outbound(final byte[] frame, final MacAddress upstreamMac) {
        final PacketResult<Ipv4Packet> parsed = echo(frame, ECHO_REQUEST, DropReason.NOT_ECHO_REQUEST);
        if (!parsed.isOk()) {
            return parsed.asDrop();
        }
        final Ipv4Packet p = parsed.value();
        if (!config.nestedLan().contains(p.srcIp())) {
            return PacketResult.drop(DropReason.NOT_FROM_NESTED_LAN, drops);
        }
        if (config.nestedLan().contains(p.dstIp())) {
            return PacketResult.drop(DropReason.DESTINATION_IN_NESTED_LAN, drops);
        }
        final NatMapping mapping;
        try {
            mapping = ids.allocate(NatProtocol.ICMP, config.hostIp(), new HostPort(p.srcIp(), p.srcPort()));
        } catch (PortPoolExhaustedException e) {
            return PacketResult.drop(DropReason.ECHO_ID_POOL_EXHAUSTED, drops);
        }
        nestedMacs.put(mapping.id(), p.ethSrc());
        final byte[] out = Arrays.copyOf(frame, Ipv4Packet.IP_OFFSET + p.ipTotalLength());
        System.arraycopy(upstreamMac.toBytes(), 0, out, 0, 6);
        System.arraycopy(config.gatewayMac().toBytes(), 0, out, 6, 6);
        putU32(out, Ipv4Packet.IP_OFFSET + 12, config.hostIp());
        putU16(out, p.l4Offset() + 4, mapping.external().port());
        return PacketResult.ok(new Outbound(fixChecksums(out, p), mapping));
    }

    /**
     * Translates an echo reply to the host back to the nested VM whose request used its identifier. A reply with
     * an identifier the NAT never handed out is {@link DropReason#UNKNOWN_ECHO_ID}: it is the host's own.
     */
    public PacketResult<Inbound> inbound(final byte[] frame) {
        final PacketResult<Ipv4Packet> parsed = echo(frame, ECHO_REPLY, DropReason.NOT_ECHO_REPLY);
        if (!parsed.isOk()) {
            return parsed.asDrop();
        }
        final Ipv4Packet p = parsed.value();
        if (p.dstIp() != config.hostIp()) {
            return PacketResult.drop(DropReason.NOT_TO_HOST, drops);
        }
        final NatMapping mapping = ids.byExternal(NatProtocol.ICMP, new HostPort(p.dstIp(), p.dstPort()))
            .orElse(null);
        final MacAddress nestedMac = mapping == null ? null : nestedMacs.get(mapping.id());
        if (nestedMac == null) {
            return PacketResult.drop(DropReason.UNKNOWN_ECHO_ID, drops);
        }
        ids.touch(mapping.id());
        final byte[] out = Arrays.copyOf(frame, Ipv4Packet.IP_OFFSET + p.ipTotalLength());
        System.arraycopy(nestedMac.toBytes(), 0, out, 0, 6);
        System.arraycopy(config.gatewayMac().toBytes(), 0, out, 6, 6);
        putU32(out, Ipv4Packet.IP_OFFSET + 16, mapping.internal().address());
        putU16(out, p.l4Offset() + 4, mapping.internal().port());
        return PacketResult.ok(new Inbound(fixChecksums(out, p), mapping, nestedMac));
    }

    /** The virtual gateway's answer to a nested VM pinging the gateway itself. */
    public PacketResult<byte[]> gatewayReply(final byte[] frame) {
        final PacketResult<Ipv4Packet> parsed = echo(frame, ECHO_REQUEST, DropReason.NOT_ECHO_REQUEST);
        if (!parsed.isOk()) {
            return parsed.asDrop();
        }
        final Ipv4Packet p = parsed.value();
        if (!config.nestedLan().contains(p.srcIp())) {
            return PacketResult.drop(DropReason.NOT_FROM_NESTED_LAN, drops);
        }
        final byte[] out = Arrays.copyOf(frame, Ipv4Packet.IP_OFFSET + p.ipTotalLength());
        System.arraycopy(p.ethSrc().toBytes(), 0, out, 0, 6);
        System.arraycopy(config.gatewayMac().toBytes(), 0, out, 6, 6);
        out[Ipv4Packet.IP_OFFSET + 8] = (byte) DEFAULT_TTL;
        putU32(out, Ipv4Packet.IP_OFFSET + 12, config.gatewayIp());
        putU32(out, Ipv4Packet.IP_OFFSET + 16, p.srcIp());
        out[p.l4Offset()] = (byte) ECHO_REPLY;
        return PacketResult.ok(fixChecksums(out, p));
    }

    /** Ends idle identifier mappings (see {@link PortAllocator#expireIdle}). */
    public List<NatMapping> expireIdle() {
        final List<NatMapping> gone = ids.expireIdle();
        gone.forEach(m -> nestedMacs.remove(m.id()));
        return gone;
    }

    public List<NatMapping> mappings() {
        return ids.mappings();
    }

    private PacketResult<Ipv4Packet> echo(final byte[] frame, final int type, final DropReason wrongType) {
        final PacketResult<Ipv4Packet> parsed = Ipv4Packet.parse(frame, drops);
        if (!parsed.isOk()) {
            return parsed;
        }
        final Ipv4Packet p = parsed.value();
        if (p.protocol() != NatProtocol.ICMP || p.icmpType() != type || p.icmpCode() != 0) {
            return PacketResult.drop(wrongType, drops);
        }
        if (!Checksums.verifies(frame, p.l4Offset(), p.l4Length())) {
            return PacketResult.drop(DropReason.BAD_ICMP_CHECKSUM, drops);
        }
        return parsed;
    }

    /** Recomputes the IPv4 header and ICMP checksums of a rewritten frame. */
    private static byte[] fixChecksums(final byte[] out, final Ipv4Packet headers) {
        putU16(out, Ipv4Packet.IP_OFFSET + 10, 0);
        putU16(out, Ipv4Packet.IP_OFFSET + 10,
            Checksums.checksum(out, Ipv4Packet.IP_OFFSET, headers.ipHeaderLength()));
        putU16(out, headers.l4Offset() + 2, 0);
        putU16(out, headers.l4Offset() + 2, Checksums.checksum(out, headers.l4Offset(), headers.l4Length()));
        return out;
    }
}
