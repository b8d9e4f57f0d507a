/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.node.FrameObserver;
import org.opendaylight.yangtools.concepts.Registration;

class FrameObserversTest {
    private static final Uid PEER = Uid.parse("1111111111111111111111111111111111111111");

    private static FrameObserver recording(final List<String> log, final String name) {
        return new FrameObserver() {
            @Override
            public void toPeer(final Uid peer, final byte[] frame, final int offset, final int length) {
                log.add(name + " to " + length);
            }

            @Override
            public void fromPeer(final Uid peer, final byte[] frame, final int offset, final int length) {
                log.add(name + " from " + length);
            }
        };
    }

    @Test
    void registrationsArePublishedToTheNodeAndKeptForTheNext() {
        final FrameObservers observers = new FrameObservers();
        final List<String> log = new ArrayList<>();
        final FrameObserver a = recording(log, "a");
        final Registration ra = observers.add(a);
        final Registration rb = observers.add(recording(log, "b"));

        final AtomicReference<FrameObserver> firstNode = new AtomicReference<>();
        observers.publishTo(firstNode::set);
        firstNode.get().toPeer(PEER, new byte[60], 0, 60);
        firstNode.get().fromPeer(PEER, new byte[60], 0, 42);
        assertEquals(List.of("a to 60", "b to 60", "a from 42", "b from 42"), log);

        rb.close();
        assertSame(a, firstNode.get(), "one observer is called directly");

        // the node restarts: the next node gets the same observers at once
        observers.stopPublishing();
        final AtomicReference<FrameObserver> secondNode = new AtomicReference<>();
        observers.publishTo(secondNode::set);
        assertSame(a, secondNode.get());
        ra.close();
        assertSame(FrameObserver.NONE, secondNode.get());
    }
}
