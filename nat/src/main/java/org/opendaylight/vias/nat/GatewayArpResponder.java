/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import org.opendaylight.vias.rules.MacAddress;

/**
 * Answers ARP requests for the virtual gateway, so nested VMs use it as their default router with nothing
 * special configured: the gateway exists only as these replies and the NAT rules matching its MAC.
 */
public final class GatewayArpResponder {
    private final int gatewayIp;
    private final MacAddress gatewayMac;
    private final DropCounter drops;

    public GatewayArpResponder(final int gatewayIp, final MacAddress gatewayMac, final DropCounter drops) {
        this.gatewayIp = gatewayIp;
        this.gatewayMac = gatewayMac;
        this.drops = drops;
    }

    public static GatewayArpResponder forConfig(final NatConfig config, final DropCounter drops) {
        return new GatewayArpResponder(config.gatewayIp(), config.gatewayMac(), drops);
    }

    /**
     * The reply frame (to be sent out of the port the request came in on), or why there is none. A probe
     * (sender 0.0.0.0, RFC 5227) gets a reply too, telling the prober the address is taken.
     */
    public PacketResult<byte[]> reply(final byte[] frame) {
        final PacketResult<ArpPacket> parsed = ArpPacket.parse(frame, drops);
        if (!parsed.isOk()) {
            return parsed.asDrop();
        }
        final ArpPacket request = parsed.value();
        if (request.op() != ArpPacket.REQUEST) {
            return PacketResult.drop(DropReason.NOT_ARP_REQUEST, drops);
        }
        if (request.targetIp() != gatewayIp) {
            return PacketResult.drop(DropReason.ARP_NOT_FOR_GATEWAY, drops);
        }
        if (request.senderMac().isMulticast() || request.senderMac().value().equals("00:00:00:00:00:00")) {
            return PacketResult.drop(DropReason.BAD_ARP_SENDER, drops);
        }
        return PacketResult.ok(ArpPacket.frame(request.senderMac(), new ArpPacket(ArpPacket.REPLY, gatewayMac,
            gatewayIp, request.senderMac(), request.senderIp())));
    }
}
