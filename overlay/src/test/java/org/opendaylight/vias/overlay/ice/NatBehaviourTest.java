/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class NatBehaviourTest {
    private static final InetSocketAddress BASE = new InetSocketAddress("10.201.0.2", 50123);

    @Test
    void noStunAnswerIsUnknown() {
        assertEquals(NatBehaviour.UNKNOWN, NatBehaviour.classify(BASE, null));
    }

    @Test
    void sameAddressAndPortIsNoNat() {
        assertEquals(NatBehaviour.NONE, NatBehaviour.classify(BASE, new InetSocketAddress("10.201.0.2", 50123)));
    }

    @Test
    void otherAddressSamePortIsPortPreserving() {
        assertEquals(NatBehaviour.PORT_PRESERVING,
            NatBehaviour.classify(BASE, new InetSocketAddress("203.0.113.11", 50123)));
    }

    @Test
    void otherPortIsPortChanging() {
        assertEquals(NatBehaviour.PORT_CHANGING,
            NatBehaviour.classify(BASE, new InetSocketAddress("203.0.113.11", 61001)));
        assertEquals(NatBehaviour.PORT_CHANGING,
            NatBehaviour.classify(BASE, new InetSocketAddress("10.201.0.2", 61001)));
    }

    @Test
    void selectedPathClassifiesItsBase() {
        final InetSocketAddress peer = new InetSocketAddress("203.0.113.12", 50999);
        assertEquals(NatBehaviour.PORT_PRESERVING, new SelectedPath("host", BASE, "srflx", peer, BASE,
            new InetSocketAddress("203.0.113.11", 50123)).nat());
        assertEquals(NatBehaviour.UNKNOWN, new SelectedPath("host", BASE, "host", peer, BASE, null).nat());
    }

    @Test
    void aRelayOnEitherEndIsRelayedWhateverStunSaid() {
        final InetSocketAddress relay = new InetSocketAddress("10.220.0.1", 49152);
        final InetSocketAddress peer = new InetSocketAddress("10.220.0.12", 50999);
        // Our side relayed: the relayed candidate is its own base (the relay's address), with no reflexive mapping;
        // classified by its addresses alone it would pass for an un-NATed host at the relay's address.
        assertEquals(NatBehaviour.NONE, NatBehaviour.classify(relay, relay));
        assertEquals(NatBehaviour.RELAYED, new SelectedPath("relay", relay, "srflx", peer, relay, null).nat());
        // The peer's side relayed: our own mapping is fine, but ICE found no direct pair with this peer.
        assertEquals(NatBehaviour.RELAYED, new SelectedPath("host", BASE, "relay", relay, BASE,
            new InetSocketAddress("10.220.0.11", 50123)).nat());
    }

    @Test
    void onlyKnownPortKeepingPathsArePredictable() {
        assertTrue(NatBehaviour.UNKNOWN.predictable());
        assertTrue(NatBehaviour.NONE.predictable());
        assertTrue(NatBehaviour.PORT_PRESERVING.predictable());
        assertFalse(NatBehaviour.PORT_CHANGING.predictable());
        assertFalse(NatBehaviour.RELAYED.predictable());
    }
}
