/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link HostPortProbe} that asks its delegate at most once per {@code maxAge} for each protocol and host address,
 * and answers from that snapshot in between.
 *
 * <p>Why: {@link ProcNetPortProbe} reads {@code /proc/net/tcp} and {@code tcp6}, and the kernel produces those files
 * by walking its whole socket hash tables, however few sockets there are: about 2 ms of CPU for the pair on the
 * project's machine. Asked at every new NAT mapping, that was nearly all of the NAT thread's time. What the
 * snapshot can miss is a host socket opened less than {@code maxAge} before an allocation; a socket the host opens
 * after an allocation was never seen either, which is why the NAT's port range belongs outside the host's ephemeral
 * range.
 *
 * <p>A failed read is not cached: the next call asks again (and the allocator refuses while it fails). Thread-safe.
 */
public final class CachedPortProbe implements HostPortProbe {
    /**
     * How old the host's ports may be when the NAT or the bypass picks a port: half a second of snapshot instead of
     * about 2 ms of CPU per new mapping or bypass.
     */
    private static final Duration HOST_MAX_AGE = Duration.ofMillis(500);

    private final HostPortProbe delegate;
    private final Duration maxAge;
    private final InstantSource clock;
    private final Map<Key, Snapshot> snapshots = new HashMap<>();
    private long reads;

    private record Key(NatProtocol protocol, int hostAddress) {
    }

    private record Snapshot(Instant takenAt, Set<Integer> ports) {
    }

    /**
     * Creates the cache.
     *
     * @param maxAge how old an answer may be (positive)
     */
    public CachedPortProbe(final HostPortProbe delegate, final Duration maxAge, final InstantSource clock) {
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge: must be positive, was " + maxAge);
        }
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.maxAge = maxAge;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Set<Integer> portsInUse(final NatProtocol protocol, final int hostAddress) {
        final Key key = new Key(protocol, hostAddress);
        final Instant now = clock.instant();
        final Snapshot known = snapshots.get(key);
        // a clock that went back does not keep an old answer alive
        if (known != null && !now.isBefore(known.takenAt()) && now.isBefore(known.takenAt().plus(maxAge))) {
            return known.ports();
        }
        final Set<Integer> ports = Set.copyOf(delegate.portsInUse(protocol, hostAddress));
        reads++;
        snapshots.put(key, new Snapshot(now, ports));
        return ports;
    }

    /** The host's own ports from {@code /proc/net}, at most 0.5 s old: what the NAT and the bypass use. */
    public static CachedPortProbe ofHost() {
        return new CachedPortProbe(new ProcNetPortProbe(Path.of("/proc/net")), HOST_MAX_AGE, InstantSource.system());
    }

    /** How often the delegate was asked (a read succeeded) so far. */
    public synchronized long reads() {
        return reads;
    }
}
