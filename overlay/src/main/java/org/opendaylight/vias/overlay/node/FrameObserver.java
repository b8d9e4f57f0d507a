/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.node;

import org.opendaylight.vias.overlay.Uid;

/**
 * Sees every Ethernet frame the node carries over the overlay, for per-flow accounting (VIAS detects heavy flows
 * with it). Called on the data-path threads for every frame: an implementation must be quick (about 100 ns), must
 * not block, must not throw, and must not keep {@code frame} after it returns (the buffer is reused).
 */
public interface FrameObserver {
    FrameObserver NONE = new FrameObserver() {
        @Override
        public void toPeer(final Uid peer, final byte[] frame, final int offset, final int length) {
        }

        @Override
        public void fromPeer(final Uid peer, final byte[] frame, final int offset, final int length) {
        }
    };

    /** A frame read from the TAP that the node is about to send to {@code peer} (after the forwarding lookup). */
    void toPeer(Uid peer, byte[] frame, int offset, int length);

    /** A frame received from {@code peer} that the node is about to write to the TAP. */
    void fromPeer(Uid peer, byte[] frame, int offset, int length);
}
