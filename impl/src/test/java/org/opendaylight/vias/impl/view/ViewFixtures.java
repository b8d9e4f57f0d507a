/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.view;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.opendaylight.vias.impl.bypass.BypassEngine;
import org.opendaylight.vias.impl.bypass.LatencyHistogram;
import org.opendaylight.vias.impl.nat.NatService;
import org.opendaylight.vias.impl.nat.NatSetup;
import org.opendaylight.vias.impl.overlay.OverlayRuntime;
import org.opendaylight.vias.nat.AllocatorCounters;
import org.opendaylight.vias.nat.DropReason;
import org.opendaylight.vias.nat.NatConfig;
import org.opendaylight.vias.nat.NatMapping;
import org.opendaylight.vias.nat.NatProtocol;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.bypass.BypassCounters;
import org.opendaylight.vias.overlay.bypass.BypassState;
import org.opendaylight.vias.overlay.bypass.MessageType;
import org.opendaylight.vias.overlay.bypass.Refusal;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.rules.HostPort;
import org.opendaylight.vias.rules.Ipv4Prefix;
import org.opendaylight.vias.rules.MacAddress;

/** A node with two peers (one linked over srflx, one failed), two flows (overlay, bypass) and a NAT. */
final class ViewFixtures {
    static final Uid SELF = Uid.parse("aa00000000000000000000000000000000000001");
    static final Uid PEER_B = Uid.parse("bb00000000000000000000000000000000000002");
    static final Uid PEER_C = Uid.parse("cc00000000000000000000000000000000000003");
    static final long NOW = 1_764_680_000_000L;

    private ViewFixtures() {
    }

    /** The node at {@code NOW + seconds * 1000}; the bypassed flow's rate and bytes grow with {@code seconds}. */
    static ViewSnapshot snapshot(final int seconds) {
        final long now = NOW + seconds * 1000L;
        final List<OverlayRuntime.PeerView> peers = List.of(
            new OverlayRuntime.PeerView(PEER_B, "10.254.0.2", true, "none"),
            new OverlayRuntime.PeerView(PEER_C, "10.254.0.3", false, null));
        final List<OverlayRuntime.LinkView> links = List.of(
            new OverlayRuntime.LinkView(PEER_B, "connected", "srflx 198.51.100.1:50000", "host 192.0.2.20:40000",
                1000L + seconds * 100L, 1_200_000L + seconds * 500_000L, 900, 1_100_000,
                Map.of("BAD_VERSION", 3L, "NO_RECEIVER", 2L, "ICE_QUEUE_FULL", 5L), 40L + seconds, 30L + seconds),
            new OverlayRuntime.LinkView(PEER_C, "failed", null, null, 0, 0, 0, 0, Map.of(), 0, 0));
        final long bypassRate = Math.min(seconds, 30) * 2_000_000L;
        final List<BypassEngine.FlowView> flows = List.of(
            new BypassEngine.FlowView("tcp:10.0.1.10:5201>10.0.2.10:41000",
                FlowKey.tcp("10.0.1.10", 5201, "10.0.2.10", 41000), PEER_B, seconds >= 4, 17,
                seconds >= 4 ? BypassState.ACTIVE : BypassState.PROPOSED, null,
                seconds >= 4 ? bypassRate : 9_000_000L, 5000L + seconds, 40_000_000L + seconds * bypassRate,
                seconds * 1000L, NOW, new BypassEngine.SetupSteps(NOW + 1, seconds >= 4 ? NOW + 30 : 0,
                    seconds >= 4 ? NOW + 62 : 0)),
            new BypassEngine.FlowView("udp:10.0.1.11:5353>10.0.2.11:5353",
                FlowKey.udp("10.0.1.11", 5353, "10.0.2.11", 5353), PEER_B, false, 0, null,
                "policy: \"deny\" by default", 1200, 10, 12_000, 2500, 0, BypassEngine.SetupSteps.NONE));
        final BypassCounters.Snapshot counters = new BypassCounters.Snapshot(Map.of(MessageType.REQUEST, 4L),
            Map.of(MessageType.ACCEPT, 3L), Map.of(), Map.of(Refusal.REPLAYED, 2L, Refusal.WRONG_PEER, 1L), 0, 3, 1, 0,
            2, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0);
        final LatencyHistogram delays = new LatencyHistogram(new double[] {0.05, 0.1, 1});
        delays.observeMillis(62);
        delays.observeMillis(40);
        delays.observeMillis(1500);
        final NatSetup setup = new NatSetup(new NatConfig(Ipv4Prefix.parse("10.0.1.0/24"),
            Ipv4Prefix.parseAddress("10.0.1.1"), MacAddress.of("02:00:00:00:00:01"),
            Ipv4Prefix.parseAddress("192.0.2.10"), 20000, 29999, 300), Ipv4Prefix.parse("192.0.2.0/24"), null);
        final NatService.Status nat = new NatService.Status(setup, new AllocatorCounters(5, 1, 1, 2, 1, 1, 2), 1,
            Map.of(DropReason.PORT_POOL_EXHAUSTED, 1L, DropReason.BAD_IP_CHECKSUM, 4L), 0, null, Map.of());
        final List<NatService.MappingView> mappings = List.of(
            new NatService.MappingView(new NatMapping(1, NatProtocol.TCP, HostPort.of("10.0.1.10", 40000),
                HostPort.of("192.0.2.10", 20000), false), Instant.ofEpochMilli(now - 3000), 120, 80),
            new NatService.MappingView(new NatMapping(2, NatProtocol.UDP, HostPort.of("10.0.1.12", 53),
                HostPort.of("192.0.2.10", 25353), true), null, 0, 0));
        return new ViewSnapshot(now, true, SELF.toString(), "vias-tap0", peers, links,
            new ViewSnapshot.Bypass(flows, counters, delays.snapshot(), 6, 2), nat, mappings, ruleProgramming());
    }

    /**
     * The same node just after its bypass became active: the switch statistics have not refreshed the bypass rules'
     * counters yet, so the bypassed flow has no rate.
     */
    static ViewSnapshot bypassRateNotMeasured(final ViewSnapshot snapshot) {
        final ViewSnapshot s = snapshot;
        final List<BypassEngine.FlowView> flows = s.bypass().flows().stream()
            .map(f -> f.bypassed() ? new BypassEngine.FlowView(f.id(), f.flow(), f.peer(), true, f.bypassId(),
                f.state(), f.reason(), -1, f.packets(), f.bytes(), f.ageMs(), f.detectedAt(), f.steps()) : f)
            .toList();
        return new ViewSnapshot(s.nowMs(), s.overlayRunning(), s.selfUid(), s.tapName(), s.peers(), s.links(),
            new ViewSnapshot.Bypass(flows, s.bypass().counters(), s.bypass().setupDelays(),
                s.bypass().reportsDeferred(), s.bypass().inboxDropped()),
            s.nat(), s.natMappings(), s.ruleProgramming());
    }

    /** Three batches: 2 ms, 4 ms and 30 ms from flow-mods to barrier reply. */
    static LatencyHistogram.Snapshot ruleProgramming() {
        final LatencyHistogram batches = new LatencyHistogram(LatencyHistogram.RULE_BOUNDS);
        batches.observeMillis(2);
        batches.observeMillis(4);
        batches.observeMillis(30);
        return batches.snapshot();
    }
}
