/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.tap;

/**
 * Send side of the TAP offloads: turns what one read of a TAP with {@code IFF_VNET_HDR} returned into frames that
 * need no offload, so the wire carries exactly what a TAP without offloads would have produced.
 *
 * <p>A TCP GSO frame (up to 64 KiB, one Ethernet/IPv4/TCP or Ethernet/IPv6/TCP header, {@code gso_size} payload bytes
 * per segment) is cut into segments: each gets a copy of the headers with the IPv4 total length, identification (+1
 * per segment) and header checksum, or the IPv6 payload length, and the TCP sequence number and checksum rewritten; FIN and PSH stay only on the last segment,
 * CWR only on the first (as the kernel's own segmentation does). Segments are cut smaller than {@code gso_size}
 * when a frame would exceed the largest frame the overlay carries (TCP accepts smaller segments).
 *
 * <p>The header lengths come from the packet, not from {@code hdr_len}: the kernel may set that to the whole first
 * packet on some paths. One instance per reader thread; not thread-safe.
 */
public final class TcpSegmenter {
    static final int ETHERNET = 14;
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86dd;
    static final int IPV6_HEADER = 40;
    static final int PROTO_TCP = 6;
    private static final int FIN = 0x01;
    private static final int PSH = 0x08;
    private static final int CWR = 0x80;

    private byte[] in;
    private int inOff;
    private int inLen;
    private int ipLen;
    private int tcpLen;
    private int headerLen;
    private int mss;
    private int nextData;
    private int index;
    private long firstSeq;
    private int firstId;
    private boolean ipv6;

    /**
     * Completes the checksum of a frame that is not GSO but has {@code NEEDS_CSUM}: the field at
     * {@code csumStart + csumOffset} holds the pseudo-header sum; the sum from {@code csumStart} to the end is added.
     *
     * @return null if done (or nothing to do), else why the frame must be dropped
     */
    public static OffloadDrop completeChecksum(VirtioNetHeader h, byte[] frame, int off, int len) {
        if ((h.flags & VirtioNetHeader.F_NEEDS_CSUM) == 0) {
            return null;
        }
        final int field = h.csumStart + h.csumOffset;
        if (h.csumStart >= len || field + 2 > len) {
            return OffloadDrop.BAD_CHECKSUM_OFFSETS;
        }
        final int c = InetChecksum.finish(InetChecksum.add(frame, off + h.csumStart, len - h.csumStart, 0));
        putU16(frame, off + field, c);
        return null;
    }

    /**
     * Takes a GSO frame ({@code in[off, off + len)}, header {@code h}) to cut into frames of at most {@code maxFrame}
     * bytes. The array is read by {@link #next} until {@link #hasNext()} is false.
     *
     * @return null if accepted, else why the frame must be dropped (nothing is then pending)
     */
    public OffloadDrop load(VirtioNetHeader h, byte[] frame, int off, int len, int maxFrame) {
        index = 0;
        inLen = 0;
        nextData = 0;
        final int gso = h.gsoType & ~VirtioNetHeader.GSO_ECN;
        if (gso != VirtioNetHeader.GSO_TCPV4 && gso != VirtioNetHeader.GSO_TCPV6) {
            return OffloadDrop.UNSUPPORTED_GSO;
        }
        final boolean v6 = gso == VirtioNetHeader.GSO_TCPV6;
        final int ip = off + ETHERNET;
        final int ihl;
        if (v6) {
            // the kernel's TSO6 frames carry TCP right after the fixed header; extension headers are not walked
            if (len < ETHERNET + IPV6_HEADER + 20 || u16(frame, off + 12) != ETHERTYPE_IPV6
                    || (frame[ip] & 0xf0) != 0x60 || frame[ip + 6] != PROTO_TCP || h.gsoSize == 0) {
                return OffloadDrop.BAD_GSO_FRAME;
            }
            ihl = IPV6_HEADER;
        } else {
            if (len < ETHERNET + 40 || u16(frame, off + 12) != ETHERTYPE_IPV4 || (frame[ip] & 0xf0) != 0x40
                    || frame[ip + 9] != PROTO_TCP || h.gsoSize == 0) {
                return OffloadDrop.BAD_GSO_FRAME;
            }
            ihl = (frame[ip] & 0x0f) * 4;
            if (ihl < 20 || ETHERNET + ihl + 20 > len || (u16(frame, ip + 6) & 0x3fff) != 0) {
                // too short, or a fragment (MF or an offset): not something TSO hands out
                return OffloadDrop.BAD_GSO_FRAME;
            }
        }
        final int doff = (frame[ip + ihl + 12] >> 4 & 0x0f) * 4;
        if (doff < 20 || ETHERNET + ihl + doff > len) {
            return OffloadDrop.BAD_GSO_FRAME;
        }
        final int headers = ETHERNET + ihl + doff;
        final int segment = Math.min(h.gsoSize, maxFrame - headers);
        if (segment <= 0) {
            return OffloadDrop.BAD_GSO_FRAME;
        }
        in = frame;
        inOff = off;
        inLen = len;
        ipLen = ihl;
        tcpLen = doff;
        headerLen = headers;
        mss = segment;
        nextData = headers;
        firstSeq = u32(frame, ip + ihl + 4);
        firstId = v6 ? 0 : u16(frame, ip + 4);
        ipv6 = v6;
        return null;
    }

    /** True while segments of the loaded frame are left (a frame with no payload still yields one). */
    public boolean hasNext() {
        return inLen > 0 && (nextData < inLen || index == 0);
    }

    /** Length of the frame the next {@link #next} call writes. */
    public int nextLength() {
        return headerLen + Math.min(mss, inLen - nextData);
    }

    /** Writes the next segment as a complete Ethernet frame at {@code out[off..]}; returns its length. */
    public int next(byte[] out, int off) {
        final int payload = Math.min(mss, inLen - nextData);
        final int frameLen = headerLen + payload;
        System.arraycopy(in, inOff, out, off, headerLen);
        System.arraycopy(in, inOff + nextData, out, off + headerLen, payload);
        final boolean last = nextData + payload >= inLen;
        final int ip = off + ETHERNET;
        if (ipv6) {
            putU16(out, ip + 4, frameLen - ETHERNET - IPV6_HEADER);
        } else {
            putU16(out, ip + 2, frameLen - ETHERNET);
            putU16(out, ip + 4, firstId + index);
            putU16(out, ip + 10, 0);
            putU16(out, ip + 10, InetChecksum.finish(InetChecksum.add(out, ip, ipLen, 0)));
        }
        final int tcp = ip + ipLen;
        putU32(out, tcp + 4, firstSeq + (nextData - headerLen));
        int flags = out[tcp + 13] & 0xff;
        if (!last) {
            flags &= ~(FIN | PSH);
        }
        if (index > 0) {
            flags &= ~CWR;
        }
        out[tcp + 13] = (byte) flags;
        putU16(out, tcp + 16, 0);
        final int tcpTotal = tcpLen + payload;
        final long sum = InetChecksum.add(out, tcp, tcpTotal, ipv6
            ? InetChecksum.pseudoHeaderV6(out, ip + 8, PROTO_TCP, tcpTotal)
            : InetChecksum.pseudoHeaderV4(out, ip + 12, PROTO_TCP, tcpTotal));
        putU16(out, tcp + 16, InetChecksum.finish(sum));
        nextData += payload;
        index++;
        if (last) {
            inLen = 0;
            in = null;
        }
        return frameLen;
    }

    /** Forgets a loaded frame (its segments are not wanted any more). */
    public void reset() {
        inLen = 0;
        in = null;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | b[off + 1] & 0xff;
    }

    static long u32(byte[] b, int off) {
        return ((long) u16(b, off) << 16 | u16(b, off + 2)) & 0xffffffffL;
    }

    static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 8);
        b[off + 1] = (byte) v;
    }

    static void putU32(byte[] b, int off, long v) {
        putU16(b, off, (int) (v >>> 16) & 0xffff);
        putU16(b, off + 2, (int) v & 0xffff);
    }
}
