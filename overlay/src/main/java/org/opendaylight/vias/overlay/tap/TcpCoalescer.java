/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.tap;

import static org.opendaylight.vias.overlay.tap.TcpSegmenter.ETHERNET;
import static org.opendaylight.vias.overlay.tap.TcpSegmenter.ETHERTYPE_IPV4;
import static org.opendaylight.vias.overlay.tap.TcpSegmenter.ETHERTYPE_IPV6;
import static org.opendaylight.vias.overlay.tap.TcpSegmenter.IPV6_HEADER;
import static org.opendaylight.vias.overlay.tap.TcpSegmenter.PROTO_TCP;
import static org.opendaylight.vias.overlay.tap.TcpSegmenter.putU16;
import static org.opendaylight.vias.overlay.tap.TcpSegmenter.u16;
import static org.opendaylight.vias.overlay.tap.TcpSegmenter.u32;

import java.io.IOException;
import java.util.Arrays;

/**
 * Receive side of the TAP offloads, a userspace GRO: consecutive in-order TCP segments (IPv4 or IPv6) of one flow,
 * written within one batch, become one frame with a TCPv4 or TCPv6 GSO virtio_net_hdr, so the host stack runs once
 * for up to 64 KiB instead of once per segment.
 *
 * <p>Only the frame written last can grow (no flow table): a segment joins it if it continues it exactly (same
 * Ethernet header; IPv4: addresses, TOS, TTL and DF; IPv6: addresses, traffic class, flow label and hop limit; same
 * ports, ACK number, window, TCP options and flags, the next sequence number, no more payload than the first segment,
 * and the group has not yet ended with a shorter segment or PSH). Candidates are plain ACK or ACK+PSH segments with
 * payload, a 20-byte IPv4 header without fragment bits or a 40-byte IPv6 header followed directly by TCP, an IP
 * length that matches the frame, and valid IPv4 header and TCP checksums (the joined frame is handed over with
 * NEEDS_CSUM, so the host would not notice a bad one otherwise; they are checked only once a join is possible).
 * Everything else is written as it came, with an empty header, after whatever was pending. One instance per writing
 * thread; not thread-safe.
 */
public final class TcpCoalescer {
    /** Largest IPv4 packet. */
    static final int MAX_IP = 65535;
    private static final int ACK = 0x10;
    private static final int PSH = 0x08;
    private static final int IP_HEADER = 20;
    private static final byte[] EMPTY_HEADER = new byte[VirtioNetHeader.LENGTH];

    /** Where frames go: a virtio_net_hdr and a frame. */
    @FunctionalInterface
    public interface Sink {
        void write(byte[] vnetHeader, byte[] frame, int off, int len) throws IOException;
    }

    private final byte[] pending = new byte[ETHERNET + MAX_IP];
    private final byte[] header = new byte[VirtioNetHeader.LENGTH];
    private final VirtioNetHeader vnet = new VirtioNetHeader();
    private int pendingLen;
    /** IP header length of the pending frame: 20 (IPv4) or 40 (IPv6); the Ethernet type tells which. */
    private int ipLen;
    private int segments;
    private int tcpLen;
    private int gsoSize;
    private int lastPayload;
    private long nextSeq;
    private boolean ended;
    private boolean pendingVerified;
    private final OffloadCounters counters;

    public TcpCoalescer(OffloadCounters counters) {
        this.counters = counters;
    }

    /** Adds one frame; writes through {@code sink} whatever can no longer grow. */
    public void add(byte[] frame, int off, int len, Sink sink) throws IOException {
        final int candidateTcpLen = candidate(frame, off, len);
        if (pendingLen > 0 && candidateTcpLen > 0 && continues(frame, off, len, candidateTcpLen)) {
            // checksums are verified only once a join is possible, so a lone frame costs no extra pass
            if (pendingVerified || checksumsValid(pending, 0, pendingLen)) {
                pendingVerified = true;
                if (checksumsValid(frame, off, len)) {
                    append(frame, off, len);
                    return;
                }
                // a bad segment is written as it came (the host drops it), after the group
                flush(sink);
                sink.write(EMPTY_HEADER, frame, off, len);
                return;
            }
            // the pending frame is bad: it goes alone, as it came, and this one starts a new group
        }
        flush(sink);
        if (candidateTcpLen > 0) {
            System.arraycopy(frame, off, pending, 0, len);
            pendingLen = len;
            pendingVerified = false;
            segments = 1;
            ipLen = ipHeaderLength(frame, off);
            tcpLen = candidateTcpLen;
            gsoSize = len - ETHERNET - ipLen - candidateTcpLen;
            lastPayload = gsoSize;
            nextSeq = u32(frame, off + ETHERNET + ipLen + 4) + gsoSize & 0xffffffffL;
            ended = (frame[off + ETHERNET + ipLen + 13] & PSH) != 0;
        } else {
            sink.write(EMPTY_HEADER, frame, off, len);
        }
    }

    /** Writes the pending frame, if any. */
    public void flush(Sink sink) throws IOException {
        if (pendingLen == 0) {
            return;
        }
        final int len = pendingLen;
        pendingLen = 0;
        if (segments == 1) {
            sink.write(EMPTY_HEADER, pending, 0, len);
            return;
        }
        final int ip = ETHERNET;
        final int tcp = ip + ipLen;
        final int tcpTotal = len - tcp;
        final boolean v6 = ipLen == IPV6_HEADER;
        // NEEDS_CSUM: the field holds the pseudo-header sum, the host (or nobody, if delivered locally) adds the rest
        if (v6) {
            putU16(pending, ip + 4, tcpTotal);
            putU16(pending, tcp + 16,
                InetChecksum.fold(InetChecksum.pseudoHeaderV6(pending, ip + 8, PROTO_TCP, tcpTotal)));
        } else {
            putU16(pending, ip + 2, len - ETHERNET);
            putU16(pending, ip + 10, 0);
            putU16(pending, ip + 10, InetChecksum.finish(InetChecksum.add(pending, ip, IP_HEADER, 0)));
            putU16(pending, tcp + 16,
                InetChecksum.fold(InetChecksum.pseudoHeaderV4(pending, ip + 12, PROTO_TCP, tcpTotal)));
        }
        vnet.clear();
        vnet.flags = VirtioNetHeader.F_NEEDS_CSUM;
        vnet.gsoType = v6 ? VirtioNetHeader.GSO_TCPV6 : VirtioNetHeader.GSO_TCPV4;
        vnet.hdrLen = tcp + tcpLen;
        vnet.gsoSize = gsoSize;
        vnet.csumStart = tcp;
        vnet.csumOffset = 16;
        vnet.encode(header, 0);
        counters.joinedFrames.increment();
        counters.joinedSegments.add(segments);
        sink.write(header, pending, 0, len);
    }

    /** 20 for an Ethernet/IPv4 frame with a 20-byte header, 40 for Ethernet/IPv6, else 0. */
    static int ipHeaderLength(byte[] b, int off) {
        final int type = u16(b, off + 12);
        if (type == ETHERTYPE_IPV4 && b[off + ETHERNET] == 0x45) {
            return IP_HEADER;
        }
        return type == ETHERTYPE_IPV6 && (b[off + ETHERNET] & 0xf0) == 0x60 ? IPV6_HEADER : 0;
    }

    /** TCP header length if the frame may be joined with others, else 0. */
    static int candidate(byte[] b, int off, int len) {
        final int ip = off + ETHERNET;
        final int ipLen = len >= ETHERNET + IP_HEADER + 20 ? ipHeaderLength(b, off) : 0;
        if (ipLen == IP_HEADER) {
            if (b[ip + 9] != PROTO_TCP || u16(b, ip + 2) != len - ETHERNET || (u16(b, ip + 6) & 0x3fff) != 0) {
                return 0;
            }
        } else if (ipLen != IPV6_HEADER || len < ETHERNET + IPV6_HEADER + 20 || b[ip + 6] != PROTO_TCP
                || u16(b, ip + 4) != len - ETHERNET - ipLen) {
            return 0;
        }
        final int tcp = ip + ipLen;
        final int doff = (b[tcp + 12] >> 4 & 0x0f) * 4;
        final int flags = b[tcp + 13] & 0xff;
        if (doff < 20 || ETHERNET + ipLen + doff >= len || flags != ACK && flags != (ACK | PSH)) {
            return 0;
        }
        return doff;
    }

    /** True if the IPv4 header (if any) and TCP checksums of a {@link #candidate} are right. */
    static boolean checksumsValid(byte[] b, int off, int len) {
        final int ip = off + ETHERNET;
        final int ipLen = ipHeaderLength(b, off);
        final int tcpTotal = len - ETHERNET - ipLen;
        if (ipLen == IPV6_HEADER) {
            return InetChecksum.verifies(b, ip + ipLen, tcpTotal,
                InetChecksum.pseudoHeaderV6(b, ip + 8, PROTO_TCP, tcpTotal));
        }
        return InetChecksum.verifies(b, ip, IP_HEADER, 0) && InetChecksum.verifies(b, ip + IP_HEADER, tcpTotal,
            InetChecksum.pseudoHeaderV4(b, ip + 12, PROTO_TCP, tcpTotal));
    }

    private boolean continues(byte[] b, int off, int len, int frameTcpLen) {
        if (ended || frameTcpLen != tcpLen || lastPayload != gsoSize) {
            return false;
        }
        // the Ethernet header (type included) is compared below, so both frames are of one IP version
        final int payload = len - ETHERNET - ipLen - frameTcpLen;
        if (payload > gsoSize || pendingLen + payload > pending.length) {
            return false;
        }
        final int ip = off + ETHERNET;
        final int tcp = ip + ipLen;
        final int pip = ETHERNET;
        final int ptcp = pip + ipLen;
        final boolean sameIp = ipLen == IPV6_HEADER
            // version, traffic class, flow label; next header and hop limit; addresses
            ? Arrays.equals(b, ip, ip + 4, pending, pip, pip + 4)
                && b[ip + 7] == pending[pip + 7]
                && Arrays.equals(b, ip + 8, ip + IPV6_HEADER, pending, pip + 8, pip + IPV6_HEADER)
            // TOS; DF and reserved bits; TTL (the protocol is TCP for both); addresses
            : b[ip + 1] == pending[pip + 1]
                && (b[ip + 6] & 0xe0) == (pending[pip + 6] & 0xe0)
                && b[ip + 8] == pending[pip + 8]
                && Arrays.equals(b, ip + 12, ip + 20, pending, pip + 12, pip + 20);
        return u32(b, tcp + 4) == nextSeq
            && Arrays.equals(b, off, off + ETHERNET, pending, 0, ETHERNET)
            && sameIp
            // ports; ACK number; data offset; window; options (flags were checked by candidate())
            && Arrays.equals(b, tcp, tcp + 4, pending, ptcp, ptcp + 4)
            && Arrays.equals(b, tcp + 8, tcp + 13, pending, ptcp + 8, ptcp + 13)
            && Arrays.equals(b, tcp + 14, tcp + 16, pending, ptcp + 14, ptcp + 16)
            && Arrays.equals(b, tcp + 20, tcp + tcpLen, pending, ptcp + 20, ptcp + tcpLen);
    }

    private void append(byte[] b, int off, int len) {
        final int start = off + ETHERNET + ipLen + tcpLen;
        final int payload = off + len - start;
        System.arraycopy(b, start, pending, pendingLen, payload);
        pendingLen += payload;
        segments++;
        lastPayload = payload;
        nextSeq = nextSeq + payload & 0xffffffffL;
        if ((b[off + ETHERNET + ipLen + 13] & PSH) != 0) {
            pending[ETHERNET + ipLen + 13] |= PSH;
            ended = true;
        }
    }
}
