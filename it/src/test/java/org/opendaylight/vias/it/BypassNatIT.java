/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.it.Await.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue #16 on the two-site testbed, each case on its own testbed ({@code vias-sites up --nat ...}). Host i owns
 * 10.(230+i).0.2 on its bridge and, behind a one-to-one NAT, is 10.220.0.(10+i) on the LAN.
 * <ul>
 * <li>The cloud case, each host behind its own one-to-one NAT (a public address 1:1 to the host, like a cloud VM's): a
 * heavy TCP stream between nested VMs must be bypassed on both ends with rules that rewrite to the host's OWN
 * address and send to the peer's PUBLIC one (each NAT translates between them), carry the stream, and let it
 * complete.</li>
 * <li>One side symmetric (the other port-restricted, so ICE can only link them through the TURN relay): the bypass
 * is refused with NAT_UNSUPPORTED and the stream completes on the overlay, with no bypass rule on either bridge at
 * any time.</li>
 * <li>Both behind filtering (port-restricted) NATs that the operator has not declared one-to-one: refused the same
 * way (such a bypass would be a black hole: the peer's first packets are dropped).</li>
 * </ul>
 */
class BypassNatIT {
    /** Short rules idle timeout; each host declares its NAT one-to-one (bypass/behind-nat), as a cloud VM would. */
    private static final String CONFIG_ONE_TO_ONE =
        "{\"bypass\": {\"idle-timeout\": 5, \"behind-nat\": \"one-to-one\"}}";
    /** The same without the declaration: the default, under which a bypass behind a NAT is refused. */
    private static final String CONFIG_UNDECLARED = "{\"bypass\": {\"idle-timeout\": 5}}";
    private static final String VM21 = "10.254.2.1";
    private static final String[] OWN = {null, "10.231.0.2", "10.232.0.2"};
    private static final String[] PUBLIC = {null, "10.220.0.11", "10.220.0.12"};

    @Test
    void tcpStreamIsBypassedThroughBothOneToOneNatsAndCompletes() throws Exception {
        try (Sites sites = Sites.upWithControllers("bypass-nat-it", CONFIG_ONE_TO_ONE, "--nat",
                "1=one-to-one,2=one-to-one")) {
            bypassedThroughBothNats(sites);
        }
    }

    @Test
    void symmetricNatIsRefusedAndTheStreamCompletesOnTheOverlay() throws Exception {
        // Declared one-to-one, so what refuses the bypass is ICE's relayed path, not the declaration.
        try (Sites sites = Sites.upWithControllers("bypass-nat-symmetric-it", CONFIG_ONE_TO_ONE, "--nat",
                "1=symmetric,2=port-restricted")) {
            refusedAndCompletedOnTheOverlay(sites, "iperf-tcp-symmetric.json");
        }
    }

    /**
     * Filtering NATs on both sides, not declared one-to-one: STUN sees them exactly as one-to-one NATs, and a bypass
     * through them carried nothing (the peer's first packets dropped). Without the declaration it is refused.
     */
    @Test
    void undeclaredPortRestrictedNatsAreRefusedAndTheStreamCompletesOnTheOverlay() throws Exception {
        try (Sites sites = Sites.upWithControllers("bypass-nat-filtering-it", CONFIG_UNDECLARED, "--nat",
                "1=port-restricted,2=port-restricted")) {
            refusedAndCompletedOnTheOverlay(sites, "iperf-tcp-filtering.json");
        }
    }

    private static void refusedAndCompletedOnTheOverlay(final Sites sites, final String report) throws Exception {
        final long overlayBefore = sites.overlayBytes(1);
        final Process client = startStream(sites, report);
        try {
            await("the bypass refused with NAT_UNSUPPORTED", Duration.ofSeconds(12),
                () -> refusedForNat(sites, 1) || refusedForNat(sites, 2),
                () -> "state 1: " + sites.state(1) + "\nstate 2: " + sites.state(2) + "\nhost 1 log:\n"
                    + sites.karafLogTail(1));
            // Never a black hole: the refused flow has no rule on either bridge while it runs.
            for (int i = 0; i < 4; i++) {
                assertTrue(sites.bypassRules(1).isEmpty() && sites.bypassRules(2).isEmpty(),
                    "bypass rules despite the refusal:\n" + sites.bypassRules(1) + "\n" + sites.bypassRules(2));
                Thread.sleep(1000);
            }
        } finally {
            assertTrue(client.waitFor(60, TimeUnit.SECONDS), "iperf3 did not finish");
        }
        final long received = completed(sites, report, client);
        // vias:state's link counters are published periodically: the last second of the stream reaches them late
        await("the overlay link counting more bytes than the stream (" + received + ")", Duration.ofSeconds(10),
            () -> sites.overlayBytes(1) - overlayBefore > received,
            () -> "the overlay link carried " + (sites.overlayBytes(1) - overlayBefore) + " bytes");
        assertTrue(sites.bypassRules(1).isEmpty() && sites.bypassRules(2).isEmpty(), "bypass rules left");
    }

    /** Whether the site's state shows a flow whose bypass was refused because a NAT maps ports unpredictably. */
    private static boolean refusedForNat(final Sites sites, final int site) {
        return !sites.jq(sites.state(site), "(.\"vias:state\".flow // [])[] | select(.protocol == \"tcp\")"
            + " | .reason // \"\" | select(contains(\"NAT_UNSUPPORTED\"))").isEmpty();
    }

    /** A 14 s iperf3 TCP stream from VM 1:1 to VM 2:1, its JSON report to {@code report} in the work directory. */
    private static Process startStream(final Sites sites, final String report) throws Exception {
        assertTrue(sites.vm(2, 1, 20, "iperf3", "-s", "-1", "-D", "-p", "5201").ok());
        Thread.sleep(300);
        return sites.startInVm(1, 1, sites.work().resolve(report), "iperf3", "-c", VM21, "-p", "5201", "-t", "14",
            "-J");
    }

    /** Checks the stream ended without error (a reset fails iperf3) and returns the bytes received. */
    private static long completed(final Sites sites, final String report, final Process client) throws Exception {
        final String json = Files.readString(sites.work().resolve(report));
        assertEquals(0, client.exitValue(), "iperf3 failed (reset?):\n" + json);
        assertTrue(sites.jq(json, ".error // \"\"").isEmpty(), json);
        final String received = sites.jq(json, ".end.sum_received.bytes");
        assertTrue(!received.isEmpty() && Long.parseLong(received) > 10_000_000, "received " + received);
        return Long.parseLong(received);
    }

    private static void bypassedThroughBothNats(final Sites sites) throws Exception {
        final Process client = startStream(sites, "iperf-tcp-nat.json");
        try {
            await("TCP bypass rules on both bridges", Duration.ofSeconds(12),
                () -> sites.bypassRules(1).stream().anyMatch(r -> r.contains("tcp"))
                    && sites.bypassRules(2).stream().anyMatch(r -> r.contains("tcp")),
                () -> "host 1:\n" + sites.flows(1) + "\nhost 2:\n" + sites.flows(2) + "\nstate 1: " + sites.state(1)
                    + "\nhost 1 log:\n" + sites.karafLogTail(1));
            Thread.sleep(1000);
            final long before1 = Sites.bytes(sites.bypassRules(1));
            final long before2 = Sites.bytes(sites.bypassRules(2));
            final long overlayBefore = sites.overlayBytes(1);
            Thread.sleep(4000);
            final long overlayDelta = sites.overlayBytes(1) - overlayBefore;
            final List<String> rules1 = sites.bypassRules(1);
            final List<String> rules2 = sites.bypassRules(2);
            final long delta1 = Sites.bytes(rules1) - before1;
            final long delta2 = Sites.bytes(rules2) - before2;
            assertTrue(delta1 > 5_000_000 && delta2 > 5_000_000, "bypass rule counters rose by " + delta1 + " / "
                + delta2 + " bytes in 4 s:\n" + rules1 + "\n" + rules2);
            assertEquals(Sites.bypassIds(rules1), Sites.bypassIds(rules2), "both ends hold the same bypasses");
            // the overlay link is flat meanwhile: keepalives and control messages only, not the stream
            assertTrue(overlayDelta < Math.max(200_000, delta1 / 50), "overlay link bytes rose by " + overlayDelta
                + " while the bypass carried " + delta1);
            for (int s = 1; s <= 2; s++) {
                final int site = s;
                final int other = 3 - site;
                final List<String> rules = site == 1 ? rules1 : rules2;
                // outbound: from our own (private) address to the peer's public one
                assertTrue(rules.stream().anyMatch(r -> r.contains("set_field:" + OWN[site] + "->ip_src")
                    && r.contains("set_field:" + PUBLIC[other] + "->ip_dst")), "host " + site + " outbound: " + rules);
                // inbound: what our NAT hands us, from the peer's public address to our own
                assertTrue(rules.stream().anyMatch(r -> r.contains("nw_src=" + PUBLIC[other])
                    && r.contains("nw_dst=" + OWN[site])), "host " + site + " inbound: " + rules);
                // our own public address is only what the peer was told: no rule of ours uses it
                assertTrue(rules.stream().noneMatch(r -> r.contains(PUBLIC[site])), "host " + site + ": " + rules);
            }
        } finally {
            assertTrue(client.waitFor(60, TimeUnit.SECONDS), "iperf3 did not finish");
        }
        completed(sites, "iperf-tcp-nat.json", client);
    }
}
