/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.DropReason;
import org.opendaylight.vias.overlay.counters.LinkCounters;
import org.opendaylight.vias.overlay.ice.IceTransport.Route;
import org.opendaylight.vias.overlay.transport.DatagramReceiver;

/** The direct read of a claimed {@link HostSocket}: routing of each datagram, batches, counters, sends, release. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class IceTransportTest {
    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.7", 40000);
    private static final InetSocketAddress OTHER = new InetSocketAddress("192.0.2.8", 40000);

    /** An RFC 5389 Binding request header: type 0x0001, length 0, the magic cookie, a transaction id. */
    static byte[] stunBindingRequest() {
        return new byte[] {0, 1, 0, 0, 0x21, 0x12, (byte) 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    }

    /** The start of a DTLS 1.2 application data record (content type 23, version 0xfefd). */
    static byte[] dtlsRecord(int tag) {
        final byte[] b = new byte[40];
        b[0] = 23;
        b[1] = (byte) 0xfe;
        b[2] = (byte) 0xfd;
        b[39] = (byte) tag;
        return b;
    }

    private static Route route(byte[] bytes, InetSocketAddress from) {
        final DatagramPacket p = new DatagramPacket(bytes, bytes.length);
        p.setSocketAddress(from);
        return IceTransport.route(p, REMOTE);
    }

    @Test
    void stunGoesToIce4jWhereverItComesFromAndOnlyThePairsOtherDatagramsAreDelivered() {
        assertEquals(Route.ICE, route(stunBindingRequest(), REMOTE), "consent freshness on the pair");
        assertEquals(Route.ICE, route(stunBindingRequest(), OTHER), "a check from another candidate, TURN");
        assertEquals(Route.PAIR, route(dtlsRecord(1), REMOTE));
        assertEquals(Route.FOREIGN, route(dtlsRecord(1), OTHER));
        assertEquals(Route.FOREIGN, route(dtlsRecord(1), new InetSocketAddress(REMOTE.getAddress(), 40001)));
        // not STUN (too short, wrong leading bits): the pair's; the DTLS layer counts what it cannot parse
        assertEquals(Route.PAIR, route(new byte[] {0, 1, 0}, REMOTE));
        assertEquals(Route.PAIR, route(new byte[0], REMOTE));
        final byte[] notStun = stunBindingRequest();
        notStun[0] = (byte) 0x80;
        assertEquals(Route.PAIR, route(notStun, REMOTE));
    }

    private HostSocket host;
    private DatagramSocket peer;
    private DatagramSocket stranger;
    private IceTransport transport;

    @BeforeEach
    void open() throws Exception {
        final InetAddress lo = InetAddress.getLoopbackAddress();
        host = HostSocket.open();
        host.bind(new InetSocketAddress(lo, 0));
        peer = new DatagramSocket(new InetSocketAddress(lo, 0));
        peer.setSoTimeout(5000);
        stranger = new DatagramSocket(new InetSocketAddress(lo, 0));
    }

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
        host.close();
        peer.close();
        stranger.close();
    }

    private IceTransport claimedTransport() {
        final InetSocketAddress local = (InetSocketAddress) host.getLocalSocketAddress();
        final SelectedPath path = new SelectedPath("host", local, "host",
            (InetSocketAddress) peer.getLocalSocketAddress(), local, null);
        transport = new IceTransport(null, host, path, "test");
        return transport;
    }

    private void send(DatagramSocket from, byte[] bytes) throws Exception {
        from.send(new DatagramPacket(bytes, bytes.length, host.getLocalSocketAddress()));
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    /** Records datagrams (by their last byte) and batch ends ("|"). */
    private static final class Recorder implements DatagramReceiver {
        final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onDatagram(byte[] buf, int off, int len) {
            events.add(Integer.toString(buf[off + len - 1]));
        }

        @Override
        public void onReadBatchEnd() {
            events.add("|");
        }
    }

    @Test
    void thePairsDatagramsArriveOnTheReadingThreadInBatchesAndTheRestReachesIce4j() throws Exception {
        final IceTransport t = claimedTransport();
        assertTrue(t.readsHostSocket());
        assertTrue(t.endsReadBatches());
        final Recorder r = new Recorder();
        t.setReceiver(r);
        for (int i = 1; i <= 3; i++) {
            send(peer, dtlsRecord(i));
        }
        send(peer, stunBindingRequest());
        send(stranger, dtlsRecord(9));
        assertTrue(await(() -> r.events.size() >= 4 && t.foreignDatagrams() == 1), r.events::toString);
        final List<String> data = new ArrayList<>(r.events);
        data.removeIf("|"::equals);
        assertEquals(List.of("1", "2", "3"), data);
        assertEquals("|", r.events.get(r.events.size() - 1), "every batch ends: " + r.events);

        // ice4j's side of the socket gets the STUN request and the stranger's datagram, in order
        host.setSoTimeout(3000);
        final DatagramPacket p = new DatagramPacket(new byte[100], 100);
        host.receive(p);
        assertArrayEquals(stunBindingRequest(), Arrays.copyOf(p.getData(), p.getLength()));
        assertEquals(peer.getLocalSocketAddress(), p.getSocketAddress());
        p.setLength(100);
        host.receive(p);
        assertEquals(stranger.getLocalSocketAddress(), p.getSocketAddress());

        t.send("up".getBytes(US_ASCII), 0, 2);
        final DatagramPacket q = new DatagramPacket(new byte[10], 10);
        peer.receive(q);
        assertEquals("up", new String(q.getData(), 0, q.getLength(), US_ASCII));
    }

    @Test
    void datagramsWithoutAReceiverAreCountedAndAFailingReceiverDoesNotStopTheReader() throws Exception {
        final IceTransport t = claimedTransport();
        send(peer, dtlsRecord(1));
        assertTrue(await(() -> t.noReceiverDatagrams() == 1));
        assertEquals(Map.of(DropReason.NO_RECEIVER, 1L), t.drops());
        final Recorder r = new Recorder();
        t.setReceiver(new DatagramReceiver() {
            @Override
            public void onDatagram(byte[] buf, int off, int len) {
                if (buf[off + len - 1] == 2) {
                    throw new IllegalStateException("a bug above");
                }
                r.onDatagram(buf, off, len);
            }

            @Override
            public void onReadBatchEnd() {
                throw new IllegalStateException("another bug above");
            }
        });
        send(peer, dtlsRecord(2));
        Thread.sleep(50);
        send(peer, dtlsRecord(3));
        assertTrue(await(() -> r.events.contains("3")), r.events::toString);
        assertTrue(t.isOpen());
    }

    @Test
    void stunThatFindsIce4jsQueueFullIsDroppedAndCountedAsTheTransportsDrop() throws Exception {
        final IceTransport t = claimedTransport();
        t.setReceiver(new Recorder());
        assertEquals(Map.of(), t.drops());
        // nobody reads ice4j's side: the first 256 wait in its queue, the rest are dropped
        final int sent = 300;
        for (int i = 0; i < sent; i++) {
            send(peer, stunBindingRequest());
            if (i % 20 == 19) {
                Thread.sleep(5); // no loss in the kernel: the reader keeps up
            }
        }
        final long queued = 256;
        assertTrue(await(() -> t.drops().getOrDefault(DropReason.ICE_QUEUE_FULL, 0L) == sent - queued),
            () -> t.drops().toString());
        assertEquals(sent - queued, host.forwardDropped());
        assertEquals(0, t.noReceiverDatagrams());
    }

    @Test
    void theTransportsDropsAreAddedToItsLinksDropsInTheNodesCountersAndStatus() throws Exception {
        final IceTransport t = claimedTransport();
        send(peer, dtlsRecord(1));
        send(peer, dtlsRecord(2));
        assertTrue(await(() -> t.noReceiverDatagrams() == 2));
        final Uid linked = Uid.parse("00000000000000000000000000000000000000a1");
        final Uid other = Uid.parse("00000000000000000000000000000000000000a2");
        final LinkCounters counters = new LinkCounters();
        counters.drop(DropReason.NOT_DTLS);
        final Map<Uid, LinkCounters.Snapshot> shown = IceOverlayNode.withTransportDrops(
            Map.of(linked, counters.snapshot(), other, new LinkCounters().snapshot()), Map.of(linked, t.drops()));
        assertEquals(Map.of(DropReason.NOT_DTLS, 1L, DropReason.NO_RECEIVER, 2L), shown.get(linked).drops());
        assertEquals(Map.of(), shown.get(other).drops(), "another peer's link gets none of them");

        final String status = StatusFile.render(new StatusFile.Header(other, "tap0", true, 0, 0, 0),
            List.of(new LinkMachine.PeerView(linked, true, LinkMachine.State.LINKED, t.path(), 10, Map.of(), null)),
            shown, Map.of(linked, true));
        assertTrue(status.contains("drops={NOT_DTLS=1, NO_RECEIVER=2}"), status);
    }

    @Test
    void closingGivesTheSocketBackToIce4j() throws Exception {
        final IceTransport t = claimedTransport();
        assertEquals(null, host.claim(REMOTE), "claimed by the transport");
        t.close();
        assertFalse(t.isOpen());
        assertTrue(await(() -> {
            final HostSocket.Claim again = host.claim(REMOTE);
            if (again != null) {
                again.release();
                return true;
            }
            return false;
        }), "released after close");
        assertThrowsIo(() -> t.send(new byte[1], 0, 1));
    }

    @Test
    void aClosedSocketEndsTheTransport() throws Exception {
        final IceTransport t = claimedTransport();
        host.close();
        assertTrue(await(() -> !t.isOpen()));
    }

    @Test
    void withoutAHostSocketItReadsThroughIce4j() throws Exception {
        final InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        try (org.ice4j.socket.MultiplexingDatagramSocket component = new org.ice4j.socket.MultiplexingDatagramSocket(
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))) {
            transport = new IceTransport(component, null, new SelectedPath("relay", local, "host", REMOTE, local,
                null), "relayed");
            assertFalse(transport.readsHostSocket());
            assertFalse(transport.endsReadBatches());
            assertNotNull(transport.path());
        }
    }

    private interface IoAction {
        void run() throws Exception;
    }

    private static void assertThrowsIo(IoAction action) {
        try {
            action.run();
        } catch (java.io.IOException e) {
            return;
        } catch (Exception e) {
            throw new AssertionError("expected an IOException, got " + e, e);
        }
        throw new AssertionError("expected an IOException");
    }
}
