/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.ReadTransaction;
import org.opendaylight.mdsal.binding.api.WriteTransaction;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.vias.impl.flow.InventoryPaths;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.FlowCapableNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@link BasePipeline} of a bridge into its CONFIG inventory, from where the Forwarding Rules Manager
 * pushes it, and pushes it again after every reconnect ({@code impl/RULES.md}). Reads the bridge's CONFIG inventory
 * and commits the {@link PipelineDiff}: fine for the pipeline, which changes only with the config or the bridge's
 * ports (rules that change per flow go through {@code flow.RuleWriter}). Remembers what it committed so that the
 * rule listing can render each pipeline rule.
 */
@Component(service = PipelineWriter.class)
public final class PipelineWriter {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineWriter.class);
    private static final long TIMEOUT_SECONDS = 15;

    private final DataBroker broker;
    /** The pipeline committed last, per node and flow id. */
    private final Map<String, Map<String, FlowRule>> committed = new ConcurrentHashMap<>();

    @Activate
    public PipelineWriter(@Reference final DataBroker broker) {
        this.broker = Objects.requireNonNull(broker);
    }

    /**
     * Makes the pipeline rules of bridge {@code nodeId} in the CONFIG inventory exactly {@code rules}. Callers
     * serialise their calls per bridge.
     *
     * @throws ExecutionException if the read or the commit failed (nothing is remembered as committed then)
     */
    public void write(final String nodeId, final List<FlowRule> rules)
            throws InterruptedException, ExecutionException, TimeoutException {
        final FlowCapableNode current;
        try (ReadTransaction rtx = broker.newReadOnlyTransaction()) {
            current = rtx.read(LogicalDatastoreType.CONFIGURATION, InventoryPaths.flowCapableNode(nodeId))
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).orElse(null);
        }
        final PipelineDiff diff = PipelineDiff.of(nodeId, current, rules);
        if (!diff.isEmpty()) {
            final WriteTransaction tx = broker.newWriteOnlyTransaction();
            for (PipelineDiff.Put put : diff.put()) {
                tx.mergeParentStructurePut(LogicalDatastoreType.CONFIGURATION,
                    InventoryPaths.flow(nodeId, put.slot().table(), put.slot().name()), put.flow());
            }
            for (PipelineDiff.Slot slot : diff.delete()) {
                tx.delete(LogicalDatastoreType.CONFIGURATION, InventoryPaths.flow(nodeId, slot.table(), slot.name()));
            }
            tx.commit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        // only what the datastore holds: the listing must not show a pipeline whose commit failed
        committed.put(nodeId, rules.stream().collect(Collectors.toUnmodifiableMap(FlowRule::name,
            Function.identity(), (first, second) -> second)));
        if (!diff.isEmpty()) {
            LOG.info("VIAS: {} pipeline rule change(s) on {} ({} rules, {} removed)", diff.changes(), nodeId,
                rules.size(), diff.delete().size());
        }
    }

    /** The pipeline rules last committed for bridge {@code nodeId}, by flow id. */
    public Map<String, FlowRule> committed(final String nodeId) {
        return committed.getOrDefault(nodeId, Map.of());
    }

    /** Forgets a bridge that disconnected (the FRM keeps its CONFIG flows for when it comes back). */
    public void forget(final String nodeId) {
        committed.remove(nodeId);
    }
}
