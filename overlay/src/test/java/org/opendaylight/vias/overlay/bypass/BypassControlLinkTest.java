/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.ControlChannel;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.meter.FlowKey;

/** Two negotiators over two in-memory ControlChannels, as the controller will wire them. */
class BypassControlLinkTest {
    /** Delivers synchronously to the other side's handlers; the sender's identity is what the link authenticated. */
    private static final class Channel implements ControlChannel {
        final Uid self;
        final List<ControlHandler> handlers = new ArrayList<>();
        Channel other;
        boolean up = true;

        Channel(Uid self) {
            this.self = self;
        }

        @Override
        public void send(Uid peer, byte[] message) throws IOException {
            if (!up || !peer.equals(other.self)) {
                throw new IOException("no link to " + peer);
            }
            for (ControlHandler handler : other.handlers) {
                handler.onControlMessage(self, message);
            }
        }

        @Override
        public AutoCloseable register(ControlHandler handler) {
            handlers.add(handler);
            return () -> handlers.remove(handler);
        }

        @Override
        public Set<Uid> reachablePeers() {
            return up ? Set.of(other.self) : Set.of();
        }

        @Override
        public int maxMessageSize() {
            return 1200;
        }
    }

    @Test
    void negotiatesOverControlChannelsAndIgnoresOtherProtocols() throws Exception {
        final Sim sim = new Sim();
        final Uid uidA = Uid.of(Sim.filled(0x0a));
        final Uid uidB = Uid.of(Sim.filled(0x0b));
        final Channel channelA = new Channel(uidA);
        final Channel channelB = new Channel(uidB);
        channelA.other = channelB;
        channelB.other = channelA;
        final Sim.Node a = sim.node("A", 0x0a, "203.0.113.1", BypassPolicy.denyAll());
        final Sim.Node b = sim.node("B", 0x0b, "198.51.100.7", BypassPolicy.denyAll());
        final BypassNegotiator negotiatorA = wire(a, channelA, b.uid);
        final BypassNegotiator negotiatorB = wire(b, channelB, a.uid);

        final FlowKey flow = FlowKey.udp("192.168.1.2", 5000, "192.168.2.3", 5001);
        final long id = negotiatorA.requestBypass(b.uid, flow).id();
        assertEquals(BypassState.ACTIVE, negotiatorA.status(id).orElseThrow().state());
        assertEquals(BypassState.ACTIVE, negotiatorB.status(id).orElseThrow().state());

        // Another protocol's control message is not the negotiator's business (not even counted as malformed).
        channelA.send(uidB, new byte[] {'S', 'G', 1, 2, 3});
        assertTrue(negotiatorB.counters().refused().isEmpty());

        // Link down: sends fail quietly, the overlay reports peerDown, both fall back.
        channelA.up = false;
        negotiatorA.peerDown(b.uid.toBytes());
        negotiatorB.peerDown(a.uid.toBytes());
        assertTrue(a.rules.isEmpty() && b.rules.isEmpty());
    }

    private static BypassNegotiator wire(Sim.Node node, Channel channel, Uid peer) throws Exception {
        final BypassControlLink link = new BypassControlLink(channel);
        final BypassNegotiator negotiator = new BypassNegotiator(node.uid, Sim.CONFIG,
            BypassPolicy.allowPeers(Set.of(peer)), node, node, link, node.sim, BypassListener.NONE, 1,
            (node.uid.toBytes()[0] & 0xff) * 1000L);
        link.attach(negotiator);
        return negotiator;
    }
}
