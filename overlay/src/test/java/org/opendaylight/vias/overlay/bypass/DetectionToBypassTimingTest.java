/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.overlay.meter.FlowMeter;
import org.opendaylight.vias.overlay.meter.MeterConfig;

/**
 * The target: a heavy flow is detected and its bypass is active on both ends in under 1 s after it crosses
 * the threshold. Meters on both nodes see the flow (so both detect it, and the lower UID, A, asks), or only the
 * higher UID's does (B asks itself after waiting for A); the control channel has 5 ms latency; the default meter and
 * negotiator settings apply.
 */
class DetectionToBypassTimingTest {
    private static final int FRAME = 1500;
    /** From A's VM (192.168.1.0/24 behind A) to B's VM (192.168.2.0/24 behind B). */
    private static final FlowKey FLOW = FlowKey.tcp("192.168.1.2", 40000, "192.168.2.3", 5201);

    private final Sim sim = new Sim();
    private final Sim.Node a = sim.node("A", 0x0a, "203.0.113.1", BypassPolicy.denyAll());
    private final Sim.Node b = sim.node("B", 0x0b, "198.51.100.7", BypassPolicy.denyAll());
    private final Map<String, Long> activeAt = new HashMap<>();
    private final FlowMeter meterA = meter(a, b, "192.168.1.");
    private final FlowMeter meterB = meter(b, a, "192.168.2.");
    /** Whether A's meter sees the flow (B's always does). */
    private boolean aMeters = true;
    private final byte[] forward = frame(FLOW);
    private final byte[] backward = frame(FLOW.reversed());

    DetectionToBypassTimingTest() {
        a.policy = BypassPolicy.allowPeers(Set.of(b.uid));
        b.policy = BypassPolicy.allowPeers(Set.of(a.uid));
        a.events.clear();
    }

    /**
     * What the controller's glue (BypassEngine) does: orient the heavy flow local VM first, tell the negotiator, and
     * when that was deferred to the peer, let the meter report the flow again once the wait is over.
     */
    private FlowMeter meter(Sim.Node self, Sim.Node peer, String localPrefix) {
        final FlowMeter[] meter = new FlowMeter[1];
        meter[0] = new FlowMeter(MeterConfig.DEFAULT, sim, heavy -> {
            final FlowKey flow = heavy.flow().srcAddress().startsWith(localPrefix) ? heavy.flow()
                : heavy.flow().reversed();
            if (self.negotiator.heavyFlow(peer.uid, flow).outcome() == RequestOutcome.DEFERRED) {
                sim.at(sim.nanoTime() + self.negotiator.backoffRemainingNanos(peer.uid, flow),
                    () -> meter[0].forget(flow));
            }
        });
        return meter[0];
    }

    /** Sends for {@code millis} at {@code framesPerTenMs} data frames per 10 ms (plus one ACK per 10 ms back). */
    private void traffic(long millis, int framesPerTenMs) {
        for (long ms = 0; ms < millis; ms++) {
            if (ms % 10 == 0) {
                for (int i = 0; i < framesPerTenMs; i++) {
                    // Both overlays carry the frame (A sends it, B receives it); before the bypass only.
                    if (!bothActive()) {
                        if (aMeters) {
                            meterA.record(forward, 0, FRAME);
                        }
                        meterB.record(forward, 0, FRAME);
                    }
                }
                if (!bothActive()) {
                    if (aMeters) {
                        meterA.record(backward, 0, 66);
                    }
                    meterB.record(backward, 0, 66);
                }
            }
            sim.runFor(1);
            recordActivations();
        }
    }

    private void recordActivations() {
        for (Sim.Node node : new Sim.Node[] {a, b}) {
            for (BypassEvent event : node.events) {
                if (event.kind() == BypassEvent.Kind.ACTIVE) {
                    activeAt.putIfAbsent(node.name, sim.nanoTime());
                }
            }
        }
    }

    private boolean bothActive() {
        return activeAt.size() == 2;
    }

    private long bothActiveAfter(long startNanos) {
        assertEquals(2, activeAt.size(), "active on both ends");
        return (Math.max(activeAt.get("A"), activeAt.get("B")) - startNanos) / Sim.MS;
    }

    @Test
    void aFlowThatStartsHeavyIsBypassedOnBothEndsWithinOneSecond() {
        final long start = sim.nanoTime();
        traffic(1000, 30);
        final long millis = bothActiveAfter(start);
        System.out.println("flow starting at 3.6 MB/s: active on both ends " + millis + " ms after its first frame");
        assertTrue(millis < 1000, millis + " ms");
        assertEquals(1, a.negotiator.agreed().size());
        assertEquals(1, b.negotiator.agreed().size());
        assertEquals(a.negotiator.agreed().get(0).id(), b.negotiator.agreed().get(0).id());
        assertEquals(1, sim.wire.stream().filter(d -> d.message().type() == MessageType.REQUEST).count(),
            "only A, the lower UID, asked");
    }

    @Test
    void aFlowOnlyTheHigherUidDetectsIsBypassedWithinTwoSeconds() {
        aMeters = false;
        final long start = sim.nanoTime();
        traffic(2000, 30);
        final long millis = bothActiveAfter(start);
        System.out.println("flow only B (the higher UID) meters: active on both ends " + millis
            + " ms after its first frame");
        // detection, B's wait for A's request (500 ms), the meter's report again, the agreement
        assertTrue(millis >= Sim.CONFIG.peerAsksWithin().toMillis() && millis < 2000, millis + " ms");
        assertEquals(1, b.negotiator.counters().leftToPeer());
        assertEquals(1, b.negotiator.counters().sent(MessageType.REQUEST));
    }

    @Test
    void aFlowThatBecomesHeavyIsBypassedWithinOneSecondOfCrossing() {
        // 0.6 MB/s for 5 s: under the 1.25 MB/s threshold, not detected.
        traffic(5000, 4);
        assertTrue(activeAt.isEmpty());
        assertEquals(0, meterA.counters().heavyFlows());
        // Then 3.6 MB/s: the 1 s sliding average crosses the threshold within a few hundred ms.
        final long crossing = sim.nanoTime();
        traffic(1000, 24);
        final long millis = bothActiveAfter(crossing);
        System.out.println("flow rising from 0.6 to 3.6 MB/s: active on both ends " + millis
            + " ms after the rate change");
        assertTrue(millis < 1000, millis + " ms");
    }

    private static byte[] frame(FlowKey flow) {
        final byte[] f = new byte[FRAME];
        f[0] = 0x02;
        f[6] = 0x02;
        f[12] = 0x08;
        f[14] = 0x45;
        f[16] = (byte) (FRAME - 14 >>> 8);
        f[17] = (byte) (FRAME - 14);
        f[23] = (byte) flow.protocol();
        putInt(f, 26, flow.srcIp());
        putInt(f, 30, flow.dstIp());
        f[34] = (byte) (flow.srcPort() >>> 8);
        f[35] = (byte) flow.srcPort();
        f[36] = (byte) (flow.dstPort() >>> 8);
        f[37] = (byte) flow.dstPort();
        return f;
    }

    private static void putInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }
}
