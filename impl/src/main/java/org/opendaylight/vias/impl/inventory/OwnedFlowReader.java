/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opendaylight.mdsal.binding.api.RpcConsumerRegistry;
import org.opendaylight.vias.impl.ViasRuntime.OwnedFlow;
import org.opendaylight.vias.impl.flow.InventoryPaths;
import org.opendaylight.vias.impl.flow.RuleWriter;
import org.opendaylight.vias.impl.pipeline.PipelineWriter;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.Counter64;
import org.opendaylight.yang.gen.v1.urn.opendaylight.direct.statistics.rev160511.GetFlowStatistics;
import org.opendaylight.yang.gen.v1.urn.opendaylight.direct.statistics.rev160511.GetFlowStatisticsInputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.direct.statistics.rev160511.GetFlowStatisticsOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.statistics.rev130819.flow.and.statistics.map.list.FlowAndStatisticsMapList;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.FlowCookie;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.flow.MatchBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.NodeRef;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Reads the VIAS rules the bridges report, asking each switch for its statistics of VIAS's cookies only
 * (OpenFlowPlugin's direct {@code get-flow-statistics}, a flow-stats request with a cookie mask, not stored), and
 * renders those VIAS has confirmed: pipeline rules as committed by the {@link PipelineWriter}, NAT and bypass rules
 * as confirmed by the {@link RuleWriter}'s barrier.
 *
 * <p>Why not OpenFlowPlugin's periodic flow statistics: that poll reads every flow of the switch and writes each one
 * into the operational inventory, so with 10,000 NAT mappings (20,000+ entries) every round decoded and stored
 * 20,000 flows on the thread that also carries the packet-ins, and its garbage set the first packets' p99
 * (docs/scale.md). The distribution turns that poll off; each reader here asks for the purposes it needs, when it
 * needs them, and may take a reading up to {@code maxAge} old.
 */
@Component(service = OwnedFlowReader.class)
public final class OwnedFlowReader {
    private static final long TIMEOUT_SECONDS = 15;
    private static final Set<Cookie.Purpose> ALL = EnumSet.allOf(Cookie.Purpose.class);

    private final GetFlowStatistics getFlowStatistics;
    private final RuleWriter ruleWriter;
    private final PipelineWriter pipeline;
    private final FlowStatisticsCache cache = new FlowStatisticsCache(System::nanoTime);

    @Activate
    public OwnedFlowReader(@Reference final RpcConsumerRegistry rpcs, @Reference final RuleWriter ruleWriter,
            @Reference final PipelineWriter pipeline) {
        this.getFlowStatistics = rpcs.getRpc(GetFlowStatistics.class);
        this.ruleWriter = Objects.requireNonNull(ruleWriter);
        this.pipeline = Objects.requireNonNull(pipeline);
    }

    /**
     * The VIAS rules of {@code purposes} on these bridges, from a reading at most {@code maxAge} old (zero: asked
     * now), in {@link OwnedFlows#ORDER}; a bridge that reports nothing adds none.
     */
    public List<OwnedFlow> read(final Collection<String> nodeIds, final Set<Cookie.Purpose> purposes,
            final Duration maxAge) throws InterruptedException, ExecutionException, TimeoutException {
        final List<OwnedFlow> out = new ArrayList<>();
        for (String nodeId : nodeIds) {
            final List<OwnedFlows.Reported> reported = reported(nodeId, purposes, maxAge);
            if (!reported.isEmpty()) {
                final Map<String, FlowRule> confirmed = new HashMap<>(ruleWriter.confirmed(nodeId));
                confirmed.putAll(pipeline.committed(nodeId));
                out.addAll(OwnedFlows.of(nodeId, reported, confirmed));
            }
        }
        out.sort(OwnedFlows.ORDER);
        return out;
    }

    private List<OwnedFlows.Reported> reported(final String nodeId, final Set<Cookie.Purpose> purposes,
            final Duration maxAge) throws InterruptedException, ExecutionException, TimeoutException {
        final List<OwnedFlows.Reported> out = new ArrayList<>();
        final Set<Cookie.Purpose> missing = EnumSet.noneOf(Cookie.Purpose.class);
        for (Cookie.Purpose purpose : purposes) {
            final Optional<List<OwnedFlows.Reported>> cached = cache.get(nodeId, purpose, maxAge);
            if (cached.isPresent()) {
                out.addAll(cached.orElseThrow());
            } else {
                missing.add(purpose);
            }
        }
        if (missing.equals(ALL)) {
            // one request for the whole VIAS cookie space, split by purpose
            final Map<Cookie.Purpose, List<OwnedFlows.Reported>> byPurpose = new HashMap<>();
            missing.forEach(purpose -> byPurpose.put(purpose, new ArrayList<>()));
            for (OwnedFlows.Reported flow : request(nodeId, Cookie.MARKER_BITS, Cookie.MARKER_MASK)) {
                final Cookie.Purpose purpose = purposeOf(flow.cookie());
                if (purpose != null) {
                    byPurpose.get(purpose).add(flow);
                }
            }
            byPurpose.forEach((purpose, flows) -> cache.put(nodeId, purpose, flows));
            byPurpose.values().forEach(out::addAll);
        } else {
            for (Cookie.Purpose purpose : missing) {
                final List<OwnedFlows.Reported> flows =
                    request(nodeId, Cookie.of(purpose, 0).purposeBits(), Cookie.PURPOSE_MASK);
                cache.put(nodeId, purpose, flows);
                out.addAll(flows);
            }
        }
        return out;
    }

    private List<OwnedFlows.Reported> request(final String nodeId, final long cookie, final long mask)
            throws InterruptedException, ExecutionException, TimeoutException {
        final RpcResult<GetFlowStatisticsOutput> result = getFlowStatistics.invoke(new GetFlowStatisticsInputBuilder()
            .setNode(new NodeRef(InventoryPaths.node(nodeId)))
            .setStoreStats(false)
            .setCookie(new FlowCookie(Uint64.fromLongBits(cookie)))
            .setCookieMask(new FlowCookie(Uint64.fromLongBits(mask)))
            // no table (all tables), an empty match (every flow): the cookie mask does the selecting
            .setMatch(new MatchBuilder().build())
            .build()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!result.isSuccessful()) {
            throw new ExecutionException("flow statistics of " + nodeId + " not read: " + result.getErrors(), null);
        }
        final List<FlowAndStatisticsMapList> flows = result.getResult() == null ? null
            : result.getResult().getFlowAndStatisticsMapList();
        if (flows == null) {
            return List.of();
        }
        final List<OwnedFlows.Reported> out = new ArrayList<>(flows.size());
        for (FlowAndStatisticsMapList flow : flows) {
            if (flow.getFlowId() == null || flow.getTableId() == null || flow.getCookie() == null) {
                continue;
            }
            out.add(new OwnedFlows.Reported(flow.getTableId().toJava(), flow.getFlowId().getValue(),
                flow.getPriority() == null ? 0 : flow.getPriority().toJava(), flow.getCookie().getValue().longValue(),
                count(flow.getPacketCount()), count(flow.getByteCount())));
        }
        return out;
    }

    private static Cookie.Purpose purposeOf(final long cookie) {
        try {
            return Cookie.decode(cookie).purpose();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long count(final Counter64 counter) {
        return counter == null ? 0 : counter.getValue().longValue();
    }
}
