/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.flow;

import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.FlowCapableNode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.FlowId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.Table;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.TableKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.table.Flow;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.table.FlowKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.NodeId;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.Nodes;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.nodes.Node;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.nodes.NodeKey;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.opendaylight.yangtools.yang.common.Uint8;

/** Paths into the OpenFlowPlugin inventory ({@code opendaylight-inventory:nodes}). */
public final class InventoryPaths {
    private InventoryPaths() {
    }

    public static InstanceIdentifier<Node> node(final String nodeId) {
        return InstanceIdentifier.create(Nodes.class).child(Node.class, new NodeKey(new NodeId(nodeId)));
    }

    public static InstanceIdentifier<FlowCapableNode> flowCapableNode(final String nodeId) {
        return node(nodeId).augmentation(FlowCapableNode.class);
    }

    public static InstanceIdentifier<Flow> flow(final String nodeId, final short tableId, final String flowId) {
        return flowCapableNode(nodeId).child(Table.class, new TableKey(Uint8.valueOf(tableId)))
            .child(Flow.class, new FlowKey(new FlowId(flowId)));
    }
}
