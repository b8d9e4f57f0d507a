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

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateJsonTest {
    private static final String B = ViewFixtures.PEER_B.toString();

    private static JsonObject state(final ViewSnapshot snapshot) {
        return JsonParser.parseString(StateJson.of(snapshot)).getAsJsonObject();
    }

    @Test
    void nodePeersAndLinks() {
        final JsonObject s = state(ViewFixtures.snapshot(10));
        assertEquals(ViewFixtures.NOW + 10_000, s.get("time").getAsLong());
        assertEquals(ViewFixtures.SELF.toString(), s.getAsJsonObject("node").get("uid").getAsString());
        assertEquals(2, s.getAsJsonArray("peers").size());
        final JsonObject link = s.getAsJsonArray("links").get(0).getAsJsonObject();
        assertEquals(B, link.get("peer").getAsString());
        assertEquals("connected", link.get("state").getAsString());
        assertEquals("srflx", link.get("pathType").getAsString());
        assertEquals(3, link.getAsJsonObject("drops").get("BAD_VERSION").getAsLong());
        assertEquals(2, link.getAsJsonObject("drops").get("NO_RECEIVER").getAsLong());
        assertEquals(5, link.getAsJsonObject("drops").get("ICE_QUEUE_FULL").getAsLong());
        final JsonObject failed = s.getAsJsonArray("links").get(1).getAsJsonObject();
        assertEquals("", failed.get("pathType").getAsString());
        assertTrue(failed.get("local").isJsonNull());
    }

    @Test
    void flowsMoveFromOverlayToBypassAndThroughputFollows() {
        final JsonObject before = state(ViewFixtures.snapshot(2));
        final JsonObject flow = before.getAsJsonArray("flows").get(0).getAsJsonObject();
        assertEquals("overlay", flow.get("path").getAsString());
        assertEquals("proposed", flow.get("state").getAsString());
        assertEquals(-1, flow.get("setupMs").getAsLong());

        final JsonObject after = state(ViewFixtures.snapshot(10));
        final JsonObject bypassed = after.getAsJsonArray("flows").get(0).getAsJsonObject();
        assertEquals("bypass", bypassed.get("path").getAsString());
        assertEquals("active", bypassed.get("state").getAsString());
        assertEquals(17, bypassed.get("bypassId").getAsLong());
        assertEquals(62, bypassed.get("setupMs").getAsLong());
        final JsonArray throughput = after.getAsJsonArray("throughput");
        assertEquals(2, throughput.size(), "one entry per linked or failed peer");
        final JsonObject tb = throughput.get(0).getAsJsonObject();
        assertEquals(B, tb.get("peer").getAsString());
        assertEquals(20_000_000, tb.get("bypass").getAsLong());
        assertEquals(1200, tb.get("overlay").getAsLong());
    }

    @Test
    void aBypassWhoseRulesTheStatisticsHaveNotRefreshedHasNoRateYet() {
        final JsonObject state = state(ViewFixtures.bypassRateNotMeasured(ViewFixtures.snapshot(10)));
        final JsonObject bypassed = state.getAsJsonArray("flows").get(0).getAsJsonObject();
        assertEquals("bypass", bypassed.get("path").getAsString());
        assertTrue(bypassed.get("rate").isJsonNull(), "unknown, not 0: " + bypassed);
        final JsonObject tb = state.getAsJsonArray("throughput").get(0).getAsJsonObject();
        assertTrue(tb.get("bypass").isJsonNull(), "the peer's bypass sum is unknown too: " + tb);
        assertEquals(1200, tb.get("overlay").getAsLong(), "the overlay's is still known");
    }

    @Test
    void stringsAreEscaped() {
        final JsonObject s = state(ViewFixtures.snapshot(10));
        final JsonObject udp = s.getAsJsonArray("flows").get(1).getAsJsonObject();
        assertEquals("policy: \"deny\" by default", udp.get("reason").getAsString());
        final String raw = StateJson.of(ViewFixtures.snapshot(10));
        assertFalse(raw.contains("<"), "no '<' in the document: " + raw);
        final Json json = new Json().beginObject().field("x", "</script>\u0001\\\n").endObject();
        assertEquals("</script>\u0001\\\n",
            JsonParser.parseString(json.toString()).getAsJsonObject().get("x").getAsString());
        assertFalse(json.toString().contains("<"));
    }

    @Test
    void natMappingsCountersAndDrops() {
        final JsonObject nat = state(ViewFixtures.snapshot(10)).getAsJsonObject("nat");
        assertTrue(nat.get("enabled").getAsBoolean());
        final JsonArray mappings = nat.getAsJsonArray("mappings");
        assertEquals(2, mappings.size());
        assertEquals("10.0.1.10:40000", mappings.get(0).getAsJsonObject().get("internal").getAsString());
        assertEquals(3, mappings.get(0).getAsJsonObject().get("idleS").getAsLong());
        assertTrue(mappings.get(1).getAsJsonObject().get("static").getAsBoolean());
        assertEquals(2, nat.getAsJsonObject("counters").get("active").getAsLong());
        assertEquals(1, nat.getAsJsonObject("drops").get("PORT_POOL_EXHAUSTED").getAsLong());
    }

    @Test
    void aStoppedNodeHasEmptyListsNotMissingOnes() {
        final JsonObject s = state(new ViewSnapshot(ViewFixtures.NOW, false, null, null, List.of(), List.of(), null,
            null, List.of(), null));
        assertFalse(s.getAsJsonObject("node").get("running").getAsBoolean());
        assertFalse(s.get("bypassRunning").getAsBoolean());
        assertEquals(0, s.getAsJsonArray("flows").size());
        assertFalse(s.getAsJsonObject("nat").get("enabled").getAsBoolean());
    }
}
