/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.flow;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.opendaylight.mdsal.binding.api.RpcConsumerRegistry;
import org.opendaylight.vias.impl.bypass.LatencyHistogram;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowRule;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way VIAS programs the rules it owns on a switch at run time (NAT, bypass): add-flow / remove-flow RPCs
 * followed by a barrier, batched per switch. See {@link RuleQueue} for the contract (what "confirmed" means, how
 * removals pick their rule, reconciliation); this class only moves batches between the queue and the switch, one
 * batch out per switch at a time, every change queued meanwhile going out in the next one. Futures complete on
 * OpenFlowPlugin's threads: callers hop to their own.
 *
 * <p>The base pipeline is not written here: it lives in the CONFIG inventory (see impl/RULES.md).
 */
@Component(service = RuleWriter.class, immediate = true)
public final class RuleWriter {
    private static final Logger LOG = LoggerFactory.getLogger(RuleWriter.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_MODS_PER_BATCH = 512;

    /** Where batches go: the switch (OpenFlowPlugin in production, a fake in tests). */
    @FunctionalInterface
    public interface Switch {
        /** Sends the batch's flow-mods, then a barrier; completes with the switch's answer (never exceptionally). */
        CompletionStage<RuleQueue.Outcome> send(RuleQueue.Batch batch);
    }

    private final RuleQueue queue = new RuleQueue(MAX_MODS_PER_BATCH);
    /** Time from sending a batch to the switch's barrier reply (or its failure): what "installed" costs. */
    private final LatencyHistogram batchLatency = new LatencyHistogram(LatencyHistogram.RULE_BOUNDS);
    private final Switch target;

    @Activate
    public RuleWriter(@Reference final RpcConsumerRegistry rpcs) {
        this(new SwitchProgrammer(rpcs, TIMEOUT));
    }

    public RuleWriter(final Switch target) {
        this.target = target;
    }

    /** Adds these rules (always sent: an add of a rule already there replaces it); see {@link RuleQueue#install}. */
    public CompletableFuture<Void> install(final String nodeId, final Collection<FlowRule> rules) {
        return pumped(nodeId, queue.install(nodeId, rules));
    }

    /** Removes these rules by table and name; see {@link RuleQueue#remove}. */
    public CompletableFuture<Void> remove(final String nodeId, final Collection<FlowRule> rules) {
        return pumped(nodeId, queue.remove(nodeId, rules.stream().map(RuleQueue.Key::of).toList()));
    }

    /** Makes the rules of {@code purposes} on the switch exactly {@code rules}; see {@link RuleQueue#replace}. */
    public CompletableFuture<Void> replace(final String nodeId, final Set<Cookie.Purpose> purposes,
            final List<FlowRule> rules) {
        return pumped(nodeId, queue.replace(nodeId, purposes, rules));
    }

    /** What the switch reports of the rules of {@code purposes}; see {@link RuleQueue#reconcile}. */
    public void reconcile(final String nodeId, final Set<Cookie.Purpose> purposes,
            final Collection<RuleQueue.Reported> onSwitch) {
        queue.reconcile(nodeId, purposes, onSwitch);
    }

    /** The switch removed a rule on its own (idle/hard timeout); see {@link RuleQueue#switchRemoved}. */
    public void switchRemoved(final String nodeId, final long cookie, final String name) {
        queue.switchRemoved(nodeId, cookie, name);
    }

    /** The rules confirmed on the switch, by name. */
    public Map<String, FlowRule> confirmed(final String nodeId) {
        return queue.confirmed(nodeId);
    }

    /** How long batches took from being sent to the switch's barrier reply, so far. */
    public LatencyHistogram.Snapshot batchLatency() {
        return batchLatency.snapshot();
    }

    private CompletableFuture<Void> pumped(final String nodeId, final CompletableFuture<Void> done) {
        pump(nodeId);
        return done;
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void pump(final String nodeId) {
        queue.nextBatch(nodeId).ifPresent(batch -> {
            CompletionStage<RuleQueue.Outcome> answer;
            final long sentAt = System.nanoTime();
            try {
                answer = target.send(batch);
            } catch (RuntimeException e) {
                answer = CompletableFuture.completedFuture(RuleQueue.Outcome.failed("not sent: " + e));
            }
            answer.whenComplete((outcome, failure) -> {
                batchLatency.observeMillis(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt));
                final RuleQueue.Outcome booked = failure != null ? RuleQueue.Outcome.failed(failure.toString())
                    : outcome;
                if (booked.barrierFailure() != null || !booked.failures().isEmpty()) {
                    LOG.warn("VIAS: {} of {} flow-mod(s) on {} failed: {}", booked.barrierFailure() != null
                        ? batch.mods().size() : booked.failures().size(), batch.mods().size(), nodeId,
                        booked.barrierFailure() != null ? booked.barrierFailure() : booked.failures());
                } else {
                    LOG.debug("VIAS: {} flow-mod(s) on {} confirmed", batch.mods().size(), nodeId);
                }
                try {
                    queue.completed(batch, booked);
                } finally {
                    pump(nodeId);
                }
            });
        });
    }
}
