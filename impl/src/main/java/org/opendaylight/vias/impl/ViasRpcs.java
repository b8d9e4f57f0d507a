/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.opendaylight.mdsal.binding.api.RpcProviderService;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.ZeroBasedCounter64;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.GetFlows;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.GetFlowsOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.GetStatus;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.GetStatusOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.ReinstallPipeline;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.ReinstallPipelineOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.get.flows.output.Node;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.get.flows.output.NodeBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.get.flows.output.node.Rule;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.get.flows.output.node.RuleBuilder;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.RpcResultBuilder;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** The vias RPCs (get-status, get-flows, reinstall-pipeline): what the console commands do, over RESTCONF. */
@Component(service = {}, immediate = true)
@SuppressWarnings("checkstyle:IllegalCatch")
public final class ViasRpcs implements AutoCloseable {
    private final Registration registration;

    @Activate
    public ViasRpcs(@Reference final RpcProviderService rpcs, @Reference final ViasRuntime runtime) {
        registration = rpcs.registerRpcImplementations(
            (GetStatus) input -> RpcResultBuilder.success(new GetStatusOutputBuilder()
                .setVersion(runtime.version())
                .setManagedNode(runtime.bridges().values().stream().filter(ViasRuntime.ConnectedBridge::managed)
                    .map(ViasRuntime.ConnectedBridge::nodeId).collect(Collectors.toSet()))
                .build()).buildFuture(),
            (ReinstallPipeline) input -> {
                runtime.reinstallPipeline();
                return RpcResultBuilder.success(new ReinstallPipelineOutputBuilder().build()).buildFuture();
            },
            (GetFlows) input -> {
                final List<ViasRuntime.OwnedFlow> flows;
                try {
                    flows = runtime.ownedFlows();
                } catch (Exception e) {
                    return RpcResultBuilder.<org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125
                        .GetFlowsOutput>failed().withError(
                            org.opendaylight.yangtools.yang.common.ErrorType.APPLICATION, e.toString())
                        .buildFuture();
                }
                final Map<String, List<Rule>> byNode = new LinkedHashMap<>();
                for (ViasRuntime.OwnedFlow flow : flows) {
                    if (input.getNodeId() != null && !input.getNodeId().equals(flow.nodeId())) {
                        continue;
                    }
                    String purpose;
                    try {
                        purpose = Cookie.decode(flow.cookie()).purpose().name();
                    } catch (IllegalArgumentException e) {
                        purpose = "?";
                    }
                    byNode.computeIfAbsent(flow.nodeId(), id -> new ArrayList<>()).add(new RuleBuilder()
                        .setTableId(Uint8.valueOf(flow.tableId())).setName(flow.name())
                        .setPriority(Uint16.valueOf(flow.priority()))
                        .setCookie(Uint64.fromLongBits(flow.cookie())).setPurpose(purpose)
                        .setMatch(flow.rendered())
                        .setPackets(new ZeroBasedCounter64(Uint64.fromLongBits(flow.packets())))
                        .setBytes(new ZeroBasedCounter64(Uint64.fromLongBits(flow.bytes())))
                        .build());
                }
                final List<Node> nodes = new ArrayList<>();
                byNode.forEach((id, rules) -> nodes.add(new NodeBuilder().setNodeId(id)
                    .setRule(BindingMap.ordered(rules)).build()));
                return RpcResultBuilder.success(new GetFlowsOutputBuilder().setNode(BindingMap.ordered(nodes))
                    .build()).buildFuture();
            });
    }

    @Deactivate
    @Override
    public void close() {
        registration.close();
    }
}
