/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.bypass.BypassPath;
import org.opendaylight.vias.overlay.bypass.PortReservation.Reservation;
import org.opendaylight.vias.overlay.bypass.RuleDirection;
import org.opendaylight.vias.overlay.bypass.UnderlayEndpoint;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.MacAddress;

/**
 * The bypass rule writer against a switch whose barrier answers when the test says: one write at a time, the
 * changes made meanwhile in the next, and the executor free while the switch has not answered.
 */
class SwitchRulesTest {
    private static final MacAddress HOST = MacAddress.of("02:00:00:00:00:a1");
    private static final MacAddress NEXT_HOP = MacAddress.of("02:00:00:00:00:b1");
    private static final MacAddress VM = MacAddress.of("02:00:00:00:10:01");

    /** One write handed to the switch: its rules and the barrier the test answers. */
    private record Write(List<FlowRule> rules, CompletableFuture<Void> barrier) {
        List<String> names() {
            return rules.stream().map(FlowRule::name).sorted().toList();
        }
    }

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final SwitchRules rules = new SwitchRules((node, list) -> {
        final Write write = new Write(List.copyOf(list), new CompletableFuture<>());
        writes.add(write);
        return write.barrier();
    }, (node, port, frame) -> { }, new SwitchRules.NextHopLookup() {
        @Override
        public Optional<MacAddress> resolve(final int ip) {
            return Optional.of(NEXT_HOP);
        }

        @Override
        public void trigger(final int ip) {
        }
    }, ip -> Optional.of(VM), executor, new SwitchRules.Shape(102, 30), 3);

    @BeforeEach
    void connect() {
        rules.setBridge(new SwitchRules.Bridge("openflow:1", 3, HOST));
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static BypassPath path(final long id) {
        return new BypassPath(id, BypassRulesTest.PEER, BypassPath.Role.REQUESTER,
            FlowKey.tcp("10.0.0.1", 40000 + (int) id, "10.0.0.2", 5201),
            new Reservation(UnderlayEndpoint.of("192.0.2.1", 50000 + (int) id), 50000 + (int) id),
            new Reservation(UnderlayEndpoint.of("192.0.2.2", 51000 + (int) id), 51000 + (int) id));
    }

    private CompletableFuture<Void> install(final long id, final RuleDirection direction) {
        return rules.install(path(id), direction).toCompletableFuture();
    }

    /** Installs a rule as the write with this index (0-based) and lets the switch answer it. */
    private void installAnswered(final long id, final RuleDirection direction, final int write) throws Exception {
        final CompletableFuture<Void> installed = install(id, direction);
        awaitWrites(write + 1);
        writes.get(write).barrier().complete(null);
        installed.get(1, TimeUnit.SECONDS);
    }

    private void awaitWrites(final int count) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (writes.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(count, writes.size(), "writes handed to the switch");
    }

    @Test
    void changesDuringAWriteGoOutTogetherInTheNextAndTheExecutorDoesNotWaitForTheSwitch() throws Exception {
        final CompletableFuture<Void> first = install(1, RuleDirection.INBOUND);
        awaitWrites(1);
        // the switch has not answered: the executor runs other work (the negotiations) meanwhile
        assertEquals("free", executor.submit(() -> "free").get(1, TimeUnit.SECONDS));
        final CompletableFuture<Void> second = install(2, RuleDirection.INBOUND);
        final CompletableFuture<Void> third = install(2, RuleDirection.OUTBOUND);
        executor.submit(() -> { }).get(1, TimeUnit.SECONDS);
        assertEquals(1, writes.size(), "one write at a time");
        assertFalse(first.isDone() || second.isDone() || third.isDone(), "nothing installed before its barrier");

        writes.get(0).barrier().complete(null);
        first.get(1, TimeUnit.SECONDS);
        awaitWrites(2);
        assertEquals(List.of("vias-bypass-in-1", "vias-bypass-in-2", "vias-bypass-out-2"), writes.get(1).names(),
            "the next write holds the whole set, both changes made during the first");
        assertFalse(second.isDone() || third.isDone());
        writes.get(1).barrier().complete(null);
        second.get(1, TimeUnit.SECONDS);
        third.get(1, TimeUnit.SECONDS);
        assertEquals(2, rules.writes());
    }

    @Test
    void aRemovalByTheSwitchDuringAWriteIsWrittenAfterIt() throws Exception {
        installAnswered(1, RuleDirection.INBOUND, 0);
        final CompletableFuture<Void> out = install(1, RuleDirection.OUTBOUND);
        awaitWrites(2);
        // the inbound rule idles out on the switch while the outbound one is being written: nobody waits for it
        executor.submit(() -> assertTrue(rules.switchRemoved(RuleDirection.INBOUND, 1))).get(1, TimeUnit.SECONDS);
        writes.get(1).barrier().complete(null);
        out.get(1, TimeUnit.SECONDS);
        awaitWrites(3);
        assertEquals(List.of("vias-bypass-out-1"), writes.get(2).names());
    }

    @Test
    void aFailedWriteFailsItsInstallsAndTheirRulesLeaveTheNextWrite() throws Exception {
        installAnswered(1, RuleDirection.INBOUND, 0);
        final CompletableFuture<Void> refused = install(2, RuleDirection.INBOUND);
        awaitWrites(2);
        writes.get(1).barrier().completeExceptionally(new IllegalStateException("barrier timed out"));
        final ExecutionException failure = assertThrows(ExecutionException.class,
            () -> refused.get(1, TimeUnit.SECONDS));
        assertTrue(failure.getCause().getMessage().contains("barrier timed out"), failure.toString());
        assertEquals(1, rules.writeFailures());
        installAnswered(3, RuleDirection.INBOUND, 2);
        assertEquals(List.of("vias-bypass-in-1", "vias-bypass-in-3"), writes.get(2).names(),
            "the refused rule is not written again");
    }
}
