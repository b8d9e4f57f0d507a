/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opendaylight.vias.impl.flow.FlowTranslator;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Counter64;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.MacAddress;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.FlowCapableNode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.FlowCapableNodeBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.FlowCapableNodeConnectorBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.Table;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.TableBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.table.Flow;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.table.FlowBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.statistics.rev130819.FlowStatisticsDataBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.statistics.rev130819.flow.statistics.FlowStatisticsBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.port.rev130925.PortNumberUni;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.NodeConnectorId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.NodeId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.node.NodeConnector;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.node.NodeConnectorBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.nodes.Node;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.nodes.NodeBuilder;
import org.opendaylight.yangtools.yang.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;

/** Inventory nodes as OpenFlowPlugin writes them, for tests. */
public final class InventoryNodes {
    private InventoryNodes() {
    }

    /** An OpenFlow switch node whose LOCAL port is named {@code bridge}, with these numbered ports. */
    public static Node bridge(final String nodeId, final String bridge, final String localMac,
            final Map<String, Long> ports) {
        final List<NodeConnector> connectors = new ArrayList<>();
        connectors.add(new NodeConnectorBuilder().setId(new NodeConnectorId(nodeId + ":LOCAL"))
            .addAugmentation(new FlowCapableNodeConnectorBuilder().setName(bridge)
                .setHardwareAddress(localMac == null ? null : new MacAddress(localMac))
                .setPortNumber(new PortNumberUni("LOCAL")).build()).build());
        ports.forEach((name, number) -> connectors.add(new NodeConnectorBuilder()
            .setId(new NodeConnectorId(nodeId + ":" + number))
            .addAugmentation(new FlowCapableNodeConnectorBuilder().setName(name)
                .setPortNumber(new PortNumberUni(Uint32.valueOf(number))).build()).build()));
        return new NodeBuilder().setId(new NodeId(nodeId)).setNodeConnector(BindingMap.of(connectors))
            .addAugmentation(new FlowCapableNodeBuilder().build()).build();
    }

    /** A node OpenFlowPlugin knows but that is not (or no longer) an OpenFlow switch. */
    public static Node notASwitch(final String nodeId) {
        return new NodeBuilder().setId(new NodeId(nodeId)).build();
    }

    /** A flow as the inventory holds it, with statistics when {@code packets} is not negative. */
    public static Flow flow(final FlowRule rule, final String nodeId, final long packets, final long bytes) {
        final Flow flow = FlowTranslator.toFlow(rule, nodeId);
        if (packets < 0) {
            return flow;
        }
        return new FlowBuilder(flow).addAugmentation(new FlowStatisticsDataBuilder().setFlowStatistics(
            new FlowStatisticsBuilder().setPacketCount(new Counter64(Uint64.valueOf(packets)))
                .setByteCount(new Counter64(Uint64.valueOf(bytes))).build()).build()).build();
    }

    /** A flow-capable node holding these flows in their tables. */
    public static FlowCapableNode tables(final List<Flow> flows) {
        final Map<Short, List<Flow>> byTable = new java.util.TreeMap<>();
        for (Flow flow : flows) {
            byTable.computeIfAbsent(flow.getTableId().toJava(), t -> new ArrayList<>()).add(flow);
        }
        final List<Table> tables = new ArrayList<>();
        byTable.forEach((id, inTable) -> tables.add(new TableBuilder().setId(Uint8.valueOf(id))
            .setFlow(BindingMap.of(inTable)).build()));
        return new FlowCapableNodeBuilder().setTable(BindingMap.of(tables)).build();
    }
}
