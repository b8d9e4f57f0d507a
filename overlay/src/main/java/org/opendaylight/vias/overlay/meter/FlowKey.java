/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.meter;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.opendaylight.vias.overlay.Ipv4;

/**
 * An IPv4 TCP or UDP 5-tuple. Addresses are the 32-bit values as on the wire (compare them unsigned); ports are
 * 0..65535. A key is oriented (source to destination); {@link #canonical()} gives the direction-independent form
 * that both directions of one conversation share.
 */
public record FlowKey(int protocol, int srcIp, int srcPort, int dstIp, int dstPort) {
    public static final int TCP = 6;
    public static final int UDP = 17;

    public FlowKey {
        if (protocol != TCP && protocol != UDP) {
            throw new IllegalArgumentException("protocol: must be TCP (6) or UDP (17), was " + protocol);
        }
        checkPort("srcPort", srcPort);
        checkPort("dstPort", dstPort);
    }

    public static FlowKey tcp(String src, int srcPort, String dst, int dstPort) {
        return new FlowKey(TCP, Ipv4.parse(src), srcPort, Ipv4.parse(dst), dstPort);
    }

    public static FlowKey udp(String src, int srcPort, String dst, int dstPort) {
        return new FlowKey(UDP, Ipv4.parse(src), srcPort, Ipv4.parse(dst), dstPort);
    }

    /** The flow of an Ethernet frame, or empty if the frame is not meterable (see {@link FrameParser}). */
    public static Optional<FlowKey> parse(byte[] frame, int off, int len) {
        final int l4 = FrameParser.l4Offset(frame, off, len);
        if (l4 < 0) {
            return Optional.empty();
        }
        return Optional.of(new FlowKey(FrameParser.protocol(frame, off), FrameParser.srcIp(frame, off),
            FrameParser.srcPort(frame, l4), FrameParser.dstIp(frame, off), FrameParser.dstPort(frame, l4)));
    }

    /** The flow of the frame between position and limit of {@code frame}, or empty if not meterable. */
    public static Optional<FlowKey> parse(ByteBuffer frame) {
        if (frame.hasArray()) {
            return parse(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
        }
        final byte[] copy = new byte[Math.min(frame.remaining(), FrameParser.MAX_HEADERS)];
        frame.get(frame.position(), copy);
        // The parser reads no further than MAX_HEADERS; the length still says how long the frame really is.
        return parse(copy, 0, frame.remaining());
    }

    public FlowKey reversed() {
        return new FlowKey(protocol, dstIp, dstPort, srcIp, srcPort);
    }

    /** True if the source endpoint sorts before (or equals) the destination endpoint. */
    public boolean isCanonical() {
        return isCanonical(srcIp, srcPort, dstIp, dstPort);
    }

    /** This key or its reverse, whichever is canonical: the same value for both directions of a conversation. */
    public FlowKey canonical() {
        return isCanonical() ? this : reversed();
    }

    static boolean isCanonical(int srcIp, int srcPort, int dstIp, int dstPort) {
        final int byIp = Integer.compareUnsigned(srcIp, dstIp);
        return byIp < 0 || byIp == 0 && srcPort <= dstPort;
    }

    public String srcAddress() {
        return Ipv4.format(srcIp);
    }

    public String dstAddress() {
        return Ipv4.format(dstIp);
    }

    @Override
    public String toString() {
        return (protocol == TCP ? "tcp " : "udp ") + srcAddress() + ":" + srcPort + " -> " + dstAddress() + ":"
            + dstPort;
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException(name + ": must be in 0..65535, was " + port);
        }
    }
}
