/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.inventory;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.FlowCapableNode;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.FlowCapableNodeConnector;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.node.NodeConnector;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.nodes.Node;

/**
 * What an OPERATIONAL inventory node says about the bridge behind it: its name, port numbers and LOCAL MAC. Pure
 * reading of one node; {@link BridgeTracker} decides what a change means.
 */
public final class BridgeInventory {

    /**
     * A bridge as its inventory node shows it.
     *
     * @param name     the bridge's name (OVS names the LOCAL port after its bridge), or null when not reported
     * @param ports    OpenFlow port number by port name (LOCAL and ports without a number left out)
     * @param localMac hardware address of the LOCAL port, or null when not reported
     */
    public record Observed(String name, Map<String, Long> ports, String localMac) {
        public Observed {
            ports = ports == null ? Map.of() : Map.copyOf(ports);
        }
    }

    private BridgeInventory() {
    }

    /** The bridge behind {@code node}, or empty when the node is gone or is not (yet) an OpenFlow switch. */
    public static Optional<Observed> observe(final Node node) {
        if (node == null || node.augmentation(FlowCapableNode.class) == null) {
            return Optional.empty();
        }
        final Optional<FlowCapableNodeConnector> local = localPort(node);
        return Optional.of(new Observed(local.map(FlowCapableNodeConnector::getName).orElse(null), portNumbers(node),
            local.map(fc -> fc.getHardwareAddress() == null ? null : fc.getHardwareAddress().getValue())
                .orElse(null)));
    }

    private static Optional<FlowCapableNodeConnector> localPort(final Node node) {
        for (NodeConnector connector : node.nonnullNodeConnector().values()) {
            if (connector.getId() != null && connector.getId().getValue().endsWith(":LOCAL")) {
                return Optional.ofNullable(connector.augmentation(FlowCapableNodeConnector.class));
            }
        }
        return Optional.empty();
    }

    private static Map<String, Long> portNumbers(final Node node) {
        final Map<String, Long> out = new TreeMap<>();
        for (NodeConnector connector : node.nonnullNodeConnector().values()) {
            final FlowCapableNodeConnector fc = connector.augmentation(FlowCapableNodeConnector.class);
            if (fc == null || fc.getName() == null || fc.getPortNumber() == null
                    || fc.getPortNumber().getUint32() == null) {
                continue;
            }
            out.put(fc.getName(), fc.getPortNumber().getUint32().toJava());
        }
        return out;
    }
}
