/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import java.util.concurrent.TimeUnit;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.RpcProviderService;
import org.opendaylight.mdsal.binding.api.WriteTransaction;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.BypassFlow;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.BypassFlowOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.BypassFlowOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.PositiveRate;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.SetThreshold;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.SetThresholdOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.SetThresholdOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.UnbypassFlow;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.UnbypassFlowOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.UnbypassFlowOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Bypass;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.BypassBuilder;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcResultBuilder;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The bypass RPCs (bypass-flow, unbypass-flow, set-threshold): what {@code vias:bypass}, {@code vias:unbypass} and
 * {@code vias:threshold} do, over RESTCONF. set-threshold writes {@code config/bypass}, so the commit checks apply.
 */
@Component(service = BypassRpcs.class, immediate = true)
@SuppressWarnings("checkstyle:IllegalCatch")
public final class BypassRpcs implements AutoCloseable {
    private static final long TIMEOUT_S = 15;
    private final DataBroker broker;
    private final Registration registration;

    @Activate
    public BypassRpcs(@Reference final RpcProviderService rpcs, @Reference final BypassService service,
            @Reference final DataBroker broker) {
        this.broker = broker;
        registration = rpcs.registerRpcImplementations(
            (BypassFlow) input -> {
                final BypassEngine engine = service.engine().orElse(null);
                if (engine == null) {
                    return RpcResultBuilder.<BypassFlowOutput>failed()
                        .withError(ErrorType.APPLICATION, "the overlay is not running").buildFuture();
                }
                try {
                    final BypassEngine.ManualResult result = engine.bypass(input.getFlow());
                    final BypassFlowOutputBuilder out = new BypassFlowOutputBuilder().setOutcome(result.outcome());
                    if (result.id() != 0) {
                        out.setBypassId(Uint64.fromLongBits(result.id()));
                    }
                    return RpcResultBuilder.success(out.build()).buildFuture();
                } catch (IllegalArgumentException e) {
                    return RpcResultBuilder.<BypassFlowOutput>failed()
                        .withError(ErrorType.PROTOCOL, e.getMessage()).buildFuture();
                }
            },
            (UnbypassFlow) input -> {
                final BypassEngine engine = service.engine().orElse(null);
                if (engine == null) {
                    return RpcResultBuilder.<UnbypassFlowOutput>failed()
                        .withError(ErrorType.APPLICATION, "the overlay is not running").buildFuture();
                }
                try {
                    return RpcResultBuilder.success(new UnbypassFlowOutputBuilder()
                        .setTornDown(engine.unbypass(input.getFlow())).build()).buildFuture();
                } catch (IllegalArgumentException e) {
                    return RpcResultBuilder.<UnbypassFlowOutput>failed()
                        .withError(ErrorType.PROTOCOL, e.getMessage()).buildFuture();
                }
            },
            (SetThreshold) input -> {
                try {
                    writeThresholds(input.getBytesPerSecond() == null ? null : input.getBytesPerSecond().getValue(),
                        input.getPacketsPerSecond() == null ? null : input.getPacketsPerSecond().getValue(),
                        input.getMinDuration() == null ? null : input.getMinDuration().toJava());
                    return RpcResultBuilder.success(new SetThresholdOutputBuilder().build()).buildFuture();
                } catch (Exception e) {
                    return RpcResultBuilder.<SetThresholdOutput>failed()
                        .withError(ErrorType.APPLICATION, String.valueOf(e.getCause() != null ? e.getCause()
                            .getMessage() : e.getMessage())).buildFuture();
                }
            });
    }

    /** Merges the given thresholds into {@code config/bypass}; null leaves a value as it is. */
    public void writeThresholds(final Long bytesPerSecond, final Long packetsPerSecond, final Long minDurationMs)
            throws Exception {
        final BypassBuilder bypass = new BypassBuilder();
        if (bytesPerSecond != null) {
            bypass.setThresholdBytesPerSecond(new PositiveRate(bytesPerSecond));
        }
        if (packetsPerSecond != null) {
            bypass.setThresholdPacketsPerSecond(new PositiveRate(packetsPerSecond));
        }
        if (minDurationMs != null) {
            bypass.setMinDuration(Uint32.valueOf(minDurationMs));
        }
        final WriteTransaction tx = broker.newWriteOnlyTransaction();
        tx.mergeParentStructureMerge(LogicalDatastoreType.CONFIGURATION,
            InstanceIdentifier.create(Config.class).child(Bypass.class), bypass.build());
        tx.commit().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    @Deactivate
    @Override
    public void close() {
        registration.close();
    }
}
