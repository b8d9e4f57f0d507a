/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.bypass.BypassPath;
import org.opendaylight.vias.overlay.bypass.PathProbe;
import org.opendaylight.vias.overlay.bypass.RuleDirection;
import org.opendaylight.vias.overlay.bypass.RuleInstaller;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The negotiator's {@link RuleInstaller} on one OVS bridge: keeps the desired set of bypass rules of the bridge and
 * writes it as a whole through a {@link RuleSink} (in the controller: {@code RuleWriter.replace} with the two
 * bypass purposes), one write at a time, coalescing changes that arrive while a write is under way into the next.
 * A stage completes, on the executor, when the write that contains its change has committed. The executor does not
 * wait for the switch: it also carries the negotiations (requests, answers, retransmissions, keepalives), and a
 * switch that stopped answering held them up until the write's time-out, long enough for the peer to give up on
 * every bypass between the two.
 *
 * <p>The outbound rule needs the MAC of the next hop towards the peer's endpoint; when the neighbour table has none
 * yet, resolution is triggered and retried every {@code RESOLVE_RETRY_MS} up to {@code resolveAttempts} times before
 * the install fails (the negotiator then leaves the flow on the overlay).
 */
public final class SwitchRules implements RuleInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchRules.class);
    static final long RESOLVE_RETRY_MS = 100;

    /** Writes the complete bypass rule set of a bridge (both bypass purposes). */
    @FunctionalInterface
    public interface RuleSink {
        /** Completes when the switch has the rules (its barrier came back), exceptionally when it does not. */
        CompletionStage<Void> replace(String nodeId, List<FlowRule> rules);
    }

    /** Sends a frame out of a port of a bridge (an OpenFlow packet-out); best effort. */
    @FunctionalInterface
    public interface PacketSink {
        void send(String nodeId, long port, byte[] frame);
    }

    /** Next-hop MACs on the underlay ({@link NextHops} in production). */
    public interface NextHopLookup {
        Optional<MacAddress> resolve(int ip);

        void trigger(int ip);
    }

    /**
     * What the rules need from the bridge.
     *
     * @param uplinkPort OpenFlow number of {@code switch/uplink-port}
     * @param localMac   MAC of the bridge's LOCAL port (the host's underlay interface)
     */
    public record Bridge(String nodeId, long uplinkPort, MacAddress localMac) {
    }

    /** Rule priority and idle timeout (seconds), from the config. */
    public record Shape(int priority, int idleTimeout) {
    }

    private final RuleSink sink;
    private final PacketSink packets;
    private final NextHopLookup nextHops;
    /** MAC of the local VM with this overlay address (the frame tap's memory). */
    private final IntFunction<Optional<MacAddress>> vmMacs;
    private final ScheduledExecutorService executor;
    private final int resolveAttempts;

    private final Map<String, FlowRule> desired = new TreeMap<>();
    private final Map<Long, MacAddress> vmMacById = new HashMap<>();
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
    /** The rules the changes in {@link #waiting} added to the desired set, by change. */
    private final Map<CompletableFuture<Void>, FlowRule> added = new HashMap<>();
    private Bridge bridge;
    private String lastNodeId;
    private Shape shape;
    private boolean flushQueued;
    /** A write is with the switch: changes wait for the next one ({@link #flushAfterWrite}). */
    private boolean writing;
    private boolean flushAfterWrite;
    private boolean flushEnabled = true;
    private long writes;
    private long writeFailures;

    public SwitchRules(final RuleSink sink, final PacketSink packets, final NextHopLookup nextHops,
            final IntFunction<Optional<MacAddress>> vmMacs, final ScheduledExecutorService executor, final Shape shape,
            final int resolveAttempts) {
        this.sink = sink;
        this.packets = packets;
        this.nextHops = nextHops;
        this.vmMacs = vmMacs;
        this.executor = executor;
        this.shape = shape;
        this.resolveAttempts = resolveAttempts;
    }

    /** The bridge that carries the bypass, or null when none is connected (installs then fail). */
    public synchronized void setBridge(final Bridge newBridge) {
        bridge = newBridge;
        if (newBridge != null) {
            lastNodeId = newBridge.nodeId();
        }
    }

    public synchronized Bridge bridge() {
        return bridge;
    }

    public synchronized void setShape(final Shape newShape) {
        shape = newShape;
    }

    /**
     * While disabled, changes are kept but not written: after a controller restart the desired set must be rebuilt
     * from the restored bypasses before the first write, or that write would delete their rules.
     */
    public synchronized void setFlushEnabled(final boolean enabled) {
        flushEnabled = enabled;
        if (enabled && !waiting.isEmpty()) {
            queueFlush();
        }
    }

    /** Remembers the local VM MAC of a restored bypass (persisted with it). */
    public synchronized void rememberVmMac(final long id, final MacAddress mac) {
        vmMacById.put(id, mac);
    }

    public synchronized Optional<MacAddress> vmMac(final long id) {
        return Optional.ofNullable(vmMacById.get(id));
    }

    /**
     * Puts both rules of an agreed bypass into the desired set without writing (after a restart, before the first
     * reconciliation), so the first write keeps them. Rules that cannot be built now are left out; reconciliation
     * then installs them.
     */
    public synchronized void seed(final BypassPath path) {
        if (bridge == null) {
            return;
        }
        final MacAddress vmMac = vmMacById.get(path.id());
        if (vmMac != null) {
            final FlowRule in = BypassRules.inbound(path, bridge.uplinkPort(), vmMac, shape.priority(),
                shape.idleTimeout());
            desired.put(in.name(), in);
        }
        final Optional<MacAddress> nextHop = nextHops.resolve(path.remote().endpoint().ip());
        if (nextHop.isPresent() && bridge.localMac() != null) {
            final FlowRule out = BypassRules.outbound(path, bridge.uplinkPort(), bridge.localMac(),
                nextHop.orElseThrow(), shape.priority(), shape.idleTimeout());
            desired.put(out.name(), out);
        }
    }

    @Override
    public CompletionStage<Void> install(final BypassPath path, final RuleDirection direction) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        install(path, direction, done, resolveAttempts);
        return done;
    }

    private synchronized void install(final BypassPath path, final RuleDirection direction,
            final CompletableFuture<Void> done, final int attemptsLeft) {
        if (bridge == null) {
            done.completeExceptionally(new IllegalStateException("no bridge with switch/uplink-port connected"));
            return;
        }
        final FlowRule rule;
        if (direction == RuleDirection.PROBE) {
            rule = BypassRules.probe(path, bridge.uplinkPort(), shape.priority());
        } else if (direction == RuleDirection.INBOUND) {
            MacAddress vmMac = vmMacById.get(path.id());
            if (vmMac == null) {
                vmMac = vmMacs.apply(path.flow().srcIp()).orElse(null);
            }
            if (vmMac == null) {
                done.completeExceptionally(new IllegalStateException("MAC of local VM "
                    + Ipv4.format(path.flow().srcIp()) + " unknown"));
                return;
            }
            vmMacById.put(path.id(), vmMac);
            rule = BypassRules.inbound(path, bridge.uplinkPort(), vmMac, shape.priority(), shape.idleTimeout());
        } else {
            if (bridge.localMac() == null) {
                done.completeExceptionally(new IllegalStateException("bridge " + bridge.nodeId()
                    + " reports no LOCAL MAC"));
                return;
            }
            final int remoteIp = path.remote().endpoint().ip();
            final Optional<MacAddress> nextHop = nextHops.resolve(remoteIp);
            if (nextHop.isEmpty()) {
                if (attemptsLeft <= 0) {
                    done.completeExceptionally(new IllegalStateException("next hop towards "
                        + Ipv4.format(remoteIp) + " not resolved"));
                    return;
                }
                nextHops.trigger(remoteIp);
                executor.schedule(() -> install(path, direction, done, attemptsLeft - 1), RESOLVE_RETRY_MS,
                    TimeUnit.MILLISECONDS);
                return;
            }
            rule = BypassRules.outbound(path, bridge.uplinkPort(), bridge.localMac(), nextHop.orElseThrow(),
                shape.priority(), shape.idleTimeout());
        }
        desired.put(rule.name(), rule);
        waiting.add(done);
        added.put(done, rule);
        queueFlush();
    }

    @Override
    public synchronized CompletionStage<Void> remove(final BypassPath path, final RuleDirection direction) {
        return removeNamed(BypassRules.name(direction, path.id()));
    }

    @Override
    public synchronized CompletionStage<Void> removeOrphan(final long id) {
        desired.remove(BypassRules.name(RuleDirection.INBOUND, id));
        desired.remove(BypassRules.name(RuleDirection.PROBE, id));
        vmMacById.remove(id);
        return removeNamed(BypassRules.name(RuleDirection.OUTBOUND, id));
    }

    /**
     * Sends a path probe out of the uplink, from the bridge's LOCAL MAC to the next hop towards the peer's endpoint.
     * Without a bridge or a resolved next hop the probe is not sent (resolution is triggered): probes are repeated,
     * and an unproven path leaves the flow on the overlay.
     */
    @Override
    public void sendProbe(final BypassPath path, final PathProbe probe) {
        final Bridge current;
        synchronized (this) {
            current = bridge;
        }
        final int remoteIp = path.remote().endpoint().ip();
        final Optional<MacAddress> nextHop = nextHops.resolve(remoteIp);
        if (current == null || current.localMac() == null || nextHop.isEmpty()) {
            nextHops.trigger(remoteIp);
            return;
        }
        final byte[] frame = ProbePackets.frame(path, probe, current.localMac(), nextHop.orElseThrow());
        executor.execute(() -> packets.send(current.nodeId(), current.uplinkPort(), frame));
    }

    /**
     * The switch removed a rule (flow-removed): drop it from the desired set too, so that it is not pushed again
     * (e.g. by the Forwarding Rules Manager after a reconnect). Returns whether it was desired.
     */
    public synchronized boolean switchRemoved(final RuleDirection direction, final long id) {
        final boolean had = desired.remove(BypassRules.name(direction, id)) != null;
        if (had) {
            queueFlush();
        }
        return had;
    }

    public synchronized boolean isDesired(final RuleDirection direction, final long id) {
        return desired.containsKey(BypassRules.name(direction, id));
    }

    /** The desired rules, by name. */
    public synchronized List<FlowRule> desired() {
        return List.copyOf(desired.values());
    }

    /** Forgets the VM MAC of a closed bypass. */
    public synchronized void forget(final long id) {
        if (!desired.containsKey(BypassRules.name(RuleDirection.INBOUND, id))
                && !desired.containsKey(BypassRules.name(RuleDirection.OUTBOUND, id))
                && !desired.containsKey(BypassRules.name(RuleDirection.PROBE, id))) {
            vmMacById.remove(id);
        }
    }

    public synchronized long writes() {
        return writes;
    }

    public synchronized long writeFailures() {
        return writeFailures;
    }

    private CompletionStage<Void> removeNamed(final String name) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        desired.remove(name);
        waiting.add(done);
        queueFlush();
        return done;
    }

    private void queueFlush() {
        if (writing) {
            flushAfterWrite = true;
        } else if (!flushQueued && flushEnabled) {
            flushQueued = true;
            executor.execute(this::flush);
        }
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void flush() {
        final List<FlowRule> rules;
        final List<CompletableFuture<Void>> batch;
        final Map<CompletableFuture<Void>, FlowRule> addedInBatch;
        final String nodeId;
        synchronized (this) {
            flushQueued = false;
            if (!flushEnabled) {
                return;
            }
            rules = List.copyOf(desired.values());
            batch = List.copyOf(waiting);
            waiting.clear();
            addedInBatch = Map.copyOf(added);
            added.clear();
            nodeId = bridge != null ? bridge.nodeId() : lastNodeId;
            if (nodeId == null) {
                addedInBatch.values().forEach(rule -> desired.remove(rule.name(), rule));
            } else {
                writing = true;
            }
        }
        if (nodeId == null) {
            batch.forEach(f -> f.completeExceptionally(new IllegalStateException("no bridge")));
            return;
        }
        CompletionStage<Void> written;
        try {
            written = sink.replace(nodeId, rules);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        // The switch answers on OpenFlowPlugin's threads; the stages go on on the executor, as they were asked there.
        written.whenComplete((ok, failure) -> executor.execute(() -> written(nodeId, rules.size(), batch,
            addedInBatch, failure)));
    }

    private void written(final String nodeId, final int count, final List<CompletableFuture<Void>> batch,
            final Map<CompletableFuture<Void>, FlowRule> addedInBatch, final Throwable failure) {
        synchronized (this) {
            writing = false;
            if (failure == null) {
                writes++;
            } else {
                writeFailures++;
                // Their installs failed: the negotiator gives those bypasses up, so their rules must not ride on the
                // next write (the switch would keep rules nobody owns until they idle out, on ports handed out again).
                addedInBatch.values().forEach(rule -> desired.remove(rule.name(), rule));
            }
            if (flushAfterWrite) {
                flushAfterWrite = false;
                queueFlush();
            }
        }
        if (failure == null) {
            batch.forEach(f -> f.complete(null));
        } else {
            LOG.warn("Writing {} bypass rules of {} failed", count, nodeId, failure);
            batch.forEach(f -> f.completeExceptionally(failure));
        }
    }
}
