/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.link;

import java.io.IOException;
import org.opendaylight.vias.overlay.transport.PacketTransport;

/**
 * No protection at all: messages go to the transport as they are. Only used with {@code security=none} in the
 * config; anyone who can send from the peer's address can inject frames.
 */
public final class PlainLayer implements SecureLayer {
    private final PacketTransport transport;
    private volatile boolean up;

    public PlainLayer(PacketTransport transport) {
        this.transport = transport;
    }

    @Override
    public void start(PlaintextReceiver receiver, StateListener state) {
        transport.setReceiver(receiver::onPlaintext);
        up = true;
        state.up();
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        transport.sendBatched(buf, off, len);
    }

    @Override
    public void flush() {
        transport.flush();
    }

    @Override
    public int maxPlaintext() {
        return transport.maxDatagramSize();
    }

    @Override
    public void close() {
        up = false;
        transport.close();
    }
}
