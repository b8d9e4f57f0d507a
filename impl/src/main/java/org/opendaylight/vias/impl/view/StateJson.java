/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.view;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.opendaylight.vias.impl.bypass.BypassEngine;
import org.opendaylight.vias.impl.nat.NatService;
import org.opendaylight.vias.impl.overlay.OverlayRuntime;
import org.opendaylight.vias.nat.AllocatorCounters;
import org.opendaylight.vias.nat.NatMapping;

/**
 * The page's {@code state.json} from a {@link ViewSnapshot}: node, peers, links, flows, per-peer throughput by
 * path, NAT. The page keeps the time series itself (it polls this document); the controller keeps no history.
 */
public final class StateJson {
    /** The link state name (YANG link-state) of an up link. */
    static final String CONNECTED = "connected";

    private StateJson() {
    }

    public static String of(final ViewSnapshot snapshot) {
        final ViewSnapshot s = snapshot;
        final Json j = new Json().beginObject();
        j.field("time", s.nowMs());
        j.name("node").beginObject().field("running", s.overlayRunning()).field("uid", s.selfUid())
            .field("tap", s.tapName()).endObject();
        j.name("peers").beginArray();
        for (OverlayRuntime.PeerView p : s.peers()) {
            j.beginObject().field("uid", p.uid().toString()).field("address", p.overlayAddress())
                .field("linked", p.linked()).endObject();
        }
        j.endArray();
        j.name("links").beginArray();
        for (OverlayRuntime.LinkView l : s.links()) {
            j.beginObject().field("peer", l.peer().toString()).field("state", l.state())
                .field("pathType", pathType(l.localCandidate())).field("local", l.localCandidate())
                .field("remote", l.remoteCandidate()).field("txBytes", l.txBytes()).field("rxBytes", l.rxBytes())
                .field("txPackets", l.txPackets()).field("rxPackets", l.rxPackets());
            counts(j.name("drops"), l.drops());
            j.endObject();
        }
        j.endArray();
        j.field("bypassRunning", s.bypass() != null);
        // per peer: overlay rate, bypass rate, bypassed flows whose rate is not measured yet
        final Map<String, long[]> throughput = new TreeMap<>();
        s.links().forEach(l -> throughput.put(l.peer().toString(), new long[3]));
        j.name("flows").beginArray();
        if (s.bypass() != null) {
            for (BypassEngine.FlowView f : s.bypass().flows()) {
                final String peer = f.peer() == null ? null : f.peer().toString();
                if (peer != null) {
                    final long[] v = throughput.computeIfAbsent(peer, k -> new long[3]);
                    if (!f.rateMeasured()) {
                        v[2]++;
                    } else {
                        v[f.bypassed() ? 1 : 0] += f.rate();
                    }
                }
                j.beginObject().field("id", f.id()).field("peer", peer)
                    .field("path", f.bypassed() ? "bypass" : "overlay");
                rate(j.name("rate"), f.rateMeasured(), f.rate()).field("bytes", f.bytes())
                    .field("packets", f.packets()).field("ageMs", f.ageMs())
                    .field("bypassId", f.bypassId())
                    .field("state", f.state() == null ? null : f.state().name().toLowerCase(Locale.ROOT))
                    .field("reason", f.reason())
                    .field("setupMs", f.detectedAt() > 0 && f.activeAt() >= f.detectedAt()
                        ? f.activeAt() - f.detectedAt() : -1)
                    .endObject();
            }
        }
        j.endArray();
        j.name("throughput").beginArray();
        throughput.forEach((peer, v) -> rate(j.beginObject().field("peer", peer).field("overlay", v[0])
            .name("bypass"), v[2] == 0, v[1]).endObject());
        j.endArray();
        nat(j.name("nat"), s);
        return j.endObject().toString();
    }

    /**
     * A rate in bytes per second, or null while unknown: a bypass's rate comes from its rules' counters, which the
     * switch statistics refresh every 10 s, so a bypass that just became active has none yet (0 would say it
     * carries nothing).
     */
    private static Json rate(final Json json, final boolean measured, final long bytesPerSecond) {
        return measured ? json.value(bytesPerSecond) : json.nullValue();
    }

    /** "host", "srflx", "prflx" or "relay" from "srflx 198.51.100.1:50000"; "" when unknown. */
    static String pathType(final String candidate) {
        if (candidate == null) {
            return "";
        }
        final int space = candidate.indexOf(' ');
        return space < 0 ? "" : candidate.substring(0, space);
    }

    private static void nat(final Json json, final ViewSnapshot snapshot) {
        final Json j = json;
        final ViewSnapshot s = snapshot;
        final NatService.Status status = s.nat();
        j.beginObject();
        j.field("enabled", status != null && status.setup() != null);
        j.field("lastError", status == null ? "NAT status could not be read" : status.lastError());
        j.name("mappings").beginArray();
        final Instant now = Instant.ofEpochMilli(s.nowMs());
        for (NatService.MappingView view : s.natMappings()) {
            final NatMapping m = view.mapping();
            j.beginObject().field("id", m.id()).field("protocol", m.protocol().lowerName())
                .field("internal", m.internal().toString()).field("external", m.external().toString())
                .field("static", m.isStatic())
                .field("idleS", view.lastUsed() == null ? -1 : Duration.between(view.lastUsed(), now).toSeconds())
                .field("packetsOut", view.packetsOut()).field("packetsIn", view.packetsIn()).endObject();
        }
        j.endArray();
        if (status != null && status.counters() != null) {
            final AllocatorCounters c = status.counters();
            j.name("counters").beginObject().field("allocated", c.allocated()).field("reused", c.reused())
                .field("static", c.staticAdded()).field("released", c.released()).field("expired", c.expired())
                .field("exhausted", c.exhausted()).field("active", c.active())
                .field("echo", status.echoMappings()).endObject();
        }
        final Map<String, Long> drops = new TreeMap<>();
        if (status != null) {
            status.drops().forEach((reason, count) -> drops.put(reason.name(), count));
            if (status.unreadable() > 0) {
                drops.put("UNREADABLE_NOTIFICATION", status.unreadable());
            }
        }
        counts(j.name("drops"), drops);
        j.endObject();
    }

    private static void counts(final Json json, final Map<String, Long> counts) {
        final Json j = json;
        j.beginObject();
        counts.forEach((name, count) -> j.field(name, count));
        j.endObject();
    }
}
