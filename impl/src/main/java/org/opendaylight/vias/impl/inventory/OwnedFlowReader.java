/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.inventory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.ReadTransaction;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.vias.impl.ViasRuntime.OwnedFlow;
import org.opendaylight.vias.impl.flow.InventoryPaths;
import org.opendaylight.vias.impl.flow.RuleWriter;
import org.opendaylight.vias.impl.pipeline.PipelineWriter;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.FlowCapableNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Reads the VIAS rules the bridges report (OPERATIONAL inventory, filled by OpenFlowPlugin's flow statistics) and
 * renders those VIAS has confirmed: pipeline rules as committed by the {@link PipelineWriter}, NAT and bypass rules
 * as confirmed by the {@link RuleWriter}'s barrier.
 */
@Component(service = OwnedFlowReader.class)
public final class OwnedFlowReader {
    private static final long TIMEOUT_SECONDS = 15;

    private final DataBroker broker;
    private final RuleWriter ruleWriter;
    private final PipelineWriter pipeline;

    @Activate
    public OwnedFlowReader(@Reference final DataBroker broker, @Reference final RuleWriter ruleWriter,
            @Reference final PipelineWriter pipeline) {
        this.broker = Objects.requireNonNull(broker);
        this.ruleWriter = Objects.requireNonNull(ruleWriter);
        this.pipeline = Objects.requireNonNull(pipeline);
    }

    /** The VIAS rules of these bridges, in {@link OwnedFlows#ORDER}; a bridge that reports nothing adds none. */
    public List<OwnedFlow> read(final Collection<String> nodeIds)
            throws InterruptedException, ExecutionException, TimeoutException {
        final List<OwnedFlow> out = new ArrayList<>();
        try (ReadTransaction rtx = broker.newReadOnlyTransaction()) {
            for (String nodeId : nodeIds) {
                final Optional<FlowCapableNode> node = rtx.read(LogicalDatastoreType.OPERATIONAL,
                    InventoryPaths.flowCapableNode(nodeId)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (node.isPresent()) {
                    final Map<String, FlowRule> confirmed = new HashMap<>(ruleWriter.confirmed(nodeId));
                    confirmed.putAll(pipeline.committed(nodeId));
                    out.addAll(OwnedFlows.of(nodeId, node.orElseThrow(), confirmed));
                }
            }
        }
        out.sort(OwnedFlows.ORDER);
        return out;
    }
}
