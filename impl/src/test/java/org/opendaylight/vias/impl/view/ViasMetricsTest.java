/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.MetricType;
import org.junit.jupiter.api.Test;

class ViasMetricsTest {
    private static final String B = ViewFixtures.PEER_B.toString();
    private static final String C = ViewFixtures.PEER_C.toString();

    @Test
    void everyFamilyFollowsTheNamingConventions() throws Exception {
        final Map<String, MetricFamily> parsed = Exposition.parse(PrometheusText.write(
            ViasMetrics.of(ViewFixtures.snapshot(10))));
        for (MetricFamily f : parsed.values()) {
            assertTrue(f.getName().startsWith("vias_"), f.getName());
            assertEquals(f.getType() == MetricType.COUNTER, f.getName().endsWith("_total"), f.getName());
            assertFalse(f.getHelp().isBlank(), f.getName());
        }
        assertTrue(parsed.keySet().containsAll(List.of("vias_overlay_node_up", "vias_link_up",
            "vias_link_transmit_bytes_total", "vias_link_drops_total", "vias_flows",
            "vias_flow_throughput_bytes_per_second", "vias_bypass_refused_total", "vias_bypass_setup_delay_seconds",
            "vias_nat_mappings", "vias_nat_ports_in_use", "vias_nat_drops_total")), parsed.keySet().toString());
    }

    @Test
    void linkCountersAndStatePerPeer() throws Exception {
        final Map<String, MetricFamily> m = Exposition.parse(PrometheusText.write(
            ViasMetrics.of(ViewFixtures.snapshot(10))));
        assertEquals(1, Exposition.value(m, "vias_overlay_node_up", Map.of()));
        assertEquals(1, Exposition.value(m, "vias_link_up", Map.of("peer", B, "path_type", "srflx")));
        assertEquals(0, Exposition.value(m, "vias_link_up", Map.of("peer", C, "path_type", "")));
        assertEquals(1_200_000 + 10 * 500_000, Exposition.value(m, "vias_link_transmit_bytes_total",
            Map.of("peer", B)));
        assertEquals(1_100_000, Exposition.value(m, "vias_link_receive_bytes_total", Map.of("peer", B)));
        assertEquals(2000, Exposition.value(m, "vias_link_transmit_packets_total", Map.of("peer", B)));
        assertEquals(3, Exposition.value(m, "vias_link_drops_total", Map.of("peer", B, "reason", "bad_version")));
        // dropped by the link's ICE transport: before the link took it over, and STUN that found ice4j's queue full
        assertEquals(2, Exposition.value(m, "vias_link_drops_total", Map.of("peer", B, "reason", "no_receiver")));
        assertEquals(5, Exposition.value(m, "vias_link_drops_total", Map.of("peer", B, "reason", "ice_queue_full")));
        assertEquals(50, Exposition.value(m, "vias_link_control_messages_total",
            Map.of("peer", B, "direction", "sent")));
        assertEquals(40, Exposition.value(m, "vias_link_control_messages_total",
            Map.of("peer", B, "direction", "received")));
        assertEquals(0, Exposition.value(m, "vias_overlay_peer_linked", Map.of("peer", C)));
    }

    @Test
    void flowsAndThroughputByPeerAndPath() throws Exception {
        final Map<String, MetricFamily> before = Exposition.parse(PrometheusText.write(
            ViasMetrics.of(ViewFixtures.snapshot(2))));
        assertEquals(2, Exposition.value(before, "vias_flows", Map.of("peer", B, "path", "overlay")));
        assertEquals(0, Exposition.value(before, "vias_flows", Map.of("peer", B, "path", "bypass")));
        assertEquals(9_001_200, Exposition.value(before, "vias_flow_throughput_bytes_per_second",
            Map.of("peer", B, "path", "overlay")));

        final Map<String, MetricFamily> after = Exposition.parse(PrometheusText.write(
            ViasMetrics.of(ViewFixtures.snapshot(10))));
        assertEquals(1, Exposition.value(after, "vias_flows", Map.of("peer", B, "path", "bypass")));
        assertEquals(20_000_000, Exposition.value(after, "vias_flow_throughput_bytes_per_second",
            Map.of("peer", B, "path", "bypass")));
        assertEquals(1200, Exposition.value(after, "vias_flow_throughput_bytes_per_second",
            Map.of("peer", B, "path", "overlay")));
    }

    @Test
    void aBypassNotMeasuredYetIsCountedButAddsNoThroughput() throws Exception {
        final Map<String, MetricFamily> m = Exposition.parse(PrometheusText.write(
            ViasMetrics.of(ViewFixtures.bypassRateNotMeasured(ViewFixtures.snapshot(10)))));
        assertEquals(1, Exposition.value(m, "vias_flows", Map.of("peer", B, "path", "bypass")));
        assertEquals(0, Exposition.value(m, "vias_flow_throughput_bytes_per_second",
            Map.of("peer", B, "path", "bypass")));
        assertEquals(1200, Exposition.value(m, "vias_flow_throughput_bytes_per_second",
            Map.of("peer", B, "path", "overlay")));
    }

    @Test
    void bypassCountersRefusalsAndSetupDelay() throws Exception {
        final Map<String, MetricFamily> m = Exposition.parse(PrometheusText.write(
            ViasMetrics.of(ViewFixtures.snapshot(10))));
        assertEquals(2, Exposition.value(m, "vias_bypass_refused_total", Map.of("reason", "replayed")));
        assertEquals(1, Exposition.value(m, "vias_bypass_refused_total", Map.of("reason", "wrong_peer")));
        assertEquals(3, Exposition.value(m, "vias_bypass_activated_total", Map.of()));
        assertEquals(4, Exposition.value(m, "vias_bypass_messages_total", Map.of("direction", "sent", "type",
            "request")));
        assertEquals(3, Exposition.value(m, "vias_bypass_messages_total", Map.of("direction", "received", "type",
            "accept")));
        assertEquals(1, Exposition.value(m, "vias_bypass_rejected_by_peer_total", Map.of()));
        assertEquals(6, Exposition.value(m, "vias_bypass_reports_deferred_total", Map.of()));
        assertEquals(5, Exposition.value(m, "vias_bypass_left_to_peer_total", Map.of()));
        assertEquals(2, Exposition.value(m, "vias_bypass_inbox_dropped_total", Map.of()));
        final Histogram delay = (Histogram) m.get("vias_bypass_setup_delay_seconds").getMetrics().get(0);
        assertEquals(3, delay.getSampleCount());
        assertEquals(1, delay.getBuckets().get(0).getCumulativeCount());
        assertEquals(2, delay.getBuckets().get(1).getCumulativeCount());
    }

    @Test
    void ruleProgrammingLatencyIsAHistogramInSeconds() throws Exception {
        final Map<String, MetricFamily> m = Exposition.parse(PrometheusText.write(
            ViasMetrics.of(ViewFixtures.snapshot(10))));
        final Histogram batches = (Histogram) m.get("vias_rule_programming_seconds").getMetrics().get(0);
        assertEquals(3, batches.getSampleCount());
        assertEquals(0.036, batches.getSampleSum(), 1e-9);
        // bounds 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, ...: 2 ms from 2.5 ms on, 4 ms from 5 ms, 30 ms from 50 ms
        assertEquals(0, batches.getBuckets().get(0).getCumulativeCount());
        assertEquals(1, batches.getBuckets().get(1).getCumulativeCount());
        assertEquals(2, batches.getBuckets().get(2).getCumulativeCount());
        assertEquals(2, batches.getBuckets().get(4).getCumulativeCount());
        assertEquals(3, batches.getBuckets().get(5).getCumulativeCount());
    }

    @Test
    void natMappingsPortsAndDrops() throws Exception {
        final Map<String, MetricFamily> m = Exposition.parse(PrometheusText.write(
            ViasMetrics.of(ViewFixtures.snapshot(10))));
        assertEquals(1, Exposition.value(m, "vias_nat_enabled", Map.of()));
        assertEquals(1, Exposition.value(m, "vias_nat_mappings", Map.of("type", "static")));
        assertEquals(1, Exposition.value(m, "vias_nat_mappings", Map.of("type", "dynamic")));
        assertEquals(2, Exposition.value(m, "vias_nat_ports_in_use", Map.of()));
        assertEquals(1, Exposition.value(m, "vias_nat_allocations_total", Map.of("outcome", "exhausted")));
        assertEquals(4, Exposition.value(m, "vias_nat_drops_total", Map.of("reason", "bad_ip_checksum")));
    }

    @Test
    void aNodeWithoutOverlayOrNatStillWritesAValidExposition() throws Exception {
        final ViewSnapshot off = new ViewSnapshot(ViewFixtures.NOW, false, null, null, List.of(), List.of(), null,
            null, List.of(), null);
        final Map<String, MetricFamily> m = Exposition.parse(PrometheusText.write(ViasMetrics.of(off)));
        assertEquals(0, Exposition.value(m, "vias_overlay_node_up", Map.of()));
        assertFalse(m.containsKey("vias_flows"));
    }
}
