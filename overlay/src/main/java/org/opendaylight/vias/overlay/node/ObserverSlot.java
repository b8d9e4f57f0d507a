/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.node;

/**
 * The node's current {@link FrameObserver}, shared by the send stage ({@link TapReader}) and the receive stage
 * ({@link FrameDelivery}). Each frame costs one volatile read; replacing the observer at runtime is one volatile
 * write, seen by the data-path threads from their next frame on.
 */
final class ObserverSlot {
    private volatile FrameObserver observer = FrameObserver.NONE;

    FrameObserver get() {
        return observer;
    }

    void set(final FrameObserver newObserver) {
        observer = newObserver == null ? FrameObserver.NONE : newObserver;
    }
}
