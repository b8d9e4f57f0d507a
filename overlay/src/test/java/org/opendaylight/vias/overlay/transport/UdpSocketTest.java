/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two sockets on loopback: datagrams leave on the sender's thread, whole and in order. */
class UdpSocketTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void aLoneDatagramLeavesOnTheSendersThread() throws Exception {
        try (UdpSocket a = UdpSocket.bind(ANY_LOOPBACK, 1500); UdpSocket b = UdpSocket.bind(ANY_LOOPBACK, 1500)) {
            final PacketTransport ab = a.transportTo(b.localAddress());
            final PacketTransport ba = b.transportTo(a.localAddress());
            final BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
            ba.setReceiver((buf, off, len) -> got.add(Arrays.copyOfRange(buf, off, off + len)));
            final byte[] datagram = {1, 2, 3, 4, 5};
            ab.send(datagram, 0, datagram.length);
            assertArrayEquals(datagram, got.poll(5, TimeUnit.SECONDS));
            // a burst of one (the TAP had one frame): flushed with sendto here, not handed to the event loop
            ab.sendBatched(datagram, 0, 3);
            ab.flush();
            assertArrayEquals(Arrays.copyOf(datagram, 3), got.poll(5, TimeUnit.SECONDS));
            if (Epoll.isAvailable()) {
                assertEquals(2, a.counters().sendCalls.sum(), "both sent on this thread with sendto");
                assertEquals(0, a.counters().gsoSends.sum());
            }
            assertEquals(0, a.counters().sendFailed.sum());
        }
    }

    @Test
    void aBurstOfOddSizesArrivesWholeAndInOrder() throws Exception {
        try (UdpSocket a = UdpSocket.bind(ANY_LOOPBACK, 1500); UdpSocket b = UdpSocket.bind(ANY_LOOPBACK, 1500)) {
            final PacketTransport ab = a.transportTo(b.localAddress());
            final PacketTransport ba = b.transportTo(a.localAddress());
            final BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
            ba.setReceiver((buf, off, len) -> got.add(Arrays.copyOfRange(buf, off, off + len)));
            final int count = 500;
            for (int i = 0; i < count; i++) {
                final byte[] datagram = datagram(i, 1 + i * 7 % ab.maxDatagramSize());
                ab.sendBatched(datagram, 0, datagram.length);
            }
            ab.flush();
            for (int i = 0; i < count; i++) {
                final byte[] received = got.poll(5, TimeUnit.SECONDS);
                assertNotNull(received, "datagram " + i);
                assertArrayEquals(datagram(i, 1 + i * 7 % ab.maxDatagramSize()), received, "datagram " + i);
            }
            assertEquals(count, b.counters().datagramsIn.sum());
        }
    }

    @Test
    void burstsLeaveAsGsoSendsAndArriveAsTheSameDatagramsInOrder() throws Exception {
        try (UdpSocket a = UdpSocket.bind(ANY_LOOPBACK, 1500, true);
             UdpSocket b = UdpSocket.bind(ANY_LOOPBACK, 1500, true)) {
            assertEquals(Epoll.isAvailable() && SegmentedDatagramPacket.isSupported(), a.udpGso());
            final PacketTransport ab = a.transportTo(b.localAddress());
            final PacketTransport ba = b.transportTo(a.localAddress());
            final BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
            ba.setReceiver((buf, off, len) -> got.add(Arrays.copyOfRange(buf, off, off + len)));
            // bursts of full-size datagrams ending in an odd one, lone datagrams in between: the order must hold
            // although bursts go through the event loop and lone datagrams leave on this thread
            final java.util.List<byte[]> sent = new java.util.ArrayList<>();
            int seq = 0;
            for (int round = 0; round < 40; round++) {
                final int burst = round % 5 == 0 ? 1 : 2 + round % 70;
                for (int i = 0; i < burst; i++) {
                    final int len = i == burst - 1 && round % 3 == 0 ? 1 + round * 13 % 1400 : ab.maxDatagramSize();
                    final byte[] d = datagram(seq++, len);
                    sent.add(d);
                    ab.sendBatched(d, 0, d.length);
                }
                ab.flush();
            }
            for (int i = 0; i < sent.size(); i++) {
                final byte[] received = got.poll(5, TimeUnit.SECONDS);
                assertNotNull(received, "datagram " + i + " of " + sent.size());
                assertArrayEquals(sent.get(i), received, "datagram " + i);
            }
            if (a.udpGso()) {
                assertTrue(a.counters().gsoSends.sum() > 0, "bursts went out as GSO sends");
                assertTrue(a.counters().gsoDatagrams.sum() > a.counters().gsoSends.sum());
            }
            assertEquals(sent.size(), b.counters().datagramsIn.sum(), "the kernel cut GSO sends into the datagrams");
        }
    }

    private static byte[] datagram(int seq, int length) {
        final byte[] d = new byte[length];
        for (int i = 0; i < length; i++) {
            d[i] = (byte) (seq * 31 + i);
        }
        return d;
    }
}
