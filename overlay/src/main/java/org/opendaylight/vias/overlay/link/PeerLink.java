/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.link;

import java.io.IOException;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.DropReason;
import org.opendaylight.vias.overlay.counters.LinkCounters;
import org.opendaylight.vias.overlay.wire.IpopCodec;
import org.opendaylight.vias.overlay.wire.MessageType;

/**
 * The overlay's view of one peer: IPOP framing on top of a {@link SecureLayer}. Outgoing: writes the header in front
 * of a frame and sends it. Incoming: validates the header (version, type, that the source is the authenticated peer
 * and the destination is us), counts, and hands frames and control messages to an {@link Inbound}.
 */
public final class PeerLink {
    private final Uid self;
    private final Uid peer;
    private final SecureLayer layer;
    private final LinkCounters counters;
    private final int maxFrame;

    /**
     * @param maxFrame largest Ethernet frame (header included) either side may carry: TAP MTU + 14
     */
    public PeerLink(Uid self, Uid peer, SecureLayer layer, LinkCounters counters, int maxFrame) {
        this.self = self;
        this.peer = peer;
        this.layer = layer;
        this.counters = counters;
        this.maxFrame = maxFrame;
    }

    public void start(Inbound inbound, SecureLayer.StateListener state) {
        layer.start(new SecureLayer.PlaintextReceiver() {
            @Override
            public void onPlaintext(byte[] buf, int off, int len) {
                receive(buf, off, len, inbound);
            }

            @Override
            public void batchStart() {
                inbound.batchStart();
            }

            @Override
            public void batchEnd() {
                final DropReason failed = inbound.batchEnd();
                if (failed != null) {
                    counters.drop(failed);
                }
            }
        }, state);
    }

    public Uid peer() {
        return peer;
    }

    public boolean isUp() {
        return layer.isUp();
    }

    public LinkCounters counters() {
        return counters;
    }

    /** Why the last handshake or session failed, or null. */
    public String lastError() {
        return layer.lastError();
    }

    /**
     * Sends the Ethernet frame at {@code buf[HEADER_LENGTH, HEADER_LENGTH + frameLength)}, writing the IPOP header into
     * {@code buf[0, HEADER_LENGTH)}. Batched: call {@link #flush()} when the burst ends. Never throws; failures count.
     */
    public void sendFrame(byte[] buf, int frameLength) {
        if (frameLength > maxFrame) {
            counters.drop(DropReason.OVERSIZE);
            return;
        }
        if (!layer.isUp()) {
            counters.drop(DropReason.LINK_DOWN);
            return;
        }
        IpopCodec.writeHeader(buf, 0, MessageType.ETHERNET, self, peer);
        try {
            layer.send(buf, 0, IpopCodec.HEADER_LENGTH + frameLength);
            counters.frameOut(frameLength);
        } catch (IOException e) {
            counters.drop(layer.isUp() ? DropReason.SEND_FAILED : DropReason.LINK_DOWN);
        }
    }

    /** Sends a control message now. */
    public void sendControl(byte[] message) throws IOException {
        if (message.length > maxControlMessage()) {
            throw new IOException("control message of " + message.length + " bytes exceeds " + maxControlMessage());
        }
        final byte[] buf = new byte[IpopCodec.HEADER_LENGTH + message.length];
        IpopCodec.writeHeader(buf, 0, MessageType.CONTROL, self, peer);
        System.arraycopy(message, 0, buf, IpopCodec.HEADER_LENGTH, message.length);
        layer.send(buf, 0, buf.length);
        layer.flush();
        counters.controlOut();
    }

    /** Sends a keepalive now (ignored while the link is down). */
    public void sendKeepalive() {
        if (!layer.isUp()) {
            return;
        }
        final byte[] buf = new byte[IpopCodec.HEADER_LENGTH];
        IpopCodec.writeHeader(buf, 0, MessageType.KEEPALIVE, self, peer);
        try {
            layer.send(buf, 0, buf.length);
            layer.flush();
        } catch (IOException e) {
            counters.drop(DropReason.SEND_FAILED);
        }
    }

    public int maxControlMessage() {
        return layer.maxPlaintext() - IpopCodec.HEADER_LENGTH;
    }

    public void flush() {
        layer.flush();
    }

    public void close() {
        layer.close();
    }

    private void receive(byte[] buf, int off, int len, Inbound inbound) {
        final DropReason bad = IpopCodec.validate(buf, off, len, self, peer, maxFrame);
        if (bad != null) {
            counters.drop(bad);
            return;
        }
        final int payload = off + IpopCodec.HEADER_LENGTH;
        final int payloadLength = len - IpopCodec.HEADER_LENGTH;
        switch (IpopCodec.type(buf, off)) {
            case ETHERNET -> {
                counters.frameIn(payloadLength);
                final DropReason failed = inbound.onFrame(peer, buf, payload, payloadLength);
                if (failed != null) {
                    counters.drop(failed);
                }
            }
            case CONTROL -> {
                counters.controlIn();
                if (!inbound.onControl(peer, java.util.Arrays.copyOfRange(buf, payload, payload + payloadLength))) {
                    counters.drop(DropReason.NO_CONTROL_HANDLER);
                }
            }
            case KEEPALIVE -> {
                // its arrival already proved the session alive to the secure layer
            }
            default -> counters.drop(DropReason.BAD_TYPE);
        }
    }

    /** Where a link delivers what it received. Must not throw. */
    public interface Inbound {
        /** An Ethernet frame from {@code peer}; returns null if delivered, else why it was dropped. */
        DropReason onFrame(Uid peer, byte[] buf, int off, int len);

        /** A control message; returns false if nobody handled it. */
        boolean onControl(Uid peer, byte[] message);

        /** Frames of one received burst follow on this thread; they may be held back until {@link #batchEnd}. */
        default void batchStart() {
        }

        /** The burst is over; returns null if what was held back went out, else why it was dropped. */
        default DropReason batchEnd() {
            return null;
        }
    }
}
