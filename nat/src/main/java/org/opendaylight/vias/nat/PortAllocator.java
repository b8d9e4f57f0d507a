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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.opendaylight.vias.rules.HostPort;
import org.opendaylight.vias.rules.Ipv4Prefix;

/**
 * Hands out external ports for NAT mappings, one pool per (host address, protocol), from a configured range.
 *
 * <p>Guarantees: a port is never mapped twice in one pool; a port the {@link HostPortProbe} reports as the host's
 * own (asked at each new allocation; the controller's probe answers from a snapshot at most 0.5 s old,
 * {@link CachedPortProbe}) is never handed out; the same internal endpoint always gets its existing mapping back
 * (endpoint-independent mapping, the basis of full-cone). Dynamic mappings expire once idle for the configured
 * time ({@link #expireIdle}, driven by the injected clock); static ones only go when removed. Ports are taken
 * round-robin from a per-pool cursor, so a just-released port is the last to be reused and late packets of an old
 * flow do not reach a new nVM.
 *
 * <p>Thread-safe: every method holds the allocator's monitor (allocation is a short scan of a bounded range, plus
 * one probe of the host).
 */
public final class PortAllocator {
    private final int low;
    private final int high;
    private final Duration idleTimeout;
    private final HostPortProbe probe;
    private final InstantSource clock;

    private final Map<PoolKey, Pool> pools = new HashMap<>();
    private final Map<Long, Entry> byId = new HashMap<>();
    private long nextId = 1;
    private long allocated;
    private long reused;
    private long staticAdded;
    private long released;
    private long expired;
    private long exhausted;

    private record PoolKey(NatProtocol protocol, int hostAddress) {
    }

    private static final class Pool {
        final Map<Integer, Entry> byExternalPort = new HashMap<>();
        final Map<HostPort, Entry> byInternal = new HashMap<>();
        int cursor;
    }

    private static final class Entry {
        final NatMapping mapping;
        Instant lastUsed;

        Entry(final NatMapping mapping, final Instant lastUsed) {
            this.mapping = mapping;
            this.lastUsed = lastUsed;
        }
    }

    /**
     * Creates an allocator.
     *
     * @param low first port of the dynamic range (1024..65535)
     * @param high last port of the dynamic range (low..65535)
     * @param idleTimeout how long a dynamic mapping lives without {@link #touch}
     */
    public PortAllocator(final int low, final int high, final Duration idleTimeout, final HostPortProbe probe,
            final InstantSource clock) {
        if (low < 1024 || low > 65535) {
            throw new IllegalArgumentException("portLow: must be 1024..65535, was " + low);
        }
        if (high < low || high > 65535) {
            throw new IllegalArgumentException("portHigh: must be portLow(" + low + ")..65535, was " + high);
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout: must be positive, was " + idleTimeout);
        }
        if (probe == null || clock == null) {
            throw new IllegalArgumentException("probe, clock: must be set");
        }
        this.low = low;
        this.high = high;
        this.idleTimeout = idleTimeout;
        this.probe = probe;
        this.clock = clock;
    }

    /** An allocator over the config's range and idle timeout. */
    public static PortAllocator forConfig(final NatConfig config, final HostPortProbe probe,
            final InstantSource clock) {
        return new PortAllocator(config.portLow(), config.portHigh(),
            Duration.ofSeconds(config.idleTimeoutSeconds()), probe, clock);
    }

    /**
     * The mapping for {@code internal} on {@code hostAddress}: the existing one (refreshed), or a new one on a free
     * port of the range.
     *
     * @throws PortPoolExhaustedException if no port of the range is free; counted in {@link #counters()}
     */
    public synchronized NatMapping allocate(final NatProtocol protocol, final int hostAddress,
            final HostPort internal) throws PortPoolExhaustedException {
        final Pool pool = pool(protocol, hostAddress);
        final Entry existing = pool.byInternal.get(internal);
        if (existing != null) {
            existing.lastUsed = clock.instant();
            reused++;
            return existing.mapping;
        }
        final Set<Integer> hostPorts = probe.portsInUse(protocol, hostAddress);
        final int size = high - low + 1;
        for (int i = 0; i < size; i++) {
            final int port = low + (pool.cursor + i) % size;
            if (!pool.byExternalPort.containsKey(port) && !hostPorts.contains(port)) {
                pool.cursor = (pool.cursor + i + 1) % size;
                allocated++;
                return put(pool, new NatMapping(nextId++, protocol, internal, new HostPort(hostAddress, port),
                    false));
            }
        }
        exhausted++;
        int hostInRange = 0;
        for (int port : hostPorts) {
            if (port >= low && port <= high && !pool.byExternalPort.containsKey(port)) {
                hostInRange++;
            }
        }
        throw new PortPoolExhaustedException(protocol, hostAddress, low, high, size - hostInRange, hostInRange);
    }

    /**
     * Adds an operator's mapping of {@code internal} to {@code hostAddress:externalPort}; the port may lie outside
     * the dynamic range. It never expires.
     *
     * @throws MappingConflictException if the internal endpoint is already mapped, or the port is mapped or used by
     *         the host
     */
    public synchronized NatMapping addStatic(final NatProtocol protocol, final int hostAddress,
            final HostPort internal, final int externalPort) throws MappingConflictException {
        if (externalPort < 1 || externalPort > 65535) {
            throw new IllegalArgumentException("externalPort: must be 1..65535, was " + externalPort);
        }
        final Pool pool = pool(protocol, hostAddress);
        final Entry byInternal = pool.byInternal.get(internal);
        if (byInternal != null) {
            throw new MappingConflictException("internal: " + protocol.lowerName() + " " + internal
                + " is already mapped (" + byInternal.mapping + "); remove that mapping first");
        }
        final Entry byPort = pool.byExternalPort.get(externalPort);
        if (byPort != null) {
            throw new MappingConflictException("externalPort: " + protocol.lowerName() + " "
                + Ipv4Prefix.format(hostAddress) + ":" + externalPort + " is already mapped (" + byPort.mapping
                + ")");
        }
        if (probe.portsInUse(protocol, hostAddress).contains(externalPort)) {
            throw new MappingConflictException("externalPort: the host itself uses " + protocol.lowerName() + " "
                + Ipv4Prefix.format(hostAddress) + ":" + externalPort);
        }
        staticAdded++;
        return put(pool, new NatMapping(nextId++, protocol, internal, new HostPort(hostAddress, externalPort),
            true));
    }

    /** Marks a mapping as used now, postponing its expiry; false if it no longer exists. */
    public synchronized boolean touch(final long mappingId) {
        final Entry entry = byId.get(mappingId);
        if (entry == null) {
            return false;
        }
        entry.lastUsed = clock.instant();
        return true;
    }

    /** Ends a mapping (static or dynamic) and frees its port. */
    public synchronized Optional<NatMapping> release(final long mappingId) {
        final Entry entry = byId.get(mappingId);
        if (entry == null) {
            return Optional.empty();
        }
        remove(entry);
        released++;
        return Optional.of(entry.mapping);
    }

    /**
     * Ends every dynamic mapping idle for at least the idle timeout and returns them, so the caller can remove
     * their rules.
     */
    public synchronized List<NatMapping> expireIdle() {
        final Instant deadline = clock.instant().minus(idleTimeout);
        final List<NatMapping> gone = new ArrayList<>();
        for (Iterator<Entry> it = byId.values().iterator(); it.hasNext();) {
            final Entry entry = it.next();
            if (!entry.mapping.isStatic() && !entry.lastUsed.isAfter(deadline)) {
                it.remove();
                final Pool pool = pools.get(new PoolKey(entry.mapping.protocol(), entry.mapping.external().address()));
                pool.byExternalPort.remove(entry.mapping.external().port());
                pool.byInternal.remove(entry.mapping.internal());
                gone.add(entry.mapping);
                expired++;
            }
        }
        gone.sort(Comparator.comparingLong(NatMapping::id));
        return gone;
    }

    public synchronized Optional<NatMapping> byId(final long mappingId) {
        return Optional.ofNullable(byId.get(mappingId)).map(e -> e.mapping);
    }

    public synchronized Optional<NatMapping> byInternal(final NatProtocol protocol, final int hostAddress,
            final HostPort internal) {
        final Pool pool = pools.get(new PoolKey(protocol, hostAddress));
        return pool == null ? Optional.empty() : Optional.ofNullable(pool.byInternal.get(internal)).map(e -> e.mapping);
    }

    public synchronized Optional<NatMapping> byExternal(final NatProtocol protocol, final HostPort external) {
        final Pool pool = pools.get(new PoolKey(protocol, external.address()));
        return pool == null ? Optional.empty()
            : Optional.ofNullable(pool.byExternalPort.get(external.port())).map(e -> e.mapping);
    }

    /** When the mapping was last used, for operators ({@code vias:nat list}). */
    public synchronized Optional<Instant> lastUsed(final long mappingId) {
        return Optional.ofNullable(byId.get(mappingId)).map(e -> e.lastUsed);
    }

    /** All live mappings, oldest first. */
    public synchronized List<NatMapping> mappings() {
        return byId.values().stream().map(e -> e.mapping).sorted(Comparator.comparingLong(NatMapping::id)).toList();
    }

    public synchronized AllocatorCounters counters() {
        return new AllocatorCounters(allocated, reused, staticAdded, released, expired, exhausted, byId.size());
    }

    public int low() {
        return low;
    }

    public int high() {
        return high;
    }

    private Pool pool(final NatProtocol protocol, final int hostAddress) {
        if (protocol == null) {
            throw new IllegalArgumentException("protocol: must be set");
        }
        return pools.computeIfAbsent(new PoolKey(protocol, hostAddress), k -> new Pool());
    }

    private NatMapping put(final Pool pool, final NatMapping mapping) {
        final Entry entry = new Entry(mapping, clock.instant());
        pool.byExternalPort.put(mapping.external().port(), entry);
        pool.byInternal.put(mapping.internal(), entry);
        byId.put(mapping.id(), entry);
        return mapping;
    }

    private void remove(final Entry entry) {
        byId.remove(entry.mapping.id());
        final Pool pool = pools.get(new PoolKey(entry.mapping.protocol(), entry.mapping.external().address()));
        pool.byExternalPort.remove(entry.mapping.external().port());
        pool.byInternal.remove(entry.mapping.internal());
    }
}
