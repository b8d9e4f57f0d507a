/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.flow;

import java.util.ArrayList;
import java.util.List;
import org.opendaylight.vias.rules.FlowAction;
import org.opendaylight.vias.rules.FlowMatch;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.Ipv4Prefix;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Dscp;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.PortNumber;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Uri;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.MacAddress;
import org.opendaylight.yang.gen.v1.urn.opendaylight.action.types.rev131112.action.action.OutputActionCaseBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.action.types.rev131112.action.action.SetFieldCaseBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.action.types.rev131112.action.action.output.action._case.OutputActionBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.action.types.rev131112.action.action.set.field._case.SetFieldBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.action.types.rev131112.action.list.Action;
import org.opendaylight.yang.gen.v1.urn.opendaylight.action.types.rev131112.action.list.ActionBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.FlowId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.table.Flow;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.table.FlowBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.table.FlowKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.FlowCookie;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.FlowModFlags;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.flow.InstructionsBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.flow.Match;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.flow.MatchBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.instruction.instruction.ApplyActionsCaseBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.instruction.instruction.GoToTableCaseBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.instruction.instruction.apply.actions._case.ApplyActionsBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.instruction.instruction.go.to.table._case.GoToTableBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.instruction.list.Instruction;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.instruction.list.InstructionBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.NodeConnectorId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.l2.types.rev130827.EtherType;
import org.opendaylight.yang.gen.v1.urn.opendaylight.model.match.types.rev131026.ethernet.match.fields.EthernetDestinationBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.model.match.types.rev131026.ethernet.match.fields.EthernetSourceBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.model.match.types.rev131026.ethernet.match.fields.EthernetTypeBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.model.match.types.rev131026.match.EthernetMatchBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.model.match.types.rev131026.match.Icmpv4MatchBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.model.match.types.rev131026.match.IpMatchBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.model.match.types.rev131026.match.layer._3.match.ArpMatchBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.model.match.types.rev131026.match.layer._3.match.Ipv4MatchBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.model.match.types.rev131026.match.layer._4.match.TcpMatchBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.model.match.types.rev131026.match.layer._4.match.UdpMatchBuilder;
import org.opendaylight.yangtools.yang.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;

/**
 * Translates a VIAS {@link FlowRule} into OpenFlowPlugin's inventory {@link Flow}, the shape the Forwarding Rules
 * Manager pushes to a switch. Pure: no datastore, no runtime; the flow id is the rule's name, so writing the same
 * rule again replaces it.
 */
public final class FlowTranslator {
    /** OFPCML_NO_BUFFER. */
    private static final Uint16 NO_BUFFER = Uint16.valueOf(0xffff);

    private FlowTranslator() {
    }

    /**
     * The inventory flow for {@code rule} on the node {@code nodeId} ({@code openflow:<dpid>}); the node id is
     * needed only to spell in-port match fields the way the inventory does ({@code openflow:<dpid>:<port>}).
     */
    public static Flow toFlow(final FlowRule rule, final String nodeId) {
        final FlowId id = new FlowId(rule.name());
        return new FlowBuilder()
            .setId(id)
            .withKey(new FlowKey(id))
            .setFlowName(rule.name())
            .setTableId(Uint8.valueOf(rule.table().id()))
            .setPriority(Uint16.valueOf(rule.priority()))
            .setCookie(new FlowCookie(Uint64.fromLongBits(rule.cookie().value())))
            // An exact cookie mask makes the Forwarding Rules Manager's strict delete of this rule take only this
            // rule: without it a delete matches any rule with the same match and priority, e.g. the rule of a newer
            // bypass or NAT mapping that reuses the same ports (and the plugin may send the delete after that add).
            .setCookieMask(new FlowCookie(Uint64.MAX_VALUE))
            .setIdleTimeout(Uint16.valueOf(rule.idleTimeout()))
            .setHardTimeout(Uint16.valueOf(rule.hardTimeout()))
            .setFlags(new FlowModFlags(false, false, false, false, rule.sendFlowRemoved()))
            .setMatch(toMatch(rule.match(), nodeId))
            .setInstructions(new InstructionsBuilder().setInstruction(BindingMap.ordered(instructions(rule))).build())
            .setBarrier(false)
            .setStrict(false)
            .setInstallHw(true)
            .build();
    }

    static List<Instruction> instructions(final FlowRule rule) {
        final List<Instruction> out = new ArrayList<>();
        int order = 0;
        if (!rule.actions().isEmpty()) {
            final List<Action> actions = new ArrayList<>();
            int actionOrder = 0;
            for (FlowAction action : rule.actions()) {
                actions.add(new ActionBuilder().setOrder(actionOrder++).setAction(toAction(action)).build());
            }
            out.add(new InstructionBuilder().setOrder(order++)
                .setInstruction(new ApplyActionsCaseBuilder()
                    .setApplyActions(new ApplyActionsBuilder().setAction(BindingMap.ordered(actions)).build())
                    .build())
                .build());
        }
        if (rule.gotoTable() != null) {
            out.add(new InstructionBuilder().setOrder(order)
                .setInstruction(new GoToTableCaseBuilder()
                    .setGoToTable(new GoToTableBuilder().setTableId(Uint8.valueOf(rule.gotoTable().id())).build())
                    .build())
                .build());
        }
        return out;
    }

    static org.opendaylight.yang.gen.v1.urn.opendaylight.action.types.rev131112.action.Action toAction(
            final FlowAction action) {
        if (action instanceof FlowAction.Output o) {
            return output(o.port() == FlowAction.LOCAL ? "LOCAL" : Long.toString(o.port()), Uint16.ZERO);
        } else if (action instanceof FlowAction.Normal) {
            return output("NORMAL", Uint16.ZERO);
        } else if (action instanceof FlowAction.Controller c) {
            return output("CONTROLLER", Uint16.valueOf(c.maxLength()));
        } else if (action instanceof FlowAction.InPort) {
            return output("IN_PORT", Uint16.ZERO);
        } else if (action instanceof FlowAction.SetEthSrc s) {
            return setField(new SetFieldBuilder().setEthernetMatch(new EthernetMatchBuilder()
                .setEthernetSource(new EthernetSourceBuilder().setAddress(mac(s.mac())).build()).build()));
        } else if (action instanceof FlowAction.SetEthDst s) {
            return setField(new SetFieldBuilder().setEthernetMatch(new EthernetMatchBuilder()
                .setEthernetDestination(new EthernetDestinationBuilder().setAddress(mac(s.mac())).build())
                .build()));
        } else if (action instanceof FlowAction.SetIpv4Src s) {
            return setField(new SetFieldBuilder().setLayer3Match(new Ipv4MatchBuilder()
                .setIpv4Source(prefix(Ipv4Prefix.host(s.address()))).build()));
        } else if (action instanceof FlowAction.SetIpv4Dst s) {
            return setField(new SetFieldBuilder().setLayer3Match(new Ipv4MatchBuilder()
                .setIpv4Destination(prefix(Ipv4Prefix.host(s.address()))).build()));
        } else if (action instanceof FlowAction.SetTpSrc s) {
            final PortNumber port = new PortNumber(Uint16.valueOf(s.port()));
            return setField(new SetFieldBuilder().setLayer4Match(s.ipProto() == FlowMatch.PROTO_TCP
                ? new TcpMatchBuilder().setTcpSourcePort(port).build()
                : new UdpMatchBuilder().setUdpSourcePort(port).build()));
        } else if (action instanceof FlowAction.SetTpDst s) {
            final PortNumber port = new PortNumber(Uint16.valueOf(s.port()));
            return setField(new SetFieldBuilder().setLayer4Match(s.ipProto() == FlowMatch.PROTO_TCP
                ? new TcpMatchBuilder().setTcpDestinationPort(port).build()
                : new UdpMatchBuilder().setUdpDestinationPort(port).build()));
        }
        throw new IllegalArgumentException("unhandled action " + action);
    }

    private static org.opendaylight.yang.gen.v1.urn.opendaylight.action.types.rev131112.action.Action output(
            final String port, final Uint16 maxLength) {
        return new OutputActionCaseBuilder()
            .setOutputAction(new OutputActionBuilder().setOutputNodeConnector(new Uri(port)).setMaxLength(maxLength)
                .build())
            .build();
    }

    private static org.opendaylight.yang.gen.v1.urn.opendaylight.action.types.rev131112.action.Action setField(
            final SetFieldBuilder field) {
        return new SetFieldCaseBuilder().setSetField(field.build()).build();
    }

    /** The inventory match; OpenFlow prerequisites were already enforced by {@link FlowMatch}. */
    public static Match toMatch(final FlowMatch match, final String nodeId) {
        final MatchBuilder mb = new MatchBuilder();
        if (match.inPort() != null) {
            mb.setInPort(new NodeConnectorId(nodeId + ":"
                + (match.inPort() == FlowAction.LOCAL ? "LOCAL" : match.inPort())));
        }
        if (match.ethType() != null || match.ethSrc() != null || match.ethDst() != null) {
            final EthernetMatchBuilder eth = new EthernetMatchBuilder();
            if (match.ethType() != null) {
                eth.setEthernetType(new EthernetTypeBuilder()
                    .setType(new EtherType(Uint32.valueOf(match.ethType()))).build());
            }
            if (match.ethSrc() != null) {
                eth.setEthernetSource(new EthernetSourceBuilder().setAddress(mac(match.ethSrc())).build());
            }
            if (match.ethDst() != null) {
                final EthernetDestinationBuilder dst = new EthernetDestinationBuilder().setAddress(mac(match.ethDst()));
                if (match.ethDstMask() != null) {
                    dst.setMask(mac(match.ethDstMask()));
                }
                eth.setEthernetDestination(dst.build());
            }
            mb.setEthernetMatch(eth.build());
        }
        if (match.ipProto() != null || match.ipDscp() != null) {
            final IpMatchBuilder ip = new IpMatchBuilder();
            if (match.ipProto() != null) {
                ip.setIpProtocol(Uint8.valueOf(match.ipProto()));
            }
            if (match.ipDscp() != null) {
                ip.setIpDscp(new Dscp(Uint8.valueOf(match.ipDscp())));
            }
            mb.setIpMatch(ip.build());
        }
        if (match.ipv4Src() != null || match.ipv4Dst() != null) {
            final Ipv4MatchBuilder ip = new Ipv4MatchBuilder();
            if (match.ipv4Src() != null) {
                ip.setIpv4Source(prefix(match.ipv4Src()));
            }
            if (match.ipv4Dst() != null) {
                ip.setIpv4Destination(prefix(match.ipv4Dst()));
            }
            mb.setLayer3Match(ip.build());
        } else if (match.arpOp() != null || match.arpTargetIp() != null) {
            final ArpMatchBuilder arp = new ArpMatchBuilder();
            if (match.arpOp() != null) {
                arp.setArpOp(Uint16.valueOf(match.arpOp()));
            }
            if (match.arpTargetIp() != null) {
                arp.setArpTargetTransportAddress(prefix(match.arpTargetIp()));
            }
            mb.setLayer3Match(arp.build());
        }
        if (match.tpSrc() != null || match.tpDst() != null) {
            if (match.ipProto() == FlowMatch.PROTO_TCP) {
                final TcpMatchBuilder tcp = new TcpMatchBuilder();
                if (match.tpSrc() != null) {
                    tcp.setTcpSourcePort(new PortNumber(Uint16.valueOf(match.tpSrc())));
                }
                if (match.tpDst() != null) {
                    tcp.setTcpDestinationPort(new PortNumber(Uint16.valueOf(match.tpDst())));
                }
                mb.setLayer4Match(tcp.build());
            } else {
                final UdpMatchBuilder udp = new UdpMatchBuilder();
                if (match.tpSrc() != null) {
                    udp.setUdpSourcePort(new PortNumber(Uint16.valueOf(match.tpSrc())));
                }
                if (match.tpDst() != null) {
                    udp.setUdpDestinationPort(new PortNumber(Uint16.valueOf(match.tpDst())));
                }
                mb.setLayer4Match(udp.build());
            }
        }
        if (match.icmpType() != null) {
            mb.setIcmpv4Match(new Icmpv4MatchBuilder().setIcmpv4Type(Uint8.valueOf(match.icmpType())).build());
        }
        return mb.build();
    }

    private static MacAddress mac(final org.opendaylight.vias.rules.MacAddress mac) {
        return new MacAddress(mac.value());
    }

    private static org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Ipv4Prefix
            prefix(final Ipv4Prefix prefix) {
        return new org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Ipv4Prefix(
            prefix.toString());
    }
}
