/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.flow;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opendaylight.mdsal.binding.api.RpcConsumerRegistry;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Uri;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.Table;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.TableKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.service.rev130819.AddFlow;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.service.rev130819.AddFlowInputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.service.rev130819.FlowTableRef;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.service.rev130819.RemoveFlow;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.service.rev130819.RemoveFlowInputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.transaction.rev150304.SendBarrier;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.transaction.rev150304.SendBarrierInputBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.FlowCookie;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.types.rev131026.FlowRef;
import org.opendaylight.yang.gen.v1.urn.opendaylight.inventory.rev130819.NodeRef;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;

/**
 * The OpenFlowPlugin side of {@link RuleWriter}: sends a batch's flow-mods with the {@code add-flow} and
 * {@code remove-flow} RPCs, then a {@code send-barrier}, and answers once the switch answered the barrier, i.e. once
 * it has processed every flow-mod sent before it (a flow-mod the switch refuses fails its own RPC). A thin shell:
 * what to send comes from {@link RuleQueue}, the flows from {@link FlowTranslator}.
 */
final class SwitchProgrammer implements RuleWriter.Switch {
    /** Every bit of the cookie must match: a removal takes exactly the rule (or the rules) of that cookie. */
    static final FlowCookie EXACT = new FlowCookie(Uint64.MAX_VALUE);

    private final AddFlow addFlow;
    private final RemoveFlow removeFlow;
    private final SendBarrier sendBarrier;
    private final Duration timeout;

    SwitchProgrammer(final RpcConsumerRegistry rpcs, final Duration timeout) {
        addFlow = rpcs.getRpc(AddFlow.class);
        removeFlow = rpcs.getRpc(RemoveFlow.class);
        sendBarrier = rpcs.getRpc(SendBarrier.class);
        this.timeout = timeout;
    }

    @Override
    public CompletionStage<RuleQueue.Outcome> send(final RuleQueue.Batch batch) {
        final String nodeId = batch.nodeId();
        final NodeRef node = new NodeRef(InventoryPaths.node(nodeId));
        final List<ListenableFuture<? extends RpcResult<?>>> sent = new ArrayList<>();
        for (RuleQueue.Mod mod : batch.mods()) {
            sent.add(mod instanceof RuleQueue.Add add ? addFlow.invoke(addition(nodeId, node, add.rule()))
                : removeFlow.invoke(removal(nodeId, node, mod)));
        }
        // Flow-mods have no reply; the plugin completes them when a barrier reply covers them. Ask for one now
        // rather than wait for the plugin's own periodic barrier.
        final ListenableFuture<? extends RpcResult<?>> barrier =
            sendBarrier.invoke(new SendBarrierInputBuilder().setNode(node).build());
        final List<ListenableFuture<? extends RpcResult<?>>> all = new ArrayList<>(sent);
        all.add(barrier);
        final CompletableFuture<RuleQueue.Outcome> answer = new CompletableFuture<>();
        // collected when every call answered (the barrier reply completes the flow-mods before it), never blocking
        Futures.whenAllComplete(all).call(() -> answer.complete(collect(sent, barrier)),
            MoreExecutors.directExecutor());
        return answer.completeOnTimeout(RuleQueue.Outcome.failed("no barrier reply within " + timeout),
            timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static RuleQueue.Outcome collect(final List<ListenableFuture<? extends RpcResult<?>>> sent,
            final ListenableFuture<? extends RpcResult<?>> barrier) {
        final String barrierFailure = failureOf(barrier);
        if (barrierFailure != null) {
            return RuleQueue.Outcome.failed("barrier: " + barrierFailure);
        }
        final Map<Integer, String> failures = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            final String failure = failureOf(sent.get(i));
            if (failure != null) {
                failures.put(i, failure);
            }
        }
        return new RuleQueue.Outcome(failures, null);
    }

    /** Why an RPC failed, or null when it succeeded; for a future that is done. */
    private static String failureOf(final ListenableFuture<? extends RpcResult<?>> call) {
        try {
            final RpcResult<?> result = call.get(0, TimeUnit.MILLISECONDS);
            return result == null ? "no result" : result.isSuccessful() ? null : String.valueOf(result.getErrors());
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (TimeoutException e) {
            return "no answer";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static org.opendaylight.yang.gen.v1.urn.opendaylight.flow.service.rev130819.AddFlowInput addition(
            final String nodeId, final NodeRef node, final FlowRule rule) {
        return new AddFlowInputBuilder(FlowTranslator.toFlow(rule, nodeId))
            .setNode(node)
            .setFlowRef(new FlowRef(InventoryPaths.flow(nodeId, rule.table().id(), rule.name())))
            .setFlowTable(tableRef(nodeId, rule.table().id()))
            .build();
    }

    private static org.opendaylight.yang.gen.v1.urn.opendaylight.flow.service.rev130819.RemoveFlowInput removal(
            final String nodeId, final NodeRef node, final RuleQueue.Mod mod) {
        final RemoveFlowInputBuilder builder;
        final short table;
        final long cookie;
        if (mod instanceof RuleQueue.Remove remove) {
            // Strict on the rule's own match and priority, and on its cookie: only that rule goes.
            final FlowRule rule = remove.rule();
            table = rule.table().id();
            cookie = rule.cookie().value();
            builder = new RemoveFlowInputBuilder(FlowTranslator.toFlow(rule, nodeId)).setStrict(true)
                .setFlowRef(new FlowRef(InventoryPaths.flow(nodeId, table, rule.name())));
        } else {
            // Only the cookie is known (seen on the switch): any match, that exact cookie.
            final RuleQueue.RemoveCookie byCookie = (RuleQueue.RemoveCookie) mod;
            table = byCookie.table();
            cookie = byCookie.cookie();
            builder = new RemoveFlowInputBuilder().setStrict(false).setTableId(Uint8.valueOf(table))
                .setCookie(new FlowCookie(Uint64.fromLongBits(cookie)));
        }
        return builder.setCookieMask(EXACT).setNode(node).setFlowTable(tableRef(nodeId, table))
            .setTransactionUri(new Uri("vias-" + Long.toHexString(cookie)))
            .build();
    }

    private static FlowTableRef tableRef(final String nodeId, final short table) {
        return new FlowTableRef(InventoryPaths.flowCapableNode(nodeId).child(Table.class,
            new TableKey(Uint8.valueOf(table))));
    }
}
