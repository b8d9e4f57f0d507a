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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opendaylight.vias.overlay.transport.UdpSocket;

/** {@link HostSocket} on loopback: a plain socket for ice4j until claimed, then read only by the claiming thread. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HostSocketTest {
    private HostSocket socket;
    private DatagramSocket peer;
    private InetSocketAddress socketAddress;
    private InetSocketAddress peerAddress;

    @BeforeEach
    void open() throws Exception {
        socket = HostSocket.open();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socketAddress = (InetSocketAddress) socket.getLocalSocketAddress();
        peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peer.setSoTimeout(5000);
        peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
    }

    @AfterEach
    void close() {
        socket.close();
        peer.close();
    }

    @Test
    void itHasTheOverlaysSocketBuffersNotTheSystemDefault() throws Exception {
        // what the kernel grants for the request (capped at net.core.rmem_max and wmem_max)
        try (DatagramChannel reference = DatagramChannel.open()) {
            reference.setOption(StandardSocketOptions.SO_RCVBUF, UdpSocket.SOCKET_BUFFER);
            reference.setOption(StandardSocketOptions.SO_SNDBUF, UdpSocket.SOCKET_BUFFER);
            assertEquals(reference.getOption(StandardSocketOptions.SO_RCVBUF), socket.getReceiveBufferSize());
            assertEquals(reference.getOption(StandardSocketOptions.SO_SNDBUF), socket.getSendBufferSize());
        }
    }

    private void peerSends(String text) throws IOException {
        final byte[] b = text.getBytes(US_ASCII);
        peer.send(new DatagramPacket(b, b.length, socketAddress));
    }

    private static String receive(DatagramSocket s) throws IOException {
        final DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        s.receive(p);
        return new String(p.getData(), p.getOffset(), p.getLength(), US_ASCII);
    }

    /** Reads one batch; each datagram as text. */
    private static List<String> batch(HostSocket.Claim claim, int max, long waitMillis) throws IOException {
        final List<String> got = new ArrayList<>();
        final int n = claim.readBatch(ByteBuffer.allocateDirect(HostSocket.MAX_DATAGRAM), max, waitMillis,
            (datagram, from) -> {
                final byte[] b = new byte[datagram.remaining()];
                datagram.get(b);
                got.add(new String(b, US_ASCII));
            });
        assertEquals(n, got.size());
        return got;
    }

    @Test
    void unclaimedItReceivesAndSendsLikeAPlainSocketAndHonoursItsTimeout() throws Exception {
        assertSame(socket, HostSocket.boundTo(socketAddress));
        peerSends("hello");
        final DatagramPacket p = new DatagramPacket(new byte[100], 10, 90);
        socket.receive(p);
        assertEquals("hello", new String(p.getData(), p.getOffset(), p.getLength(), US_ASCII));
        assertEquals(peerAddress, p.getSocketAddress());

        socket.send(new DatagramPacket("back".getBytes(US_ASCII), 4, peerAddress));
        assertEquals("back", receive(peer));

        socket.setSoTimeout(100);
        final long t0 = System.nanoTime();
        assertThrows(SocketTimeoutException.class, () -> socket.receive(new DatagramPacket(new byte[10], 10)));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(90));
    }

    @Test
    void aLongDatagramIsCutToThePacketsLengthAsByAPlainSocket() throws Exception {
        peerSends("0123456789");
        final DatagramPacket p = new DatagramPacket(new byte[100], 4);
        socket.receive(p);
        assertEquals("0123", new String(p.getData(), 0, p.getLength(), US_ASCII));
    }

    @Test
    void claimedTheClaimingThreadReadsBatchesUpToItsLimit() throws Exception {
        final HostSocket.Claim claim = socket.claim(peerAddress);
        assertNotNull(claim);
        assertNull(socket.claim(peerAddress), "one claim at a time");
        for (int i = 0; i < 5; i++) {
            peerSends("d" + i);
        }
        Thread.sleep(50);
        assertEquals(List.of("d0", "d1", "d2"), batch(claim, 3, 1000));
        assertEquals(List.of("d3", "d4"), batch(claim, 64, 1000));
        // the claim woke any selecting reader; the wake-up may end the first wait early
        assertEquals(List.of(), batch(claim, 64, 100));
        final long t0 = System.nanoTime();
        assertEquals(List.of(), batch(claim, 64, 100), "nothing more: the batch ends after the wait");
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(90));

        claim.send("out".getBytes(US_ASCII), 0, 3);
        assertEquals("out", receive(peer));
    }

    @Test
    void whileClaimedIce4jGetsOnlyWhatTheClaimingThreadForwards() throws Exception {
        final HostSocket.Claim claim = socket.claim(peerAddress);
        socket.setSoTimeout(3000);
        final CompletableFuture<String> ice = CompletableFuture.supplyAsync(() -> {
            final DatagramPacket p = new DatagramPacket(new byte[100], 100);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return e.toString();
            }
            return new String(p.getData(), 0, p.getLength(), US_ASCII) + " from " + p.getSocketAddress();
        });
        Thread.sleep(100);
        peerSends("data");
        assertEquals(List.of("data"), batch(claim, 64, 2000), "the claiming thread, not ice4j's, read it");
        Thread.sleep(100);
        assertTrue(!ice.isDone(), "ice4j's reader is still waiting");
        final InetSocketAddress stranger = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        claim.forwardToIce("stun".getBytes(US_ASCII), stranger);
        assertEquals("stun from " + stranger, ice.get(3, TimeUnit.SECONDS));
        assertEquals(0, socket.forwardDropped());
    }

    @Test
    void aFullForwardQueueDropsAndCounts() throws Exception {
        final HostSocket.Claim claim = socket.claim(peerAddress);
        for (int i = 0; i < 300; i++) {
            claim.forwardToIce(new byte[] {1}, peerAddress);
        }
        assertEquals(300 - 256, socket.forwardDropped());
    }

    @Test
    void releasedTheChannelGoesBackToIce4jsWaitingReader() throws Exception {
        final HostSocket.Claim claim = socket.claim(peerAddress);
        final CompletableFuture<String> ice = CompletableFuture.supplyAsync(() -> {
            try {
                return receive(socket);
            } catch (IOException e) {
                return e.toString();
            }
        });
        Thread.sleep(150);
        claim.release();
        peerSends("after");
        assertEquals("after", ice.get(3, TimeUnit.SECONDS));
        assertNotNull(socket.claim(peerAddress), "free to claim again");
    }

    @Test
    void anIce4jReaderWaitingForTheChannelMakesWayForANewClaim() throws Exception {
        final CompletableFuture<String> ice = CompletableFuture.supplyAsync(() -> {
            try {
                return receive(socket);
            } catch (IOException e) {
                return e.toString();
            }
        });
        Thread.sleep(150);
        final HostSocket.Claim claim = socket.claim(peerAddress);
        Thread.sleep(50);
        peerSends("mine");
        assertEquals(List.of("mine"), batch(claim, 64, 2000));
        assertTrue(!ice.isDone());
        claim.forwardToIce("yours".getBytes(US_ASCII), peerAddress);
        assertEquals("yours", ice.get(3, TimeUnit.SECONDS));
    }

    /** ice4j's receive on its own thread: the datagram's text, "closed" (SocketException) or the exception. */
    private Thread ice4jReader(CompletableFuture<String> result) {
        final Thread t = new Thread(() -> {
            try {
                result.complete(receive(socket));
            } catch (SocketTimeoutException e) {
                result.complete("timed out");
            } catch (SocketException e) {
                result.complete("closed");
            } catch (IOException e) {
                result.complete(e.toString());
            }
        }, "ice4j-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Waits until {@code reader} sleeps without a time limit: a reader that looked every few ms whether the claim
     * ended would be TIMED_WAITING (or running) instead.
     */
    private static void awaitParkedForGood(Thread reader) throws InterruptedException {
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reader.getState() != Thread.State.WAITING && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertEquals(Thread.State.WAITING, reader.getState(), "ice4j's reader waits without waking up");
    }

    @Test
    void whileClaimedAnIdleIce4jReaderSleepsUntilADatagramIsForwarded() throws Exception {
        final HostSocket.Claim claim = socket.claim(peerAddress);
        final CompletableFuture<String> ice = new CompletableFuture<>();
        final Thread reader = ice4jReader(ice);
        awaitParkedForGood(reader);
        claim.forwardToIce("stun".getBytes(US_ASCII), peerAddress);
        assertEquals("stun", ice.get(3, TimeUnit.SECONDS));
    }

    @Test
    void closingWakesAnIce4jReaderWaitingForForwardedDatagrams() throws Exception {
        socket.claim(peerAddress);
        final CompletableFuture<String> ice = new CompletableFuture<>();
        final Thread reader = ice4jReader(ice);
        awaitParkedForGood(reader);
        socket.close();
        assertEquals("closed", ice.get(3, TimeUnit.SECONDS));
        reader.join(3000);
        assertFalse(reader.isAlive());
    }

    @Test
    void releasingSendsAnIce4jReaderWaitingForForwardedDatagramsBackToTheChannel() throws Exception {
        final HostSocket.Claim claim = socket.claim(peerAddress);
        final CompletableFuture<String> ice = new CompletableFuture<>();
        final Thread reader = ice4jReader(ice);
        awaitParkedForGood(reader);
        claim.release();
        // the reader left the forward queue for the channel: a datagram read from it is now ice4j's
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reader.getState() == Thread.State.WAITING && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertTrue(reader.getState() != Thread.State.WAITING, "woken by the release");
        peerSends("after");
        assertEquals("after", ice.get(3, TimeUnit.SECONDS));
    }

    @Test
    void whileClaimedIce4jsReceiveStillHonoursItsTimeout() throws Exception {
        socket.claim(peerAddress);
        socket.setSoTimeout(100);
        final long t0 = System.nanoTime();
        assertThrows(SocketTimeoutException.class, () -> socket.receive(new DatagramPacket(new byte[10], 10)));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(90));
    }

    @Test
    void wakeEndsAWaitingBatchEarly() throws Exception {
        final HostSocket.Claim claim = socket.claim(peerAddress);
        final CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return batch(claim, 64, 10_000).size();
            } catch (IOException e) {
                return -1;
            }
        });
        Thread.sleep(150);
        final long t0 = System.nanoTime();
        claim.wake();
        assertEquals(0, read.get(3, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void closingStopsBothReadersWithAnExceptionAndForgetsTheAddress() throws Exception {
        final HostSocket.Claim claim = socket.claim(peerAddress);
        final CompletableFuture<String> claimed = CompletableFuture.supplyAsync(() -> {
            try {
                batch(claim, 64, 10_000);
                return "returned";
            } catch (IOException e) {
                return "closed";
            }
        });
        final CompletableFuture<String> ice = CompletableFuture.supplyAsync(() -> {
            try {
                return receive(socket);
            } catch (SocketException e) {
                return "closed";
            } catch (IOException e) {
                return e.toString();
            }
        });
        Thread.sleep(150);
        socket.close();
        assertEquals("closed", ice.get(3, TimeUnit.SECONDS));
        final String c = claimed.get(3, TimeUnit.SECONDS);
        assertTrue(Arrays.asList("closed", "returned").contains(c), c);
        assertThrows(IOException.class, () -> batch(claim, 64, 10));
        assertNull(HostSocket.boundTo(socketAddress));
        assertNull(socket.claim(peerAddress), "a closed socket cannot be claimed");
        assertTrue(socket.isClosed());
    }

    @Test
    void aFailedBindClosesTheSocket() throws Exception {
        final HostSocket other = HostSocket.open();
        assertThrows(SocketException.class, () -> other.bind(socketAddress));
        assertTrue(other.isClosed());
        assertSame(socket, HostSocket.boundTo(socketAddress));
    }

    @Test
    void ice4jBuildsItsHostSocketsOnHostSocketsOnceInstalled() throws Exception {
        HostSocket.install();
        try (org.ice4j.socket.MultiplexingDatagramSocket ice4j = new org.ice4j.socket.MultiplexingDatagramSocket(0,
                InetAddress.getLoopbackAddress())) {
            final HostSocket under = HostSocket.boundTo(ice4j.getLocalSocketAddress());
            assertNotNull(under, "the socket under ice4j's is ours");
            // ice4j's STUN demultiplexing still works on top: a STUN datagram goes to its STUN socket
            final DatagramSocket stun = ice4j.getSocket(new org.ice4j.socket.StunDatagramPacketFilter());
            stun.setSoTimeout(3000);
            final byte[] request = IceTransportTest.stunBindingRequest();
            peer.send(new DatagramPacket(request, request.length, ice4j.getLocalSocketAddress()));
            final DatagramPacket p = new DatagramPacket(new byte[100], 100);
            stun.receive(p);
            assertArrayEquals(request, Arrays.copyOf(p.getData(), p.getLength()));
        }
    }
}
