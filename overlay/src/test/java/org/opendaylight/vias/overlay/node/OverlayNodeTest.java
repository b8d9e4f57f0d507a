/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Frames;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.DropReason;
import org.opendaylight.vias.overlay.counters.LinkCounters;
import org.opendaylight.vias.overlay.dtls.DtlsLayer;
import org.opendaylight.vias.overlay.dtls.NodeIdentity;
import org.opendaylight.vias.overlay.dtls.PinnedFingerprint;
import org.opendaylight.vias.overlay.forwarding.SwitchTable;
import org.opendaylight.vias.overlay.transport.MemoryTransport;

/** Two nodes in switch mode joined by DTLS over an in-memory path: the whole data plane without root. */
class OverlayNodeTest {
    private static final Uid UA = Uid.parse("1111111111111111111111111111111111111111");
    private static final Uid UB = Uid.parse("2222222222222222222222222222222222222222");
    private static final int MTU = 1379;

    private final MemoryPort portA = new MemoryPort();
    private final MemoryPort portB = new MemoryPort();
    private OverlayNode a;
    private OverlayNode b;
    private final LinkCounters countersA = new LinkCounters();

    @BeforeEach
    void setUp() throws Exception {
        final JcaTlsCrypto crypto = new JcaTlsCryptoProvider().create(new SecureRandom());
        final NodeIdentity ia = NodeIdentity.generate(UA);
        final NodeIdentity ib = NodeIdentity.generate(UB);
        final MemoryTransport[] wire = MemoryTransport.pair(1472);
        a = new OverlayNode(UA, new SwitchTable(300_000, System::currentTimeMillis), List.of(portA), MTU + 14,
            new PacketTooBig(portA, MTU));
        b = new OverlayNode(UB, new SwitchTable(300_000, System::currentTimeMillis), List.of(portB), MTU + 14);
        a.addLink(UB, new DtlsLayer(wire[0], crypto, ia, new PinnedFingerprint(ib.fingerprint()), true, countersA,
            3000, 20_000), countersA);
        b.addLink(UA, new DtlsLayer(wire[1], crypto, ib, new PinnedFingerprint(ia.fingerprint()), false,
            new LinkCounters(), 3000, 20_000));
        a.start();
        b.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(a.reachablePeers().contains(UB) && b.reachablePeers().contains(UA))) {
            assertTrue(System.nanoTime() < deadline, "links up");
            Thread.sleep(20);
        }
    }

    @AfterEach
    void tearDown() {
        a.close();
        b.close();
    }

    @Test
    void arpFloodsAndTheReplyIsUnicastToTheLearnedPeer() throws Exception {
        final byte[] arp = Frames.ethernet(Frames.BROADCAST, Frames.mac(1), 0x0806, 28);
        portA.toOverlay.add(arp);
        assertArrayEquals(arp, portB.toHost.poll(5, TimeUnit.SECONDS));
        final byte[] reply = Frames.ethernet(Frames.mac(1), Frames.mac(2), 0x0806, 28);
        portB.toOverlay.add(reply);
        assertArrayEquals(reply, portA.toHost.poll(5, TimeUnit.SECONDS));
        // B learned mac 1 behind A and A learned mac 2 behind B: unicast now
        final byte[] data = Frames.ipv4(Frames.mac(2), Frames.mac(1), 0x0afb0001, 0x0afb0002, 1000, true);
        portA.toOverlay.add(data);
        assertArrayEquals(data, portB.toHost.poll(5, TimeUnit.SECONDS));
        // counted after the send returns, which can be after the frame arrived
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (a.linkCounters().get(UB).framesOut() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        final LinkCounters.Snapshot s = a.linkCounters().get(UB);
        assertEquals(2, s.framesOut());
        assertEquals(1, s.framesIn());
        assertEquals(arp.length + data.length, s.bytesOut());
    }

    @Test
    void oversizeFrameIsAnsweredWithFragmentationNeeded() throws Exception {
        final byte[] big = Frames.ipv4(Frames.mac(2), Frames.mac(1), 0x0afb0001, 0x0afb0002, MTU + 1, true);
        portA.toOverlay.add(big);
        final byte[] icmp = portA.toHost.poll(5, TimeUnit.SECONDS);
        assertEquals(3, icmp[14 + 20]);
        assertEquals(4, icmp[14 + 20 + 1]);
        assertEquals(MTU, (icmp[14 + 26] & 0xff) << 8 | icmp[14 + 27] & 0xff);
        assertEquals(1, a.nodeCounters().drops().get(DropReason.OVERSIZE));
        assertNull(portB.toHost.poll(200, TimeUnit.MILLISECONDS), "nothing oversize crosses");
        // the largest frame that fits does cross
        final byte[] max = Frames.ipv4(Frames.mac(2), Frames.mac(1), 0x0afb0001, 0x0afb0002, MTU, true);
        portA.toOverlay.add(max);
        assertArrayEquals(max, portB.toHost.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void controlMessagesReachTheRegisteredHandler() throws Exception {
        final BlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (AutoCloseable registration = b.register((peer, message) -> got.add(peer + ":" + new String(message)))) {
            a.send(UB, "bypass? 10.251.0.1:5001".getBytes());
            assertEquals(UA + ":bypass? 10.251.0.1:5001", got.poll(5, TimeUnit.SECONDS));
        }
        assertEquals(Set.of(UB), a.reachablePeers());
        assertEquals(1472 - DtlsLayer.RECORD_OVERHEAD - 42, a.maxMessageSize());
        assertThrows(IOException.class, () -> a.send(Uid.parse("3333333333333333333333333333333333333333"),
            new byte[1]));
        assertThrows(IOException.class, () -> a.send(UB, new byte[a.maxMessageSize() + 1]));
        // no handler registered: counted
        a.send(UB, new byte[] {1});
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (b.linkCounters().get(UA).drops().get(DropReason.NO_CONTROL_HANDLER) == null) {
            assertTrue(System.nanoTime() < deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void manyFramesCrossInOrder() throws Exception {
        final byte[] arp = Frames.ethernet(Frames.BROADCAST, Frames.mac(1), 0x0806, 28);
        portA.toOverlay.add(arp);
        portB.toHost.poll(5, TimeUnit.SECONDS);
        for (int i = 0; i < 2000; i++) {
            final byte[] f = Frames.ethernet(Frames.mac(2), Frames.mac(1), 0x0800, 1000);
            f[20] = (byte) i;
            f[21] = (byte) (i >> 8);
            portA.toOverlay.add(f);
        }
        for (int i = 0; i < 2000; i++) {
            final byte[] f = portB.toHost.poll(5, TimeUnit.SECONDS);
            assertEquals(i, f[20] & 0xff | (f[21] & 0xff) << 8);
        }
    }

    /** Records what a {@link FrameObserver} is shown (copies: the buffer is reused after the call). */
    private static final class Recorder implements FrameObserver {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();

        @Override
        public void toPeer(final Uid peer, final byte[] frame, final int offset, final int length) {
            seen.add("to " + peer);
            frames.add(java.util.Arrays.copyOfRange(frame, offset, offset + length));
        }

        @Override
        public void fromPeer(final Uid peer, final byte[] frame, final int offset, final int length) {
            seen.add("from " + peer);
            frames.add(java.util.Arrays.copyOfRange(frame, offset, offset + length));
        }
    }

    @Test
    void frameObserversSeeEveryFrameBothWaysAndCanBeReplacedAtRuntime() throws Exception {
        final Recorder onA = new Recorder();
        final Recorder onB = new Recorder();
        a.setFrameObserver(onA);
        b.setFrameObserver(onB);
        final byte[] arp = Frames.ethernet(Frames.BROADCAST, Frames.mac(1), 0x0806, 28);
        portA.toOverlay.add(arp);
        assertArrayEquals(arp, portB.toHost.poll(5, TimeUnit.SECONDS));
        // a flooded frame is shown once per peer it goes to, before it is sent; the receiver sees it before the TAP
        assertEquals("to " + UB, onA.seen.poll(5, TimeUnit.SECONDS));
        assertArrayEquals(arp, onA.frames.poll());
        assertEquals("from " + UA, onB.seen.poll(5, TimeUnit.SECONDS));
        assertArrayEquals(arp, onB.frames.poll());

        final Recorder replacement = new Recorder();
        a.setFrameObserver(replacement);
        final byte[] reply = Frames.ethernet(Frames.mac(1), Frames.mac(2), 0x0806, 28);
        portB.toOverlay.add(reply);
        assertArrayEquals(reply, portA.toHost.poll(5, TimeUnit.SECONDS));
        assertEquals("from " + UB, replacement.seen.poll(5, TimeUnit.SECONDS));
        assertArrayEquals(reply, replacement.frames.poll());
        assertEquals("to " + UA, onB.seen.poll(5, TimeUnit.SECONDS), "B's observer saw the reply leave");
        assertArrayEquals(reply, onB.frames.poll());
        assertNull(onA.seen.poll(200, TimeUnit.MILLISECONDS), "the replaced observer sees nothing more");

        // removed: frames still cross, nobody is told
        a.setFrameObserver(null);
        b.setFrameObserver(null);
        final byte[] data = Frames.ipv4(Frames.mac(2), Frames.mac(1), 0x0afb0001, 0x0afb0002, 1000, true);
        portA.toOverlay.add(data);
        assertArrayEquals(data, portB.toHost.poll(5, TimeUnit.SECONDS));
        assertNull(replacement.seen.poll(200, TimeUnit.MILLISECONDS));
        assertNull(onB.seen.poll(1, TimeUnit.MILLISECONDS));
        assertEquals(FrameObserver.NONE, a.frameObserver());
    }

    @Test
    void framesThatGoToNoPeerAreNotShownToTheObserver() throws Exception {
        final Recorder onA = new Recorder();
        a.setFrameObserver(onA);
        a.removeLink(UB);
        final byte[] data = Frames.ipv4(Frames.mac(2), Frames.mac(1), 0x0afb0001, 0x0afb0002, 100, true);
        portA.toOverlay.add(data);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!portA.toOverlay.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(portA.toOverlay.isEmpty(), "the reader took the frame");
        assertNull(onA.seen.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void linkStateListenerHearsOneDownPerUpWhenALinkIsRemoved() throws Exception {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        // the links came up before the listener was set: the node still knows they are up
        a.setLinkStateListener((peer, up) -> events.add(peer + (up ? " up" : " down")));
        a.removeLink(UB);
        assertEquals(UB + " down", events.poll(5, TimeUnit.SECONDS));
        assertNull(events.poll(500, TimeUnit.MILLISECONDS), "no second down from the closing session");
    }
}
