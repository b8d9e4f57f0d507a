/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.node;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.opendaylight.vias.overlay.ControlChannel.ControlHandler;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.DropReason;
import org.opendaylight.vias.overlay.forwarding.ForwardingTable;
import org.opendaylight.vias.overlay.link.PeerLink;
import org.opendaylight.vias.overlay.tap.FramePort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receive stage: frames from links are learned (switch mode) and written to the TAP device; control messages go to
 * the registered handlers.
 */
final class FrameDelivery implements PeerLink.Inbound {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDelivery.class);

    private final ForwardingTable table;
    private final FramePort port;
    private final ObserverSlot observer;
    private final List<ControlHandler> handlers = new CopyOnWriteArrayList<>();

    FrameDelivery(ForwardingTable table, FramePort port, ObserverSlot observer) {
        this.table = table;
        this.port = port;
        this.observer = observer;
    }

    @Override
    public DropReason onFrame(Uid peer, byte[] buf, int off, int len) {
        table.learn(buf, off, len, peer);
        observer.get().fromPeer(peer, buf, off, len);
        try {
            port.write(buf, off, len);
            return null;
        } catch (IOException e) {
            LOG.debug("TAP write failed", e);
            return DropReason.TAP_WRITE_FAILED;
        }
    }

    @Override
    public void batchStart() {
        port.beginWriteBatch();
    }

    @Override
    public DropReason batchEnd() {
        try {
            port.endWriteBatch();
            return null;
        } catch (IOException e) {
            LOG.debug("TAP write failed", e);
            return DropReason.TAP_WRITE_FAILED;
        }
    }

    @Override
    public boolean onControl(Uid peer, byte[] message) {
        if (handlers.isEmpty()) {
            return false;
        }
        for (ControlHandler handler : handlers) {
            try {
                handler.onControlMessage(peer, message);
            } catch (RuntimeException e) {
                LOG.warn("control handler {} failed on a message from {}", handler, peer, e);
            }
        }
        return true;
    }

    AutoCloseable register(ControlHandler handler) {
        handlers.add(handler);
        return () -> handlers.remove(handler);
    }
}
