/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.pipeline;

import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.WriteTransaction;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.State;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.Bridge;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.BridgeBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.BridgeKey;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes each connected bridge and the size of its pipeline in {@code vias:state/bridge} (OPERATIONAL). */
@Component(service = BridgeStateWriter.class)
public final class BridgeStateWriter {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeStateWriter.class);
    private static final long TIMEOUT_SECONDS = 15;

    private final DataBroker broker;

    @Activate
    public BridgeStateWriter(@Reference final DataBroker broker) {
        this.broker = Objects.requireNonNull(broker);
    }

    public void write(final String nodeId, final String name, final int pipelineRules)
            throws InterruptedException, ExecutionException, TimeoutException {
        final WriteTransaction tx = broker.newWriteOnlyTransaction();
        tx.mergeParentStructurePut(LogicalDatastoreType.OPERATIONAL, path(nodeId), new BridgeBuilder()
            .setNodeId(nodeId).setBridgeName(name).setPipelineRules(Uint32.valueOf(pipelineRules)).build());
        tx.commit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Removes a bridge that disconnected; a failure is only logged (the entry goes with the next restart). */
    @SuppressWarnings("checkstyle:IllegalCatch")
    public void remove(final String nodeId) {
        final WriteTransaction tx = broker.newWriteOnlyTransaction();
        tx.delete(LogicalDatastoreType.OPERATIONAL, path(nodeId));
        try {
            tx.commit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("VIAS: could not remove state of {}", nodeId, e);
        }
    }

    private static InstanceIdentifier<Bridge> path(final String nodeId) {
        return InstanceIdentifier.create(State.class).child(Bridge.class, new BridgeKey(nodeId));
    }
}
