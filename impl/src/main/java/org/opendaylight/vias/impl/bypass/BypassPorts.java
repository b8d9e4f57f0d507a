/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.opendaylight.vias.nat.HostPortProbe;
import org.opendaylight.vias.nat.MappingConflictException;
import org.opendaylight.vias.nat.NatMapping;
import org.opendaylight.vias.nat.NatProtocol;
import org.opendaylight.vias.nat.PortAllocator;
import org.opendaylight.vias.nat.PortPoolExhaustedException;
import org.opendaylight.vias.overlay.bypass.PortReservation;
import org.opendaylight.vias.overlay.bypass.UnderlayEndpoint;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.rules.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Underlay ports for bypasses, from the NAT module's {@link PortAllocator} over the bypass's own range
 * ({@code bypass/port-range-start..end}, which the config check keeps apart from the NAT's range), so a port the
 * host itself uses is never handed out and a released port is the last one reused (the allocator's round-robin
 * cursor keeps late packets of an old bypass away from a new one).
 *
 * <p>The allocator is keyed by internal endpoint; a bypass has its own port even when two flows share a VM endpoint,
 * so the "internal endpoint" given to the allocator is the bypass id spread over address and port. Mappings never
 * expire here ({@code expireIdle} is not called): a bypass port lives until {@link #release}.
 */
public final class BypassPorts implements PortReservation {
    private static final Logger LOG = LoggerFactory.getLogger(BypassPorts.class);
    /** The allocator's idle timeout is unused (no expiry is driven), but must be positive. */
    private static final Duration NEVER_DRIVEN = Duration.ofDays(1);

    private record Held(PortAllocator allocator, long mappingId) {
    }

    private final HostPortProbe probe;
    private final InstantSource clock;
    /** Our side of the path towards the peer of a flow, or empty when unknown (the flow stays on the overlay). */
    private final Function<FlowKey, Optional<PathMapping>> pathMapping;
    private final BooleanSupplier oneToOneNat;
    private final Map<Long, Held> held = new HashMap<>();
    private PortAllocator allocator;
    private long exhausted;

    /**
     * Creates the pool over ports {@code low..high}.
     *
     * @param pathMapping our side of the path for a flow (oriented local VM to remote VM), or empty
     * @param oneToOneNat whether a NAT on our side is declared one-to-one ({@code bypass/behind-nat})
     */
    public BypassPorts(final int low, final int high, final HostPortProbe probe, final InstantSource clock,
            final Function<FlowKey, Optional<PathMapping>> pathMapping, final BooleanSupplier oneToOneNat) {
        this.probe = probe;
        this.clock = clock;
        this.pathMapping = pathMapping;
        this.oneToOneNat = oneToOneNat;
        this.allocator = new PortAllocator(low, high, NEVER_DRIVEN, probe, clock);
    }

    /** A new range for new reservations; ports held keep their allocator until released. */
    public synchronized void setRange(final int low, final int high) {
        if (allocator.low() != low || allocator.high() != high) {
            allocator = new PortAllocator(low, high, NEVER_DRIVEN, probe, clock);
        }
    }

    @Override
    public synchronized Optional<Reservation> reserve(final long id, final FlowKey flow) {
        final Optional<PathMapping> path = pathMapping.apply(flow);
        if (path.isEmpty()) {
            LOG.info("No underlay address known for bypass {} of {}: staying on the overlay", id, flow);
            return Optional.empty();
        }
        final PathMapping side = path.orElseThrow();
        try {
            final NatMapping mapping = allocator.allocate(protocol(flow), side.underlayIp(), internalKey(id));
            held.put(id, new Held(allocator, mapping.id()));
            final int port = mapping.external().port();
            // Behind a port-preserving NAT the peer reaches the same port on our public address.
            return Optional.of(new Reservation(new UnderlayEndpoint(side.publicIp(), port), port, side.underlayIp()));
        } catch (PortPoolExhaustedException e) {
            exhausted++;
            LOG.warn("No bypass port free for {}: {}", flow, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * False when our NAT towards the flow's peer changes ports (no endpoint could be announced for a new port) or ICE
     * found no direct path (relayed).
     */
    @Override
    public boolean mappingPredictable(final FlowKey flow) {
        return pathMapping.apply(flow).map(PathMapping::predictable).orElse(true);
    }

    /**
     * True behind a NAT (STUN shows our public address differing from our own) that the operator has not declared
     * one-to-one: STUN sees a filtering (port-restricted) NAT exactly as a one-to-one one, and a filtering NAT drops
     * the peer's first packets on the bypass unless the path is opened from both sides first (overlay/BYPASS.md).
     */
    @Override
    public boolean needsOpening(final FlowKey flow) {
        return pathMapping.apply(flow).map(m -> m.publicIp() != m.underlayIp() && !oneToOneNat.getAsBoolean())
            .orElse(false);
    }

    @Override
    public synchronized void release(final long id) {
        final Held h = held.remove(id);
        if (h != null) {
            h.allocator().release(h.mappingId());
        }
    }

    @Override
    public synchronized boolean reclaim(final long id, final FlowKey flow, final Reservation reservation) {
        if (held.containsKey(id)) {
            return true;
        }
        try {
            final NatMapping mapping = allocator.addStatic(protocol(flow), reservation.underlayIp(),
                internalKey(id), reservation.allocatedPort());
            held.put(id, new Held(allocator, mapping.id()));
            return true;
        } catch (MappingConflictException | IllegalArgumentException e) {
            LOG.warn("Cannot take back port {} of restored bypass {}: {}", reservation.allocatedPort(), id,
                e.getMessage());
            return false;
        }
    }

    public synchronized int held() {
        return held.size();
    }

    public synchronized long exhausted() {
        return exhausted;
    }

    private static NatProtocol protocol(final FlowKey flow) {
        return flow.protocol() == FlowKey.TCP ? NatProtocol.TCP : NatProtocol.UDP;
    }

    /** A distinct allocator key per bypass: the 40-bit id spread over a 24-bit "address" and a 16-bit "port". */
    private static HostPort internalKey(final long id) {
        return new HostPort((int) (id >>> 16), (int) (id & 0xffff));
    }
}
