/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.opendaylight.vias.impl.bypass.BypassEngine;
import org.opendaylight.vias.impl.nat.NatService;
import org.opendaylight.vias.impl.overlay.OverlayRuntime;
import org.opendaylight.vias.nat.AllocatorCounters;
import org.opendaylight.vias.overlay.bypass.BypassCounters;

/**
 * The VIAS metrics (docs/metrics.md lists them) from a {@link ViewSnapshot}. Counters are the services' own
 * cumulative counters (they restart at zero with the controller, which Prometheus' rate() handles); gauges are the
 * state at the snapshot. There is no rule-programming latency metric: nothing measures one yet.
 */
public final class ViasMetrics {
    private ViasMetrics() {
    }

    public static List<Metric> of(final ViewSnapshot snapshot) {
        final ViewSnapshot s = snapshot;
        final List<Metric> out = new ArrayList<>();
        out.add(Metric.gauge("vias_overlay_node_up", "1 when this controller's overlay node is running")
            .add(s.overlayRunning() ? 1 : 0));
        final Metric peerLinked = Metric.gauge("vias_overlay_peer_linked",
            "Peers in the overlay's signaling room: 1 when a P2P link to it is up");
        s.peers().forEach(p -> peerLinked.add(p.linked() ? 1 : 0, "peer", p.uid().toString()));
        out.add(peerLinked);
        links(s.links(), out);
        if (s.bypass() != null) {
            bypass(s.bypass(), out);
        }
        if (s.nat() != null) {
            nat(s.nat(), s.natMappings(), out);
        }
        if (s.ruleProgramming() != null) {
            out.add(Metric.histogram("vias_rule_programming_seconds",
                "NAT and bypass rules: time from sending a batch of flow-mods to the switch's barrier reply")
                .add(s.ruleProgramming()));
        }
        return out;
    }

    private static void links(final List<OverlayRuntime.LinkView> links, final List<Metric> out) {
        final Metric up = Metric.gauge("vias_link_up",
            "P2P links: 1 when connected, 0 when connecting or failed; path_type is the local ICE candidate's type");
        final Metric txBytes = Metric.counter("vias_link_transmit_bytes_total", "Bytes sent to the peer on the link");
        final Metric rxBytes = Metric.counter("vias_link_receive_bytes_total", "Bytes received from the peer");
        final Metric txPackets = Metric.counter("vias_link_transmit_packets_total", "Frames sent to the peer");
        final Metric rxPackets = Metric.counter("vias_link_receive_packets_total", "Frames received from the peer");
        final Metric drops = Metric.counter("vias_link_drops_total", "Frames dropped on the link, by reason");
        final Metric control = Metric.counter("vias_link_control_messages_total",
            "Control messages (bypass negotiation) on the link, by direction");
        for (OverlayRuntime.LinkView link : links) {
            final String peer = link.peer().toString();
            up.add(StateJson.CONNECTED.equals(link.state()) ? 1 : 0, "peer", peer, "path_type",
                StateJson.pathType(link.localCandidate()));
            txBytes.add(link.txBytes(), "peer", peer);
            rxBytes.add(link.rxBytes(), "peer", peer);
            txPackets.add(link.txPackets(), "peer", peer);
            rxPackets.add(link.rxPackets(), "peer", peer);
            link.drops().forEach((reason, count) -> drops.add(count, "peer", peer, "reason", lower(reason)));
            control.add(link.controlOut(), "peer", peer, "direction", "sent");
            control.add(link.controlIn(), "peer", peer, "direction", "received");
        }
        out.add(up);
        out.add(txBytes);
        out.add(rxBytes);
        out.add(txPackets);
        out.add(rxPackets);
        out.add(drops);
        out.add(control);
    }

    private static void bypass(final ViewSnapshot.Bypass bypass, final List<Metric> out) {
        // per peer and path: flows, active bypasses, throughput
        final Map<String, long[]> perPeer = new TreeMap<>();
        for (BypassEngine.FlowView flow : bypass.flows()) {
            final long[] v = perPeer.computeIfAbsent(flow.peer() == null ? "" : flow.peer().toString(),
                k -> new long[4]);
            final int path = flow.bypassed() ? 1 : 0;
            v[path]++;
            if (flow.rateMeasured()) {
                v[2 + path] += flow.rate();
            }
        }
        final Metric flows = Metric.gauge("vias_flows", "TCP/UDP flows this node carries, by peer and path");
        final Metric rate = Metric.gauge("vias_flow_throughput_bytes_per_second",
            "Sum of the flows' rates, by peer and path (overlay: the meter's; bypass: the rules' counters, from "
                + "their first refresh by the switch statistics)");
        perPeer.forEach((peer, v) -> {
            flows.add(v[0], "peer", peer, "path", "overlay");
            flows.add(v[1], "peer", peer, "path", "bypass");
            rate.add(v[2], "peer", peer, "path", "overlay");
            rate.add(v[3], "peer", peer, "path", "bypass");
        });
        out.add(flows);
        out.add(rate);
        final BypassCounters.Snapshot c = bypass.counters();
        out.add(Metric.counter("vias_bypass_activated_total", "Bypasses that became active on this node")
            .add(c.activated()));
        out.add(Metric.counter("vias_bypass_torn_down_total", "Bypasses torn down").add(c.tornDown()));
        out.add(Metric.counter("vias_bypass_rejected_by_peer_total", "Our bypass requests the peer rejected")
            .add(c.rejectedByPeer()));
        out.add(Metric.counter("vias_bypass_unanswered_total", "Our bypass requests given up unanswered")
            .add(c.unanswered()));
        out.add(Metric.counter("vias_bypass_left_to_peer_total",
            "Heavy flows this node detected and left to the peer (the lower UID) to ask for").add(c.leftToPeer()));
        out.add(Metric.counter("vias_bypass_nat_unsupported_total",
            "Bypasses not made because a side's NAT maps ports unpredictably (the flow stays on the overlay)")
            .add(c.natUnsupported()));
        out.add(Metric.counter("vias_bypass_path_probes_total",
            "Path probes on bypass 5-tuples through filtering NATs, by direction")
            .add(c.probesSent(), "direction", "sent").add(c.probesHeard(), "direction", "heard"));
        out.add(Metric.counter("vias_bypass_paths_failed_total",
            "Bypasses through filtering NATs ended by their path: never opened, or lost while active")
            .add(c.pathsNotOpened(), "reason", "not_opened").add(c.pathsLost(), "reason", "lost"));
        out.add(Metric.counter("vias_bypass_rule_failures_total", "Bypass rules the switch refused, by operation")
            .add(c.installFailures(), "operation", "install").add(c.removeFailures(), "operation", "remove"));
        final Metric refused = Metric.counter("vias_bypass_refused_total",
            "Bypass control messages refused, by reason (malformed, wrong_peer, replayed, policy, ...)");
        c.refused().forEach((reason, count) -> refused.add(count, "reason", lower(reason.name())));
        out.add(refused);
        final Metric messages = Metric.counter("vias_bypass_messages_total",
            "Bypass negotiation messages, by direction and type (sent: retransmissions included)");
        c.sent().forEach((type, count) -> messages.add(count, "direction", "sent", "type", lower(type.name())));
        c.received().forEach((type, count) -> messages.add(count, "direction", "received", "type",
            lower(type.name())));
        out.add(messages);
        out.add(Metric.counter("vias_bypass_retransmissions_total", "Bypass negotiation messages sent again")
            .add(c.retransmissions()));
        out.add(Metric.counter("vias_bypass_reports_deferred_total",
            "Heavy-flow reports that met a back-off, the wait for the peer to ask, the bypass limit or no free port, "
                + "to be repeated later")
            .add(bypass.reportsDeferred()));
        out.add(Metric.counter("vias_bypass_inbox_dropped_total",
            "Peers' bypass control messages dropped because the queue to the negotiator was full (the peer resends)")
            .add(bypass.inboxDropped()));
        out.add(Metric.histogram("vias_bypass_setup_delay_seconds",
            "Delay from a flow's detection (or the peer's request) to its bypass being active on this node")
            .add(bypass.setupDelays()));
    }

    private static void nat(final NatService.Status status, final List<NatService.MappingView> mappings,
            final List<Metric> out) {
        out.add(Metric.gauge("vias_nat_enabled", "1 when the SDN NAT is configured and running")
            .add(status.setup() == null ? 0 : 1));
        if (status.setup() == null) {
            return;
        }
        long staticCount = 0;
        for (NatService.MappingView m : mappings) {
            staticCount += m.mapping().isStatic() ? 1 : 0;
        }
        out.add(Metric.gauge("vias_nat_mappings", "NAT mappings, by type")
            .add(staticCount, "type", "static").add(mappings.size() - staticCount, "type", "dynamic"));
        final AllocatorCounters c = status.counters();
        if (c != null) {
            out.add(Metric.gauge("vias_nat_ports_in_use", "Public ports the NAT has allocated").add(c.active()));
            out.add(Metric.counter("vias_nat_allocations_total", "Port allocations, by outcome")
                .add(c.allocated(), "outcome", "allocated").add(c.reused(), "outcome", "reused")
                .add(c.staticAdded(), "outcome", "static").add(c.exhausted(), "outcome", "exhausted"));
            out.add(Metric.counter("vias_nat_releases_total", "Mappings released, by cause")
                .add(c.released(), "cause", "removed").add(c.expired(), "cause", "expired"));
        }
        out.add(Metric.gauge("vias_nat_echo_mappings", "ICMP echo identifiers the NAT has mapped")
            .add(status.echoMappings()));
        final Metric drops = Metric.counter("vias_nat_drops_total", "Packets the NAT dropped, by reason");
        status.drops().forEach((reason, count) -> drops.add(count, "reason", lower(reason.name())));
        if (status.unreadable() > 0) {
            drops.add(status.unreadable(), "reason", "unreadable_notification");
        }
        out.add(drops);
    }

    private static String lower(final String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
