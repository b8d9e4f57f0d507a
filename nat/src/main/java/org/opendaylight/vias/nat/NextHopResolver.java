/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.opendaylight.vias.rules.Ipv4Prefix;
import org.opendaylight.vias.rules.MacAddress;

/**
 * Learns the MAC (and bridge port) of the next hop on the host's uplink by ARP, for the outgoing entries' dl_dst:
 * the nested VM addressed its frame to the virtual gateway, which exists nowhere on the wire, so the controller has
 * to know who really comes next. That is the destination itself when it is on the host's network, otherwise the
 * upstream router.
 *
 * <p>The controller asks with an ARP <em>probe</em> (RFC 5227: sender address 0.0.0.0, sender MAC the virtual
 * gateway's) sent out of the bridge: a probe creates no neighbour entry on the target, so the host's own address is
 * never bound to a MAC that is not the host's, and the target answers straight to the gateway MAC, which the NAT's
 * ARP-reply punt brings to the controller. Only answers to a question actually asked are learnt (no spoofed
 * replies); an entry lives for {@code ttl}, after which it is asked again. Thread-safe.
 */
public final class NextHopResolver implements NatController.NextHops {
    /** How long a learnt next hop is trusted. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    /** A question is repeated at most this often while packets wait for its answer. */
    public static final Duration RETRY = Duration.ofSeconds(1);

    private final Ipv4Prefix uplink;
    private final Integer router;
    private final MacAddress askerMac;
    private final InstantSource clock;
    private final Duration ttl;
    private final Map<Integer, Learnt> learnt = new TreeMap<>();
    private final Map<Integer, Instant> asked = new TreeMap<>();

    private record Learnt(NatController.NextHop hop, Instant at) {
    }

    /**
     * Creates a resolver.
     *
     * @param uplink the host's network on the uplink (host address / prefix length): destinations inside are on-link
     * @param router the upstream router for every other destination, or null when there is none (then only on-link
     *               destinations are reachable)
     * @param askerMac the MAC the probes come from (the virtual gateway's), so answers can be told from other ARP
     */
    public NextHopResolver(final Ipv4Prefix uplink, final Integer router, final MacAddress askerMac,
            final InstantSource clock, final Duration ttl) {
        if (uplink == null || askerMac == null || clock == null || ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("uplink, askerMac, clock and a positive ttl must be set");
        }
        if (router != null && !uplink.contains(router)) {
            throw new IllegalArgumentException("router: " + Ipv4Prefix.format(router) + " is not on the uplink "
                + uplink);
        }
        this.uplink = uplink;
        this.router = router;
        this.askerMac = askerMac;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The address whose MAC the frames towards {@code remote} carry: the remote itself if on-link, else the router. */
    public Optional<Integer> nextHopAddress(final int remote) {
        if (uplink.contains(remote)) {
            return Optional.of(remote);
        }
        return Optional.ofNullable(router);
    }

    @Override
    public synchronized Optional<NatController.NextHop> lookup(final int remote) {
        final Optional<Integer> address = nextHopAddress(remote);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        final Learnt entry = learnt.get(address.orElseThrow());
        if (entry == null || !entry.at().plus(ttl).isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(entry.hop());
    }

    @Override
    public synchronized Optional<List<byte[]>> solicit(final int remote) {
        final Optional<Integer> address = nextHopAddress(remote);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        final int target = address.orElseThrow();
        final Instant now = clock.instant();
        final Instant last = asked.get(target);
        if (last != null && last.plus(RETRY).isAfter(now)) {
            return Optional.of(List.of());
        }
        asked.put(target, now);
        return Optional.of(List.of(probe(askerMac, target)));
    }

    @Override
    public synchronized boolean learn(final long inPort, final ArpPacket arp) {
        if (arp.op() != ArpPacket.REPLY || !askerMac.equals(arp.targetMac())) {
            return false;
        }
        final int sender = arp.senderIp();
        if (!asked.containsKey(sender) && !learnt.containsKey(sender)) {
            return false;
        }
        if (arp.senderMac().isMulticast() || arp.senderMac().value().equals("00:00:00:00:00:00")) {
            return false;
        }
        asked.remove(sender);
        learnt.put(sender, new Learnt(new NatController.NextHop(arp.senderMac(), inPort), clock.instant()));
        return true;
    }

    /** The next hops known now, by address (for operators). */
    public synchronized Map<Integer, NatController.NextHop> known() {
        final Map<Integer, NatController.NextHop> out = new TreeMap<>();
        final Instant now = clock.instant();
        learnt.forEach((address, entry) -> {
            if (entry.at().plus(ttl).isAfter(now)) {
                out.put(address, entry.hop());
            }
        });
        return out;
    }

    /** An ARP probe for {@code target}: who-has target, from 0.0.0.0 at {@code senderMac}, broadcast. */
    public static byte[] probe(final MacAddress senderMac, final int target) {
        return ArpPacket.request(senderMac, 0, target);
    }
}
