/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.flow;

import com.google.common.util.concurrent.ListenableFuture;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.opendaylight.mdsal.binding.api.RpcConsumerRegistry;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Uri;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.Table;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.TableKey;
import org.opendaylight.yang.gen.v1.urn.opendaylight.flow.inventory.rev130819.tables.table.Flow;
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
 * Programs rules on a switch directly, with OpenFlowPlugin's {@code add-flow}/{@code remove-flow} RPCs followed by a
 * {@code send-barrier}, instead of through the CONFIG inventory. {@link #apply} returns once the switch answered the
 * barrier, i.e. once it has processed every flow-mod sent before it: an install is then really on the switch. (A
 * datastore commit only says the Forwarding Rules Manager will push the rule, some time later, with removals and
 * additions possibly reordered.)
 *
 * <p>For rules whose owner reconciles them itself after a reconnect or restart (the bypass): the Forwarding Rules
 * Manager never replays them. A thin shell: what to send comes from {@link RuleDelta}, the flows from
 * {@link FlowTranslator}.
 */
public final class SwitchProgrammer {
    /** Every bit of the cookie must match: a removal takes exactly one rule. */
    static final FlowCookie EXACT = new FlowCookie(Uint64.MAX_VALUE);

    private final AddFlow addFlow;
    private final RemoveFlow removeFlow;
    private final SendBarrier sendBarrier;
    private final Duration timeout;

    public SwitchProgrammer(final RpcConsumerRegistry rpcs, final Duration timeout) {
        addFlow = rpcs.getRpc(AddFlow.class);
        removeFlow = rpcs.getRpc(RemoveFlow.class);
        sendBarrier = rpcs.getRpc(SendBarrier.class);
        this.timeout = timeout;
    }

    /**
     * Sends the removals, then the additions, then a barrier, on bridge {@code nodeId}, and waits for all of them.
     * Throws naming the first flow-mod the switch or the plugin refused, or on timeout.
     */
    public void apply(final String nodeId, final RuleDelta delta) throws Exception {
        if (delta.isEmpty()) {
            return;
        }
        final NodeRef node = new NodeRef(InventoryPaths.node(nodeId));
        // in the order sent, by what each one does (for the error message)
        final Map<String, ListenableFuture<? extends RpcResult<?>>> sent = new LinkedHashMap<>();
        for (RuleDelta.Placed placed : delta.removals()) {
            final String what = "remove " + (placed.rule() != null ? placed.rule().name()
                : String.format("cookie 0x%x", placed.cookie()));
            sent.put(what, removeFlow.invoke(removal(nodeId, node, placed)));
        }
        for (FlowRule rule : delta.additions()) {
            final Flow flow = FlowTranslator.toFlow(rule, nodeId);
            final String what = "add " + rule.name();
            sent.put(what, addFlow.invoke(new AddFlowInputBuilder(flow)
                .setNode(node)
                .setFlowRef(new FlowRef(InventoryPaths.flow(nodeId, rule.table().id(), rule.name())))
                .setFlowTable(tableRef(nodeId, rule.table().id()))
                .build()));
        }
        // Flow-mods have no reply; the plugin completes them when a barrier reply covers them. Ask for one now
        // rather than wait for the plugin's own periodic barrier.
        sent.put("barrier", sendBarrier.invoke(new SendBarrierInputBuilder().setNode(node).build()));
        final long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<String, ListenableFuture<? extends RpcResult<?>>> call : sent.entrySet()) {
            final String what = call.getKey();
            final long left = Math.max(1, deadline - System.nanoTime());
            final RpcResult<?> result = call.getValue().get(left, TimeUnit.NANOSECONDS);
            if (result == null || !result.isSuccessful()) {
                throw new IllegalStateException(what + " on " + nodeId + " failed: "
                    + (result == null ? "no result" : result.getErrors()));
            }
        }
    }

    private static org.opendaylight.yang.gen.v1.urn.opendaylight.flow.service.rev130819.RemoveFlowInput removal(
            final String nodeId, final NodeRef node, final RuleDelta.Placed placed) {
        final RemoveFlowInputBuilder builder;
        if (placed.rule() != null) {
            // Strict on the rule's own match and priority, and on its cookie: only that rule goes.
            builder = new RemoveFlowInputBuilder(FlowTranslator.toFlow(placed.rule(), nodeId)).setStrict(true)
                .setFlowRef(new FlowRef(InventoryPaths.flow(nodeId, placed.table(), placed.rule().name())));
        } else {
            // Only the cookie is known (seen on the switch): any match, that exact cookie.
            builder = new RemoveFlowInputBuilder().setStrict(false)
                .setTableId(Uint8.valueOf(placed.table()))
                .setCookie(new FlowCookie(Uint64.fromLongBits(placed.cookie())));
        }
        return builder.setCookieMask(EXACT).setNode(node).setFlowTable(tableRef(nodeId, placed.table()))
            .setTransactionUri(new Uri("vias-" + Long.toHexString(placed.cookie())))
            .build();
    }

    private static FlowTableRef tableRef(final String nodeId, final short table) {
        return new FlowTableRef(InventoryPaths.flowCapableNode(nodeId).child(Table.class,
            new TableKey(Uint8.valueOf(table))));
    }
}
