/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.overlay;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.node.FrameObserver;
import org.opendaylight.yangtools.concepts.Registration;

/**
 * The frame observers registered with the overlay runtime, folded into the one {@link FrameObserver} a node holds.
 * Every change publishes a new immutable fan-out to {@code publish} (the running node's setter), so the data path
 * never iterates a list that is changing. With one observer the node calls it directly.
 */
final class FrameObservers {
    private final List<FrameObserver> observers = new CopyOnWriteArrayList<>();
    private Consumer<FrameObserver> publish = observer -> { };

    /** Where the current fan-out goes (a node's {@code setFrameObserver}); published at once. */
    synchronized void publishTo(final Consumer<FrameObserver> target) {
        publish = target;
        target.accept(current());
    }

    synchronized void stopPublishing() {
        publish = observer -> { };
    }

    synchronized Registration add(final FrameObserver observer) {
        observers.add(observer);
        publish.accept(current());
        return () -> remove(observer);
    }

    private synchronized void remove(final FrameObserver observer) {
        if (observers.remove(observer)) {
            publish.accept(current());
        }
    }

    FrameObserver current() {
        final FrameObserver[] all = observers.toArray(new FrameObserver[0]);
        return switch (all.length) {
            case 0 -> FrameObserver.NONE;
            case 1 -> all[0];
            default -> new FanOut(all);
        };
    }

    private record FanOut(FrameObserver[] all) implements FrameObserver {
        @Override
        public void toPeer(final Uid peer, final byte[] frame, final int offset, final int length) {
            for (FrameObserver observer : all) {
                observer.toPeer(peer, frame, offset, length);
            }
        }

        @Override
        public void fromPeer(final Uid peer, final byte[] frame, final int offset, final int length) {
            for (FrameObserver observer : all) {
                observer.fromPeer(peer, frame, offset, length);
            }
        }
    }
}
