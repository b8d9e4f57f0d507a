/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import java.util.List;
import org.opendaylight.vias.rules.Egress;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.MacAddress;

/**
 * What the controller does with the first TCP/UDP packet of an unmapped nested-VM flow (punted by
 * {@link NatRules#firstPacketPunt}): check it, get the nVM:X mapping (new, or the existing one for a further
 * destination - full-cone is endpoint-independent), and build the rules to install before the packet is sent on.
 */
public final class FirstPacketNat {
    private final NatConfig config;
    private final PortAllocator allocator;
    private final NatRules rules;
    private final DropCounter drops;

    /**
     * The mapping and rules for one punted packet.
     *
     * @param nestedMac the nVM's MAC, as its frame carried it
     * @param remote the destination the outgoing entry names
     */
    public record Plan(NatMapping mapping, MacAddress nestedMac, int remote, List<FlowRule> rules) {
    }

    public FirstPacketNat(final NatConfig config, final PortAllocator allocator, final DropCounter drops) {
        this.config = config;
        this.allocator = allocator;
        this.rules = new NatRules(config);
        this.drops = drops;
    }

    /**
     * Plans the translation of one punted frame.
     *
     * @param upstreamMac the uplink's next hop
     * @param upstream where outgoing packets leave (the uplink port, or NORMAL)
     * @param toNested where incoming packets go (the nVM's port, or NORMAL)
     * @return the plan, or a counted drop for frames that are malformed or not NAT traffic
     * @throws PortPoolExhaustedException if a new mapping is needed and no port is free (counted by the allocator)
     */
    public PacketResult<Plan> plan(final byte[] frame, final MacAddress upstreamMac, final Egress upstream,
            final Egress toNested) throws PortPoolExhaustedException {
        final PacketResult<Ipv4Packet> parsed = Ipv4Packet.parse(frame, drops);
        if (!parsed.isOk()) {
            return parsed.asDrop();
        }
        final Ipv4Packet p = parsed.value();
        if (!p.protocol().translatedBySwitch()) {
            return PacketResult.drop(DropReason.NOT_TCP_OR_UDP, drops);
        }
        if (!config.nestedLan().contains(p.srcIp())) {
            return PacketResult.drop(DropReason.NOT_FROM_NESTED_LAN, drops);
        }
        if (p.dstIp() == config.gatewayIp()) {
            return PacketResult.drop(DropReason.DESTINATION_IS_GATEWAY, drops);
        }
        if (config.nestedLan().contains(p.dstIp())) {
            return PacketResult.drop(DropReason.DESTINATION_IN_NESTED_LAN, drops);
        }
        final NatMapping mapping = allocator.allocate(p.protocol(), config.hostIp(), p.source());
        return PacketResult.ok(new Plan(mapping, p.ethSrc(), p.dstIp(),
            rules.mappingRules(mapping, p.dstIp(), upstreamMac, upstream, p.ethSrc(), toNested)));
    }
}
