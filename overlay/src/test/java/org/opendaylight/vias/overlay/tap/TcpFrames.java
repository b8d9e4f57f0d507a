/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.tap;

import java.util.Arrays;

/**
 * Builds Ethernet/IPv4/TCP, Ethernet/IPv6/TCP and UDP frames with correct checksums for the offload tests, and checks checksums with a
 * plain 16-bit-word reference sum (independent of {@link InetChecksum}).
 */
final class TcpFrames {
    static final int ETH = 14;
    static final int ACK = 0x10;
    static final int PSH = 0x08;
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int CWR = 0x80;

    private TcpFrames() {
    }

    /** A TCP frame: 20 + ipOptions IPv4 header, 20 + tcpOptions TCP header (options are NOPs then a timestamp-ish). */
    static byte[] tcp(byte[] payload, long seq, int flags, int ipOptions, int tcpOptions, int id) {
        return tcp(payload, seq, flags, ipOptions, tcpOptions, id, 1234, 5678);
    }

    static byte[] tcp(byte[] payload, long seq, int flags, int ipOptions, int tcpOptions, int id, int srcPort,
            int dstPort) {
        final int ipLen = 20 + ipOptions;
        final int tcpLen = 20 + tcpOptions;
        final byte[] f = new byte[ETH + ipLen + tcpLen + payload.length];
        ethernet(f);
        final int ip = ETH;
        f[ip] = (byte) (0x40 | ipLen / 4);
        f[ip + 1] = 0;
        put16(f, ip + 2, ipLen + tcpLen + payload.length);
        put16(f, ip + 4, id);
        f[ip + 6] = 0x40; // DF
        f[ip + 8] = 64;
        f[ip + 9] = 6;
        f[ip + 12] = 10;
        f[ip + 13] = (byte) 251;
        f[ip + 15] = 1;
        f[ip + 16] = 10;
        f[ip + 17] = (byte) 251;
        f[ip + 19] = 2;
        Arrays.fill(f, ip + 20, ip + ipLen, (byte) 1); // IP NOP options
        final int tcp = ip + ipLen;
        tcpSegment(f, tcp, srcPort, dstPort, seq, flags, tcpOptions, payload);
        fixChecksums(f);
        return f;
    }

    /** An Ethernet/IPv6/TCP frame (no extension header; flow label 0x12345, hop limit 64), checksum right. */
    static byte[] tcp6(byte[] payload, long seq, int flags, int tcpOptions, int srcPort, int dstPort) {
        final int tcpLen = 20 + tcpOptions;
        final byte[] f = new byte[ETH + 40 + tcpLen + payload.length];
        ethernet(f);
        put16(f, 12, 0x86dd);
        final int ip = ETH;
        put32(f, ip, 0x60012345L);
        put16(f, ip + 4, tcpLen + payload.length);
        f[ip + 6] = 6;
        f[ip + 7] = 64;
        f[ip + 8] = (byte) 0xfd;
        f[ip + 9] = 0x51;
        f[ip + 23] = 1;
        f[ip + 24] = (byte) 0xfd;
        f[ip + 25] = 0x51;
        f[ip + 39] = 2;
        final int tcp = ip + 40;
        tcpSegment(f, tcp, srcPort, dstPort, seq, flags, tcpOptions, payload);
        fixChecksums(f);
        return f;
    }

    /** The TCP header (ACK number, window and options fixed) and payload at {@code f[tcp..]}; checksum left 0. */
    private static void tcpSegment(byte[] f, int tcp, int srcPort, int dstPort, long seq, int flags, int tcpOptions,
            byte[] payload) {
        final int tcpLen = 20 + tcpOptions;
        put16(f, tcp, srcPort);
        put16(f, tcp + 2, dstPort);
        put32(f, tcp + 4, seq);
        put32(f, tcp + 8, 0x01020304L);
        f[tcp + 12] = (byte) (tcpLen / 4 << 4);
        f[tcp + 13] = (byte) flags;
        put16(f, tcp + 14, 502);
        for (int i = 0; i < tcpOptions; i++) {
            f[tcp + 20 + i] = (byte) (i < 2 ? 1 : 0x30 + i);
        }
        System.arraycopy(payload, 0, f, tcp + tcpLen, payload.length);
    }

    /** A UDP/IPv4 frame with a correct checksum. */
    static byte[] udp(byte[] payload) {
        final byte[] f = new byte[ETH + 28 + payload.length];
        ethernet(f);
        final int ip = ETH;
        f[ip] = 0x45;
        put16(f, ip + 2, 28 + payload.length);
        f[ip + 8] = 64;
        f[ip + 9] = 17;
        f[ip + 12] = 10;
        f[ip + 15] = 1;
        f[ip + 16] = 10;
        f[ip + 19] = 2;
        put16(f, ip + 20, 4000);
        put16(f, ip + 22, 4001);
        put16(f, ip + 24, 8 + payload.length);
        System.arraycopy(payload, 0, f, ip + 28, payload.length);
        put16(f, ip + 10, ~fold(sum(f, ip, 20, 0)) & 0xffff);
        put16(f, ip + 26, ~fold(sum(f, ip + 20, 8 + payload.length, pseudo(f, 17, 8 + payload.length))) & 0xffff);
        return f;
    }

    /** An ARP request frame (not IP). */
    static byte[] arp() {
        final byte[] f = new byte[42];
        ethernet(f);
        put16(f, 12, 0x0806);
        return f;
    }

    static void fixChecksums(byte[] f) {
        final int ip = ETH;
        final int ipLen = ipLen(f);
        if (!isIpv6(f)) {
            put16(f, ip + 10, 0);
            put16(f, ip + 10, ~fold(sum(f, ip, ipLen, 0)) & 0xffff);
        }
        final int tcp = ip + ipLen;
        final int tcpTotal = f.length - tcp;
        put16(f, tcp + 16, 0);
        put16(f, tcp + 16, ~fold(sum(f, tcp, tcpTotal, pseudo(f, 6, tcpTotal))) & 0xffff);
    }

    static boolean isIpv6(byte[] f) {
        return get16(f, 12) == 0x86dd;
    }

    static int ipLen(byte[] f) {
        return isIpv6(f) ? 40 : (f[ETH] & 0x0f) * 4;
    }

    static int ipv6PayloadLength(byte[] f) {
        return get16(f, ETH + 4);
    }

    static int tcpLen(byte[] f) {
        return (f[ETH + ipLen(f) + 12] >> 4 & 0x0f) * 4;
    }

    static int headers(byte[] f) {
        return ETH + ipLen(f) + tcpLen(f);
    }

    /** The IPv4 header checksum is right (IPv6 has none). */
    static boolean ipChecksumOk(byte[] f) {
        return isIpv6(f) || fold(sum(f, ETH, ipLen(f), 0)) == 0xffff;
    }

    static boolean tcpChecksumOk(byte[] f) {
        final int tcp = ETH + ipLen(f);
        final int tcpTotal = f.length - tcp;
        return fold(sum(f, tcp, tcpTotal, pseudo(f, 6, tcpTotal))) == 0xffff;
    }

    static long seq(byte[] f) {
        return get32(f, ETH + ipLen(f) + 4);
    }

    static int flags(byte[] f) {
        return f[ETH + ipLen(f) + 13] & 0xff;
    }

    static int ipId(byte[] f) {
        return get16(f, ETH + 4);
    }

    static int ipTotalLength(byte[] f) {
        return get16(f, ETH + 2);
    }

    static byte[] payload(byte[] f) {
        return Arrays.copyOfRange(f, headers(f), f.length);
    }

    /** virtio_net_hdr + frame, as a TAP with IFF_VNET_HDR returns it. */
    static byte[] withHeader(VirtioNetHeader h, byte[] frame) {
        final byte[] packet = new byte[VirtioNetHeader.LENGTH + frame.length];
        h.encode(packet, 0);
        System.arraycopy(frame, 0, packet, VirtioNetHeader.LENGTH, frame.length);
        return packet;
    }

    /** What TSO hands out: one frame with all payload, the TCP checksum field a partial, the header GSO TCPv4. */
    static byte[] gsoPacket(byte[] payload, long seq, int flags, int ipOptions, int tcpOptions, int gsoSize) {
        return gsoPacket(tcp(payload, seq, flags, ipOptions, tcpOptions, 100), VirtioNetHeader.GSO_TCPV4, gsoSize);
    }

    /** The same for IPv6 (GSO TCPv6). */
    static byte[] gsoPacket6(byte[] payload, long seq, int flags, int tcpOptions, int gsoSize) {
        return gsoPacket(tcp6(payload, seq, flags, tcpOptions, 1234, 5678), VirtioNetHeader.GSO_TCPV6, gsoSize);
    }

    private static byte[] gsoPacket(byte[] frame, int gsoType, int gsoSize) {
        // the kernel leaves the pseudo-header sum in the field; the segmenter must not depend on it
        put16(frame, ETH + ipLen(frame) + 16, 0xbeef);
        final VirtioNetHeader h = new VirtioNetHeader();
        h.flags = VirtioNetHeader.F_NEEDS_CSUM;
        h.gsoType = gsoType;
        h.hdrLen = headers(frame);
        h.gsoSize = gsoSize;
        h.csumStart = ETH + ipLen(frame);
        h.csumOffset = 16;
        return withHeader(h, frame);
    }

    static byte[] pattern(int length, int seed) {
        final byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private static void ethernet(byte[] f) {
        f[0] = 2;
        f[5] = 1;
        f[6] = 2;
        f[11] = 2;
        put16(f, 12, 0x0800);
    }

    static long pseudo(byte[] f, int protocol, int length) {
        if (isIpv6(f)) {
            return sum(f, ETH + 8, 32, 0) + protocol + length;
        }
        return sum(f, ETH + 12, 8, 0) + protocol + length;
    }

    /** Reference: 16-bit big-endian words, one at a time. */
    static long sum(byte[] b, int off, int len, long acc) {
        long s = acc;
        for (int i = 0; i < len; i += 2) {
            final int hi = b[off + i] & 0xff;
            final int lo = i + 1 < len ? b[off + i + 1] & 0xff : 0;
            s += hi << 8 | lo;
        }
        return s;
    }

    static int fold(long sum) {
        long s = sum;
        while (s > 0xffff) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) s;
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, long v) {
        put16(b, off, (int) (v >> 16));
        put16(b, off + 2, (int) v);
    }

    static int get16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | b[off + 1] & 0xff;
    }

    static long get32(byte[] b, int off) {
        return (long) get16(b, off) << 16 | get16(b, off + 2);
    }
}
