/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import java.util.Optional;

/**
 * A path probe: a packet the controller sends on the underlay with exactly a bypass's 5-tuple (our own address and
 * allocated port to the peer's endpoint), marked with DSCP {@link #DSCP}. Behind filtering NATs it opens our NAT's
 * mapping towards the peer (what makes the peer's packets pass it), and when it arrives, the peer's switch hands it
 * to the peer's controller (a rule that matches the 5-tuple and the mark), which proves the path in that direction.
 * The mark keeps probes apart from the flow's own packets: those never reach a controller, probes never reach a VM.
 *
 * <p>Payload, 16 bytes (the TCP or UDP payload of the probe packet): magic "VBP1", the bypass id (u64), flags (bit 0
 * {@link #ready}: the sender has heard the receiver's probes and holds its inbound rule), 3 zero bytes.
 *
 * @param id    the bypass the probe belongs to
 * @param ready the sender has heard the receiver on this path and installed its inbound rule
 */
public record PathProbe(long id, boolean ready) {
    /** DSCP 63: pool 2 ("xxxx11"), for experimental or local use (RFC 2474), so no traffic class means it. */
    public static final int DSCP = 63;
    public static final int LENGTH = 16;
    private static final int MAGIC = 0x56425031;
    private static final int READY = 1;

    public PathProbe {
        if (id < 1 || id > BypassCodec.MAX_ID) {
            throw new IllegalArgumentException("id: must be in 1.." + BypassCodec.MAX_ID + ", was " + id);
        }
    }

    public byte[] encode() {
        final byte[] out = new byte[LENGTH];
        putInt(out, 0, MAGIC);
        for (int i = 0; i < 8; i++) {
            out[4 + i] = (byte) (id >>> 56 - 8 * i);
        }
        out[12] = (byte) (ready ? READY : 0);
        return out;
    }

    /** The probe in {@code length} payload bytes at {@code offset}; empty for anything else (never throws). */
    public static Optional<PathProbe> decode(final byte[] in, final int offset, final int length) {
        if (in == null || offset < 0 || length != LENGTH || offset > in.length - LENGTH) {
            return Optional.empty();
        }
        if (getInt(in, offset) != MAGIC || (in[offset + 12] & ~READY) != 0 || in[offset + 13] != 0
                || in[offset + 14] != 0 || in[offset + 15] != 0) {
            return Optional.empty();
        }
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = id << 8 | in[offset + 4 + i] & 0xff;
        }
        if (id < 1 || id > BypassCodec.MAX_ID) {
            return Optional.empty();
        }
        return Optional.of(new PathProbe(id, (in[offset + 12] & READY) != 0));
    }

    private static void putInt(final byte[] out, final int offset, final int value) {
        out[offset] = (byte) (value >>> 24);
        out[offset + 1] = (byte) (value >>> 16);
        out[offset + 2] = (byte) (value >>> 8);
        out[offset + 3] = (byte) value;
    }

    private static int getInt(final byte[] in, final int offset) {
        return (in[offset] & 0xff) << 24 | (in[offset + 1] & 0xff) << 16 | (in[offset + 2] & 0xff) << 8
            | in[offset + 3] & 0xff;
    }
}
