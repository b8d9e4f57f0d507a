/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.link;

import java.io.IOException;

/**
 * What protects a link's datagrams: DTLS ({@code org.opendaylight.vias.overlay.dtls.DtlsLayer}) or, only when
 * explicitly configured, nothing ({@link PlainLayer}). It sits on a
 * {@link org.opendaylight.vias.overlay.transport.PacketTransport} and hands authenticated plaintext up.
 */
public interface SecureLayer extends AutoCloseable {

    /** Starts (handshaking in the background for DTLS); plaintext goes to {@code receiver}, state to {@code state}. */
    void start(PlaintextReceiver receiver, StateListener state);

    /** True once plaintext can flow (DTLS: handshake done and peer authenticated). */
    boolean isUp();

    /** Protects and queues one message; {@link #flush} pushes queued messages out. */
    void send(byte[] buf, int off, int len) throws IOException;

    void flush();

    /** Why the last handshake or session failed (for status output), or null. */
    default String lastError() {
        return null;
    }

    /** Largest plaintext message that fits in one datagram on this path. */
    int maxPlaintext();

    @Override
    void close();

    /** Receives authenticated plaintext. {@code buf} is only valid during the call. */
    @FunctionalInterface
    interface PlaintextReceiver {
        void onPlaintext(byte[] buf, int off, int len);

        /** The plaintext of one received burst follows, on this thread, until {@link #batchEnd}. */
        default void batchStart() {
        }

        /** The burst is over: anything held back must go out now. Layers that call batchStart always call this. */
        default void batchEnd() {
        }
    }

    /** Told when the layer comes up or goes down. */
    interface StateListener {
        void up();

        void down();
    }
}
