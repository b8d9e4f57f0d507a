/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.overlay;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.opendaylight.vias.overlay.ControlChannel;
import org.opendaylight.vias.overlay.Uid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ControlChannel} VIAS components hold: one object for the life of the controller, in front of whichever
 * overlay node runs now. Handlers are registered here once; each node gets one dispatching handler when it is
 * attached, so a handler keeps receiving after the node is restarted with a new config. While no node is attached,
 * {@link #send} fails with an IOException and no peer is reachable.
 */
public final class ControlFacade implements ControlChannel {
    private static final Logger LOG = LoggerFactory.getLogger(ControlFacade.class);

    private final List<ControlHandler> handlers = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private ControlChannel node;
    private AutoCloseable nodeRegistration;

    /** Makes {@code channel} the node behind this facade (replacing and detaching the previous one). */
    public void attach(final ControlChannel channel) {
        synchronized (lock) {
            detachLocked();
            node = channel;
            nodeRegistration = channel.register(this::dispatch);
        }
    }

    /** No node behind the facade any more; registered handlers stay. */
    public void detach() {
        synchronized (lock) {
            detachLocked();
        }
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void detachLocked() {
        final AutoCloseable registration = nodeRegistration;
        nodeRegistration = null;
        node = null;
        if (registration != null) {
            try {
                registration.close();
            } catch (Exception e) {
                LOG.debug("unregistering from the old node failed", e);
            }
        }
    }

    private ControlChannel current() {
        synchronized (lock) {
            return node;
        }
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void dispatch(final Uid peer, final byte[] message) {
        for (ControlHandler handler : handlers) {
            try {
                handler.onControlMessage(peer, message);
            } catch (RuntimeException e) {
                LOG.warn("control handler {} failed on a message from {}", handler, peer, e);
            }
        }
    }

    @Override
    public void send(final Uid peer, final byte[] message) throws IOException {
        final ControlChannel channel = current();
        if (channel == null) {
            throw new IOException("the overlay node is not running");
        }
        channel.send(peer, message);
    }

    @Override
    public AutoCloseable register(final ControlHandler handler) {
        handlers.add(handler);
        return () -> handlers.remove(handler);
    }

    @Override
    public Set<Uid> reachablePeers() {
        final ControlChannel channel = current();
        return channel == null ? Set.of() : channel.reachablePeers();
    }

    @Override
    public int maxMessageSize() {
        final ControlChannel channel = current();
        return channel == null ? 0 : channel.maxMessageSize();
    }
}
