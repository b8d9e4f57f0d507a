/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.nat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.opendaylight.mdsal.binding.api.RpcProviderService;
import org.opendaylight.vias.nat.NatMapping;
import org.opendaylight.vias.rules.Ipv4Prefix;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.GetNatMappings;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.GetNatMappingsOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.GetNatMappingsOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.NatAddStaticMapping;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.NatAddStaticMappingOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.NatAddStaticMappingOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.NatRemoveMapping;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.NatRemoveMappingOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.NatRemoveMappingOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.get.nat.mappings.output.CountersBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.get.nat.mappings.output.Mapping;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.get.nat.mappings.output.MappingBuilder;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcResultBuilder;
import org.opendaylight.yangtools.yang.common.Uint64;

/** The NAT RPCs (get-nat-mappings, nat-add-static-mapping, nat-remove-mapping): what vias:nat does, over RESTCONF. */
final class NatRpcs {
    private NatRpcs() {
    }

    static Registration register(final RpcProviderService rpcs, final NatService nat) {
        return rpcs.registerRpcImplementations(
            (GetNatMappings) input -> {
                try {
                    final NatService.Status status = nat.currentStatus();
                    final List<Mapping> out = new ArrayList<>();
                    final Instant now = Instant.now();
                    for (NatService.MappingView view : nat.mappings()) {
                        out.add(new MappingBuilder(NatStateWriter.entry(view, now)).build());
                    }
                    return RpcResultBuilder.success(new GetNatMappingsOutputBuilder()
                        .setMapping(BindingMap.ordered(out))
                        .setCounters(new CountersBuilder(NatStateWriter.counters(status)).build())
                        .build()).buildFuture();
                } catch (NatService.NatException e) {
                    return RpcResultBuilder.<GetNatMappingsOutput>failed()
                        .withError(ErrorType.APPLICATION, e.getMessage()).buildFuture();
                }
            },
            (NatAddStaticMapping) input -> {
                try {
                    if (input.getProtocol() == null || input.getInternalAddress() == null
                            || input.getInternalPort() == null || input.getExternalPort() == null) {
                        throw new NatService.NatException(
                            "protocol, internal-address, internal-port, external-port: all must be set");
                    }
                    final NatMapping m = nat.addStatic(input.getProtocol().getName(),
                        input.getInternalAddress().getValue(), input.getInternalPort().getValue().toJava(),
                        input.getExternalPort().getValue().toJava());
                    return RpcResultBuilder.success(new NatAddStaticMappingOutputBuilder()
                        .setId(Uint64.valueOf(m.id()))
                        .setExternalAddress(Ipv4Prefix.format(m.external().address())).build()).buildFuture();
                } catch (NatService.NatException e) {
                    return RpcResultBuilder.<NatAddStaticMappingOutput>failed()
                        .withError(ErrorType.APPLICATION, e.getMessage()).buildFuture();
                }
            },
            (NatRemoveMapping) input -> {
                try {
                    if (input.getProtocol() == null || input.getExternalPort() == null) {
                        throw new NatService.NatException("protocol, external-port: both must be set");
                    }
                    final NatMapping m = nat.remove(input.getProtocol().getName(),
                        input.getExternalPort().getValue().toJava());
                    return RpcResultBuilder.success(new NatRemoveMappingOutputBuilder()
                        .setId(Uint64.valueOf(m.id())).build()).buildFuture();
                } catch (NatService.NatException e) {
                    return RpcResultBuilder.<NatRemoveMappingOutput>failed()
                        .withError(ErrorType.APPLICATION, e.getMessage()).buildFuture();
                }
            });
    }
}
