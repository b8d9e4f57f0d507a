/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.forwarding.SwitchTable;
import org.opendaylight.vias.overlay.link.PlainLayer;
import org.opendaylight.vias.overlay.node.OverlayNode;
import org.opendaylight.vias.overlay.tap.FramePort;
import org.opendaylight.vias.overlay.transport.UdpSocket;

/**
 * The control channel facade in front of real overlay nodes linked over UDP on the loopback (plain IPOP, no
 * DTLS): a handler registered once keeps receiving across a node restart, and sends fail while no node runs.
 */
class ControlFacadeTest {
    private static final Uid REMOTE = Uid.parse("1111111111111111111111111111111111111111");
    private static final Uid LOCAL = Uid.parse("2222222222222222222222222222222222222222");

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** A TAP that never has a frame; the test only uses control messages. */
    private static final class IdlePort implements FramePort {
        @Override
        public int read(final byte[] buf, final int off, final int len) {
            return 0;
        }

        @Override
        public void awaitReadable(final int timeoutMillis) {
            try {
                Thread.sleep(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void write(final byte[] buf, final int off, final int len) {
        }
    }

    /** Two nodes joined by one UDP path: [remote, local]. */
    private OverlayNode[] linkedPair() throws IOException {
        final InetAddress lo = InetAddress.getLoopbackAddress();
        final UdpSocket socketRemote = UdpSocket.bind(new InetSocketAddress(lo, 0), 1500);
        final UdpSocket socketLocal = UdpSocket.bind(new InetSocketAddress(lo, 0), 1500);
        toClose.add(socketRemote);
        toClose.add(socketLocal);
        final OverlayNode remote = new OverlayNode(REMOTE, new SwitchTable(300_000, System::currentTimeMillis),
            List.of(new IdlePort()), 1400);
        final OverlayNode local = new OverlayNode(LOCAL, new SwitchTable(300_000, System::currentTimeMillis),
            List.of(new IdlePort()), 1400);
        toClose.add(remote);
        toClose.add(local);
        remote.addLink(LOCAL, new PlainLayer(socketRemote.transportTo(socketLocal.localAddress())));
        local.addLink(REMOTE, new PlainLayer(socketLocal.transportTo(socketRemote.localAddress())));
        remote.start();
        local.start();
        return new OverlayNode[] {remote, local};
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void handlersSurviveANodeRestartAndSendFailsWhileNoNodeRuns() throws Exception {
        final ControlFacade facade = new ControlFacade();
        final BlockingQueue<String> got = new LinkedBlockingQueue<>();
        facade.register((peer, message) -> got.add(peer + " " + new String(message, StandardCharsets.UTF_8)));

        assertThrows(IOException.class, () -> facade.send(REMOTE, new byte[] {1}), "no node yet");
        assertEquals(Set.of(), facade.reachablePeers());
        assertEquals(0, facade.maxMessageSize());

        final OverlayNode[] first = linkedPair();
        facade.attach(first[1]);
        assertEquals(Set.of(REMOTE), facade.reachablePeers());
        assertTrue(facade.maxMessageSize() > 1000);
        first[0].send(LOCAL, "hello 1".getBytes(StandardCharsets.UTF_8));
        assertEquals(REMOTE + " hello 1", got.poll(5, TimeUnit.SECONDS));
        final BlockingQueue<String> atRemote = new LinkedBlockingQueue<>();
        first[0].register((peer, message) -> atRemote.add(new String(message, StandardCharsets.UTF_8)));
        facade.send(REMOTE, "reply".getBytes(StandardCharsets.UTF_8));
        assertEquals("reply", atRemote.poll(5, TimeUnit.SECONDS));

        // the node stops (config change): sends fail, nothing is delivered from the old node
        facade.detach();
        first[1].close();
        assertThrows(IOException.class, () -> facade.send(REMOTE, new byte[] {1}));
        assertEquals(Set.of(), facade.reachablePeers());

        // a new node: the same handler hears it without registering again
        final OverlayNode[] second = linkedPair();
        facade.attach(second[1]);
        second[0].send(LOCAL, "hello 2".getBytes(StandardCharsets.UTF_8));
        assertEquals(REMOTE + " hello 2", got.poll(5, TimeUnit.SECONDS));
        assertNull(got.poll(200, TimeUnit.MILLISECONDS), "delivered once");
    }

    @Test
    void aClosedRegistrationHearsNothingMore() throws Exception {
        final ControlFacade facade = new ControlFacade();
        final BlockingQueue<String> got = new LinkedBlockingQueue<>();
        final AutoCloseable registration = facade.register((peer, message) -> got.add("first"));
        facade.register((peer, message) -> got.add("second"));
        final OverlayNode[] pair = linkedPair();
        facade.attach(pair[1]);
        registration.close();
        pair[0].send(LOCAL, new byte[] {42});
        assertEquals("second", got.poll(5, TimeUnit.SECONDS));
        assertNull(got.poll(200, TimeUnit.MILLISECONDS));
    }
}
