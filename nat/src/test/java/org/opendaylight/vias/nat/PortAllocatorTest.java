/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.nat.Frames.ip;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.rules.HostPort;

class PortAllocatorTest {
    private static final int HOST = ip("10.0.0.1");
    private static final HostPort NVM1_X = HostPort.of("192.168.1.2", 5000);
    private static final HostPort NVM2_X = HostPort.of("192.168.1.3", 5000);

    private final MutableClock clock = new MutableClock();

    private PortAllocator allocator(final int low, final int high, final HostPortProbe probe) {
        return new PortAllocator(low, high, Duration.ofSeconds(60), probe, clock);
    }

    @Test
    void mapsAnEndpointOnceAndHandsTheSameMappingBackForEveryDestination() throws Exception {
        final PortAllocator a = allocator(20000, 20009, HostPortProbe.none());
        final NatMapping m = a.allocate(NatProtocol.TCP, HOST, NVM1_X);
        assertEquals(NVM1_X, m.internal());
        assertEquals(HOST, m.external().address());
        assertTrue(m.external().port() >= 20000 && m.external().port() <= 20009);
        assertFalse(m.isStatic());
        assertEquals(m, a.allocate(NatProtocol.TCP, HOST, NVM1_X));
        assertEquals(1, a.counters().allocated());
        assertEquals(1, a.counters().reused());
        assertEquals(m, a.byExternal(NatProtocol.TCP, m.external()).orElseThrow());
        assertEquals(m, a.byInternal(NatProtocol.TCP, HOST, NVM1_X).orElseThrow());
    }

    @Test
    void twoNestedVmsWithTheSameSourcePortGetDifferentHostPorts() throws Exception {
        final PortAllocator a = allocator(20000, 20009, HostPortProbe.none());
        final NatMapping m1 = a.allocate(NatProtocol.UDP, HOST, NVM1_X);
        final NatMapping m2 = a.allocate(NatProtocol.UDP, HOST, NVM2_X);
        assertNotEquals(m1.external().port(), m2.external().port());
        assertNotEquals(m1.id(), m2.id());
    }

    @Test
    void poolsArePerProtocolAndHostAddress() throws Exception {
        final PortAllocator a = allocator(20000, 20000, HostPortProbe.none());
        final NatMapping tcp = a.allocate(NatProtocol.TCP, HOST, NVM1_X);
        final NatMapping udp = a.allocate(NatProtocol.UDP, HOST, NVM1_X);
        final NatMapping otherHost = a.allocate(NatProtocol.TCP, ip("10.0.0.2"), NVM1_X);
        assertEquals(20000, tcp.external().port());
        assertEquals(20000, udp.external().port());
        assertEquals(20000, otherHost.external().port());
        assertEquals(3, a.mappings().size());
    }

    @Test
    void neverHandsOutAPortTheHostUses() throws Exception {
        final Set<Integer> hostPorts = ConcurrentHashMap.newKeySet();
        hostPorts.addAll(Set.of(20000, 20001, 20003));
        final PortAllocator a = allocator(20000, 20004, (proto, host) -> proto == NatProtocol.TCP && host == HOST
            ? Set.copyOf(hostPorts) : Set.of());
        final Set<Integer> got = new HashSet<>();
        got.add(a.allocate(NatProtocol.TCP, HOST, NVM1_X).external().port());
        got.add(a.allocate(NatProtocol.TCP, HOST, NVM2_X).external().port());
        assertEquals(Set.of(20002, 20004), got);
        // the host's ports do not block UDP
        assertEquals(20000, a.allocate(NatProtocol.UDP, HOST, NVM1_X).external().port());
        // a port the host starts using later is skipped from then on
        a.release(a.byInternal(NatProtocol.TCP, HOST, NVM1_X).orElseThrow().id());
        a.release(a.byInternal(NatProtocol.TCP, HOST, NVM2_X).orElseThrow().id());
        hostPorts.add(20002);
        final NatMapping again = a.allocate(NatProtocol.TCP, HOST, HostPort.of("192.168.1.9", 1));
        assertEquals(20004, again.external().port());
    }

    @Test
    void exhaustionIsAClearErrorWithACounterAndExistingMappingsStay() throws Exception {
        final PortAllocator a = allocator(20000, 20002, (proto, host) -> Set.of(20001));
        final NatMapping m1 = a.allocate(NatProtocol.TCP, HOST, NVM1_X);
        final NatMapping m2 = a.allocate(NatProtocol.TCP, HOST, NVM2_X);
        final PortPoolExhaustedException e = assertThrows(PortPoolExhaustedException.class,
            () -> a.allocate(NatProtocol.TCP, HOST, HostPort.of("192.168.1.4", 5000)));
        assertEquals("NAT port pool exhausted: no free tcp port on 10.0.0.1 in 20000..20002 (2 mapped, 1 used by "
            + "the host); existing mappings keep working, new flows are refused until one expires or port-range is "
            + "widened", e.getMessage());
        assertEquals(NatProtocol.TCP, e.protocol());
        assertEquals(1, a.counters().exhausted());
        assertThrows(PortPoolExhaustedException.class,
            () -> a.allocate(NatProtocol.TCP, HOST, HostPort.of("192.168.1.5", 5000)));
        assertEquals(2, a.counters().exhausted());
        // existing mappings are untouched and still answer
        assertEquals(m1, a.allocate(NatProtocol.TCP, HOST, NVM1_X));
        assertEquals(m2, a.byExternal(NatProtocol.TCP, m2.external()).orElseThrow());
        // freeing one port makes room again
        a.release(m1.id());
        assertEquals(m1.external().port(),
            a.allocate(NatProtocol.TCP, HOST, HostPort.of("192.168.1.4", 5000)).external().port());
    }

    @Test
    void idleMappingsExpireAndTouchedOnesLive() throws Exception {
        final PortAllocator a = allocator(20000, 20009, HostPortProbe.none());
        final NatMapping idle = a.allocate(NatProtocol.TCP, HOST, NVM1_X);
        final NatMapping busy = a.allocate(NatProtocol.TCP, HOST, NVM2_X);
        clock.advance(Duration.ofSeconds(59));
        assertTrue(a.touch(busy.id()));
        assertEquals(List.of(), a.expireIdle());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of(idle), a.expireIdle());
        assertTrue(a.byExternal(NatProtocol.TCP, idle.external()).isEmpty());
        assertFalse(a.touch(idle.id()));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of(busy), a.expireIdle());
        assertEquals(2, a.counters().expired());
        assertEquals(0, a.counters().active());
    }

    @Test
    void portsAreReusedRoundRobinSoAFreedPortIsTheLastToComeBack() throws Exception {
        final PortAllocator a = allocator(20000, 20002, HostPortProbe.none());
        final NatMapping m1 = a.allocate(NatProtocol.UDP, HOST, NVM1_X);
        assertEquals(20000, m1.external().port());
        a.release(m1.id());
        assertEquals(20001, a.allocate(NatProtocol.UDP, HOST, NVM2_X).external().port());
        assertEquals(20002, a.allocate(NatProtocol.UDP, HOST, HostPort.of("192.168.1.4", 1)).external().port());
        assertEquals(20000, a.allocate(NatProtocol.UDP, HOST, HostPort.of("192.168.1.5", 1)).external().port());
    }

    @Test
    void staticMappingsNeverExpireAndRefuseConflicts() throws Exception {
        final PortAllocator a = allocator(20000, 20009, (proto, host) -> Set.of(8080));
        final NatMapping s = a.addStatic(NatProtocol.TCP, HOST, NVM1_X, 2222);
        assertTrue(s.isStatic());
        assertEquals(new HostPort(HOST, 2222), s.external());
        assertEquals(1, a.counters().staticAdded());
        final MappingConflictException sameInternal = assertThrows(MappingConflictException.class,
            () -> a.addStatic(NatProtocol.TCP, HOST, NVM1_X, 2223));
        assertTrue(sameInternal.getMessage().startsWith("internal: tcp 192.168.1.2:5000 is already mapped"),
            sameInternal.getMessage());
        final MappingConflictException samePort = assertThrows(MappingConflictException.class,
            () -> a.addStatic(NatProtocol.TCP, HOST, NVM2_X, 2222));
        assertTrue(samePort.getMessage().startsWith("externalPort: tcp 10.0.0.1:2222 is already mapped"),
            samePort.getMessage());
        final MappingConflictException hostPort = assertThrows(MappingConflictException.class,
            () -> a.addStatic(NatProtocol.TCP, HOST, NVM2_X, 8080));
        assertEquals("externalPort: the host itself uses tcp 10.0.0.1:8080", hostPort.getMessage());
        final IllegalArgumentException badPort = assertThrows(IllegalArgumentException.class,
            () -> a.addStatic(NatProtocol.TCP, HOST, NVM2_X, 0));
        assertTrue(badPort.getMessage().startsWith("externalPort:"));
        // the dynamic allocation of a statically mapped endpoint returns the static mapping
        assertEquals(s, a.allocate(NatProtocol.TCP, HOST, NVM1_X));
        clock.advance(Duration.ofDays(1));
        assertEquals(List.of(), a.expireIdle());
        assertEquals(s, a.release(s.id()).orElseThrow());
        assertTrue(a.release(s.id()).isEmpty());
    }

    @Test
    void aStaticPortInsideTheRangeIsSkippedByDynamicAllocation() throws Exception {
        final PortAllocator a = allocator(20000, 20001, HostPortProbe.none());
        a.addStatic(NatProtocol.UDP, HOST, NVM1_X, 20000);
        assertEquals(20001, a.allocate(NatProtocol.UDP, HOST, NVM2_X).external().port());
        assertThrows(PortPoolExhaustedException.class,
            () -> a.allocate(NatProtocol.UDP, HOST, HostPort.of("192.168.1.4", 1)));
    }

    @Test
    void anUnreadableHostRefusesAllocationRatherThanRiskingACollision() {
        final PortAllocator a = allocator(20000, 20001, (proto, host) -> {
            throw new UncheckedIOException(new java.io.IOException("no /proc"));
        });
        assertThrows(UncheckedIOException.class, () -> a.allocate(NatProtocol.TCP, HOST, NVM1_X));
        assertEquals(0, a.mappings().size());
    }

    @Test
    void rejectsBadRangesNamingTheField() {
        final HostPortProbe none = HostPortProbe.none();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> allocator(1023, 2000, none)).getMessage()
            .startsWith("portLow:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> allocator(3000, 2000, none)).getMessage()
            .startsWith("portHigh:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> allocator(3000, 65536, none)).getMessage()
            .startsWith("portHigh:"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> new PortAllocator(2000, 3000, Duration.ZERO, none, clock)).getMessage().startsWith("idleTimeout:"));
    }

    @Test
    void concurrentAllocationsNeverShareAPort() throws Exception {
        final PortAllocator a = allocator(20000, 20999, HostPortProbe.none());
        final int threads = 4;
        final int perThread = 200;
        final CountDownLatch start = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Set<Integer> ports = ConcurrentHashMap.newKeySet();
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int base = t;
            final Thread w = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        final NatMapping m = a.allocate(NatProtocol.TCP, HOST,
                            new HostPort(ip("192.168.1.2") + base, 1024 + i));
                        if (!ports.add(m.external().port())) {
                            throw new AssertionError("port handed out twice: " + m);
                        }
                        if (i % 3 == 0) {
                            // forget the port before freeing it, so another thread may take it at once
                            ports.remove(m.external().port());
                            a.release(m.id());
                        }
                    }
                } catch (InterruptedException | PortPoolExhaustedException | AssertionError e) {
                    failure.compareAndSet(null, e);
                }
            });
            workers.add(w);
            w.start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(ports.size(), a.mappings().size());
    }
}
