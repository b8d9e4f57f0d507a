/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.nat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.nat.NatController;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Ipv4Prefix;
import org.opendaylight.yang.gen.v1.urn.opendaylight.action.types.rev131112.action.action.OutputActionCase;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.service.rev130819.FlowRemovedBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.FlowCookie;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.RemovedFlowReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.flow.MatchBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.NodeRef;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.node.NodeConnector;
import org.opendaylight.yang.gen.v1.urn.opendaylight.model.match.types.rev131026.match.layer._3.match.Ipv4MatchBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.packet.service.rev130709.PacketReceivedBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.packet.service.rev130709.TransmitPacketInput;
import org.opendaylight.yangtools.yang.common.Uint64;

class NatPacketsTest {
    private static final String NODE = "openflow:161";
    private static final long PUNT = Cookie.of(Cookie.Purpose.PUNT, 0).value();

    private static PacketReceivedBuilder packet(final long cookie, final String port) {
        return new PacketReceivedBuilder().setFlowCookie(new FlowCookie(Uint64.fromLongBits(cookie)))
            .setIngress(NatPackets.connectorRef(NODE, port)).setPayload(new byte[] {1, 2, 3});
    }

    @Test
    void readsThePuntsOfTheNatOnly() {
        final NatPackets.Punted p = NatPackets.punted(packet(PUNT, "3").build()).orElseThrow();
        assertEquals(NODE, p.nodeId());
        assertEquals(3, p.inPort());
        assertArrayEquals(new byte[] {1, 2, 3}, p.frame());
        assertEquals(NatPackets.LOCAL_PORT, NatPackets.punted(packet(Cookie.of(Cookie.Purpose.NAT_GATEWAY, 1).value(),
            "LOCAL").build()).orElseThrow().inPort());
        // another application's packet-in, a pipeline rule's, and malformed ones are not the NAT's
        assertEquals(Optional.empty(), NatPackets.punted(packet(0x1234, "3").build()));
        assertEquals(Optional.empty(), NatPackets.punted(packet(Cookie.of(Cookie.Purpose.PIPELINE, 1).value(), "3")
            .build()));
        assertEquals(Optional.empty(), NatPackets.punted(packet(PUNT, "3").setPayload(null).build()));
        assertEquals(Optional.empty(), NatPackets.punted(packet(PUNT, "weird").build()));
        assertEquals(Optional.empty(), NatPackets.punted(null));
    }

    @Test
    void onlyTimeoutsOfMappingEntriesAreExpiriesNamedByTheirDestination() {
        final FlowRemovedBuilder out = new FlowRemovedBuilder()
            .setCookie(new FlowCookie(Uint64.fromLongBits(Cookie.of(Cookie.Purpose.NAT_OUTGOING, 7).value())))
            .setNode(new NodeRef(NatPackets.nodePath(NODE))).setReason(RemovedFlowReason.OFPRRIDLETIMEOUT)
            .setMatch(new MatchBuilder().setLayer3Match(new Ipv4MatchBuilder()
                .setIpv4Destination(new Ipv4Prefix("10.0.0.2/32")).build()).build());
        assertEquals(new NatPackets.Expired(NODE, Cookie.of(Cookie.Purpose.NAT_OUTGOING, 7).value(),
            "nat-out-7-10.0.0.2"), NatPackets.expired(out.build()).orElseThrow());
        assertEquals("nat-in-7", NatPackets.expired(out.setCookie(new FlowCookie(Uint64.fromLongBits(
            Cookie.of(Cookie.Purpose.NAT_INCOMING, 7).value()))).build()).orElseThrow().ruleName());
        // VIAS deleted it itself: not an expiry
        assertEquals(Optional.empty(), NatPackets.expired(out.setReason(RemovedFlowReason.OFPRRDELETE).build()));
        assertEquals(Optional.empty(), NatPackets.expired(out.setReason(RemovedFlowReason.OFPRRIDLETIMEOUT)
            .setCookie(new FlowCookie(Uint64.fromLongBits(Cookie.of(Cookie.Purpose.BYPASS_OUTBOUND, 7).value())))
            .build()));
        assertEquals(Optional.empty(), NatPackets.expired(null));
    }

    @Test
    void packetOutsNameTheirOutputAndIngress() {
        final TransmitPacketInput table = NatPackets.transmit(NODE, 3,
            new NatController.PacketOut(NatController.PacketOut.Kind.TABLE, 0, new byte[] {9}));
        assertEquals("TABLE", output(table));
        assertTrue(table.getIngress().getValue().firstKeyOf(NodeConnector.class).getId().getValue()
            .equals(NODE + ":3"));
        final TransmitPacketInput port = NatPackets.transmit(NODE, 3,
            new NatController.PacketOut(NatController.PacketOut.Kind.PORT, 5, new byte[] {9}));
        assertEquals("5", output(port));
        assertNull(port.getIngress(), "from the controller: a port out may equal no in_port rule");
        assertEquals(NODE + ":5", port.getEgress().getValue().firstKeyOf(NodeConnector.class).getId().getValue());
        final TransmitPacketInput flood = NatPackets.transmit(NODE, 0,
            new NatController.PacketOut(NatController.PacketOut.Kind.FLOOD, 0, new byte[] {9}));
        assertEquals("FLOOD", output(flood));
        assertNull(flood.getIngress());
        // a held frame released by a packet from another port enters from its own port
        assertEquals(NODE + ":1", NatPackets.transmit(NODE, 5, new NatController.PacketOut(
            NatController.PacketOut.Kind.TABLE, 0, new byte[] {9}, 1)).getIngress().getValue()
            .firstKeyOf(NodeConnector.class).getId().getValue());
        assertEquals("IN_PORT", output(NatPackets.transmit(NODE, 3,
            new NatController.PacketOut(NatController.PacketOut.Kind.IN_PORT, 0, new byte[] {9}))));
    }

    private static String output(final TransmitPacketInput input) {
        return ((OutputActionCase) input.getAction().values().iterator().next().getAction()).getOutputAction()
            .getOutputNodeConnector().getValue();
    }
}
