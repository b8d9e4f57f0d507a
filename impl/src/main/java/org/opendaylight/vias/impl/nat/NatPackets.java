/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.nat;

import java.util.List;
import java.util.Optional;
import org.opendaylight.vias.nat.NatController;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Uri;
import org.opendaylight.yang.gen.v1.urn.opendaylight.action.types.rev131112.action.action.OutputActionCaseBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.action.types.rev131112.action.action.output.action._case.OutputActionBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.action.types.rev131112.action.list.ActionBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.service.rev130819.FlowRemoved;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.RemovedFlowReason;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.NodeConnectorId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.NodeConnectorRef;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.NodeId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.NodeRef;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.Nodes;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.node.NodeConnector;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.node.NodeConnectorKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.nodes.Node;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.nodes.NodeKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.model.match.types.rev131026.match.layer._3.match.Ipv4Match;
import org.opendaylight.yang.gen.v1.urn.opendaylight.packet.service.rev130709.PacketReceived;
import org.opendaylight.yang.gen.v1.urn.opendaylight.packet.service.rev130709.TransmitPacketInput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.packet.service.rev130709.TransmitPacketInputBuilder;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.opendaylight.yangtools.yang.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Uint16;

/**
 * Translation between OpenFlowPlugin's packet-processing and flow-removed types and the NAT's plain values. Pure
 * functions; what cannot be read is reported as empty (the service drops and counts it).
 */
public final class NatPackets {
    /** OFPP_LOCAL: the bridge's own port, named LOCAL in the inventory. */
    static final long LOCAL_PORT = 0xfffffffeL;

    /** A packet-in the NAT punted: from which bridge and port, with the frame. */
    public record Punted(String nodeId, long inPort, byte[] frame, long cookie) {
    }

    /** A NAT entry the switch removed by itself (idle or hard timeout). */
    public record Expired(String nodeId, long cookie, String ruleName) {
    }

    private NatPackets() {
    }

    /**
     * The packet-in if one of the NAT's punts sent it (cookie purpose PUNT or NAT_GATEWAY); empty for packet-ins of
     * other rules and for malformed notifications.
     */
    public static Optional<Punted> punted(final PacketReceived packet) {
        if (packet == null || packet.getFlowCookie() == null || packet.getPayload() == null
                || packet.getIngress() == null) {
            return Optional.empty();
        }
        final long cookie = packet.getFlowCookie().getValue().longValue();
        if (!isNatPunt(cookie)) {
            return Optional.empty();
        }
        final InstanceIdentifier<?> ingress = packet.getIngress().getValue();
        final NodeKey node = ingress.firstKeyOf(Node.class);
        final NodeConnectorKey connector = ingress.firstKeyOf(NodeConnector.class);
        if (node == null || connector == null) {
            return Optional.empty();
        }
        final Optional<Long> port = portNumber(connector.getId().getValue());
        return port.map(p -> new Punted(node.getId().getValue(), p, packet.getPayload(), cookie));
    }

    /** Whether a packet-in with this cookie comes from one of the NAT's punt rules. */
    public static boolean isNatPunt(final long cookie) {
        if (!Cookie.isVias(cookie)) {
            return false;
        }
        try {
            final Cookie.Purpose purpose = Cookie.decode(cookie).purpose();
            return purpose == Cookie.Purpose.PUNT || purpose == Cookie.Purpose.NAT_GATEWAY;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The port number of an inventory node connector id ({@code openflow:<dpid>:<port>} or {@code ...:LOCAL}). */
    public static Optional<Long> portNumber(final String nodeConnectorId) {
        final int colon = nodeConnectorId.lastIndexOf(':');
        final String port = nodeConnectorId.substring(colon + 1);
        if ("LOCAL".equals(port)) {
            return Optional.of(LOCAL_PORT);
        }
        try {
            return Optional.of(Long.parseLong(port));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A NAT mapping entry that idled (or timed) out on the switch. Removals VIAS asked for itself (reason DELETE)
     * are not expiries and give empty, as do rules that are not NAT mapping entries.
     */
    public static Optional<Expired> expired(final FlowRemoved removed) {
        if (removed == null || removed.getCookie() == null || removed.getNode() == null) {
            return Optional.empty();
        }
        final long cookie = removed.getCookie().getValue().longValue();
        if (!Cookie.isVias(cookie)) {
            return Optional.empty();
        }
        final RemovedFlowReason reason = removed.getReason();
        if (reason != RemovedFlowReason.OFPRRIDLETIMEOUT && reason != RemovedFlowReason.OFPRRHARDTIMEOUT) {
            return Optional.empty();
        }
        final Cookie decoded;
        try {
            decoded = Cookie.decode(cookie);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        final NodeKey node = removed.getNode().getValue().firstKeyOf(Node.class);
        if (node == null) {
            return Optional.empty();
        }
        final String nodeId = node.getId().getValue();
        if (decoded.purpose() == Cookie.Purpose.NAT_INCOMING) {
            return Optional.of(new Expired(nodeId, cookie, "nat-in-" + decoded.id()));
        }
        if (decoded.purpose() != Cookie.Purpose.NAT_OUTGOING) {
            return Optional.empty();
        }
        // one outgoing entry per destination, all with the mapping's cookie: the matched destination names it
        String name = null;
        if (removed.getMatch() != null && removed.getMatch().getLayer3Match() instanceof Ipv4Match ipv4
                && ipv4.getIpv4Destination() != null) {
            final String prefix = ipv4.getIpv4Destination().getValue();
            final int slash = prefix.indexOf('/');
            name = "nat-out-" + decoded.id() + "-" + (slash < 0 ? prefix : prefix.substring(0, slash));
        }
        return Optional.of(new Expired(nodeId, cookie, name));
    }

    /**
     * The TransmitPacket input that carries out one of the NAT's packet-outs on bridge {@code nodeId}, for a packet
     * that came in on {@code inPort} (0 when the controller originates it).
     */
    public static TransmitPacketInput transmit(final String nodeId, final long packetInPort,
            final NatController.PacketOut out) {
        final long inPort = out.inPort() >= 0 ? out.inPort() : packetInPort;
        final String output;
        boolean fromInPort = inPort > 0;
        switch (out.kind()) {
            case PORT:
                output = Long.toString(out.port());
                fromInPort = false;
                break;
            case IN_PORT:
                output = "IN_PORT";
                break;
            case TABLE:
                output = "TABLE";
                break;
            case NORMAL:
                output = "NORMAL";
                break;
            case FLOOD:
            default:
                output = "FLOOD";
                fromInPort = false;
                break;
        }
        final TransmitPacketInputBuilder builder = new TransmitPacketInputBuilder()
            .setNode(new NodeRef(nodePath(nodeId)))
            .setEgress(connectorRef(nodeId, out.kind() == NatController.PacketOut.Kind.PORT
                ? Long.toString(out.port()) : inPort > 0 ? Long.toString(inPort) : "LOCAL"))
            .setPayload(out.frame())
            .setAction(BindingMap.ordered(List.of(new ActionBuilder().setOrder(0)
                .setAction(new OutputActionCaseBuilder().setOutputAction(new OutputActionBuilder()
                    .setOutputNodeConnector(new Uri(output)).setMaxLength(Uint16.valueOf(0xffff)).build())
                    .build())
                .build())));
        if (fromInPort) {
            // the packet enters the pipeline (or IN_PORT/NORMAL) as if it came from where it came from
            builder.setIngress(connectorRef(nodeId, Long.toString(inPort)));
        }
        return builder.build();
    }

    static InstanceIdentifier<Node> nodePath(final String nodeId) {
        return InstanceIdentifier.create(Nodes.class).child(Node.class, new NodeKey(new NodeId(nodeId)));
    }

    static NodeConnectorRef connectorRef(final String nodeId, final String port) {
        return new NodeConnectorRef(nodePath(nodeId).child(NodeConnector.class,
            new NodeConnectorKey(new NodeConnectorId(nodeId + ":" + port))));
    }
}
