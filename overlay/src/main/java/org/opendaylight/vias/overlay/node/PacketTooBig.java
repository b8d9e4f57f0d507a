/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.node;

import java.io.IOException;
import org.opendaylight.vias.overlay.forwarding.EthernetFrames;
import org.opendaylight.vias.overlay.tap.FramePort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a frame too large for the overlay the way a router on the path would, so the sender's path-MTU discovery
 * lowers its packet size instead of the frame being silently lost: ICMPv4 "fragmentation needed" (type 3 code 4) for
 * IPv4 with DF set, ICMPv6 "packet too big" for IPv6. The reply is written back into the TAP, from the packet's
 * destination address (as a router right in front of it would be). Anything else is only counted.
 */
final class PacketTooBig implements TapReader.OversizeReply {
    private static final Logger LOG = LoggerFactory.getLogger(PacketTooBig.class);
    private static final int ETH = 14;

    private final FramePort port;
    private final int mtu;

    /** @param mtu the IP MTU to advertise (the TAP MTU) */
    PacketTooBig(FramePort port, int mtu) {
        this.port = port;
        this.mtu = mtu;
    }

    @Override
    public void reply(byte[] frame, int off, int len) {
        final byte[] reply = build(frame, off, len, mtu);
        if (reply != null) {
            try {
                port.write(reply, 0, reply.length);
            } catch (IOException e) {
                LOG.debug("cannot write ICMP reply", e);
            }
        }
    }

    /** The reply frame, or null if the frame gets none (not IP, IPv4 without DF, ICMP error itself, too short). */
    static byte[] build(byte[] frame, int off, int len, int mtu) {
        if (len < ETH + 20) {
            return null;
        }
        final int type = EthernetFrames.etherType(frame, off);
        if (type == EthernetFrames.ETHERTYPE_IPV4) {
            return ipv4(frame, off, len, mtu);
        }
        if (type == EthernetFrames.ETHERTYPE_IPV6 && len >= ETH + 40) {
            return ipv6(frame, off, len, mtu);
        }
        return null;
    }

    private static byte[] ipv4(byte[] frame, int off, int len, int mtu) {
        final int ip = off + ETH;
        final int ihl = (frame[ip] & 0x0f) * 4;
        final boolean dontFragment = (frame[ip + 6] & 0x40) != 0;
        if ((frame[ip] & 0xf0) != 0x40 || ihl < 20 || len < ETH + ihl || !dontFragment) {
            return null;
        }
        final int quoted = Math.min(len - ETH, ihl + 8);
        final int icmpLength = 8 + quoted;
        final byte[] out = new byte[ETH + 20 + icmpLength];
        ethernet(frame, off, out, EthernetFrames.ETHERTYPE_IPV4);
        final int o = ETH;
        out[o] = 0x45;
        final int total = 20 + icmpLength;
        out[o + 2] = (byte) (total >> 8);
        out[o + 3] = (byte) total;
        out[o + 8] = 64; // TTL
        out[o + 9] = 1; // ICMP
        System.arraycopy(frame, ip + 16, out, o + 12, 4); // source = original destination
        System.arraycopy(frame, ip + 12, out, o + 16, 4); // destination = original source
        putChecksum(out, o + 10, checksum(out, o, 20, 0));
        final int icmp = o + 20;
        out[icmp] = 3;
        out[icmp + 1] = 4;
        out[icmp + 6] = (byte) (mtu >> 8);
        out[icmp + 7] = (byte) mtu;
        System.arraycopy(frame, ip, out, icmp + 8, quoted);
        putChecksum(out, icmp + 2, checksum(out, icmp, icmpLength, 0));
        return out;
    }

    private static byte[] ipv6(byte[] frame, int off, int len, int mtu) {
        final int ip = off + ETH;
        if ((frame[ip] & 0xf0) != 0x60 || frame[ip + 6] == 58 && len > ETH + 40 && (frame[ip + 40] & 0x80) == 0) {
            return null; // not IPv6, or an ICMPv6 error already (never answer an error with an error)
        }
        final int quoted = Math.min(len - ETH, 1280 - 40 - 8);
        final int icmpLength = 8 + quoted;
        final byte[] out = new byte[ETH + 40 + icmpLength];
        ethernet(frame, off, out, EthernetFrames.ETHERTYPE_IPV6);
        final int o = ETH;
        out[o] = 0x60;
        out[o + 4] = (byte) (icmpLength >> 8);
        out[o + 5] = (byte) icmpLength;
        out[o + 6] = 58; // ICMPv6
        out[o + 7] = 64; // hop limit
        System.arraycopy(frame, ip + 24, out, o + 8, 16);
        System.arraycopy(frame, ip + 8, out, o + 24, 16);
        final int icmp = o + 40;
        out[icmp] = 2; // packet too big
        out[icmp + 4] = (byte) (mtu >>> 24);
        out[icmp + 5] = (byte) (mtu >> 16);
        out[icmp + 6] = (byte) (mtu >> 8);
        out[icmp + 7] = (byte) mtu;
        System.arraycopy(frame, ip, out, icmp + 8, quoted);
        // pseudo-header: source, destination, upper-layer length, next header
        int sum = sum(out, o + 8, 32, 0);
        sum += icmpLength + 58;
        putChecksum(out, icmp + 2, checksum(out, icmp, icmpLength, sum));
        return out;
    }

    private static void ethernet(byte[] frame, int off, byte[] out, int etherType) {
        System.arraycopy(frame, off + 6, out, 0, 6); // to the sender
        System.arraycopy(frame, off, out, 6, 6); // from where it was sending
        out[12] = (byte) (etherType >> 8);
        out[13] = (byte) etherType;
    }

    private static int sum(byte[] buf, int off, int len, int initial) {
        int sum = initial;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += (buf[off + i] & 0xff) << 8 | buf[off + i + 1] & 0xff;
        }
        if ((len & 1) != 0) {
            sum += (buf[off + len - 1] & 0xff) << 8;
        }
        return sum;
    }

    static int checksum(byte[] buf, int off, int len, int initial) {
        long sum = sum(buf, off, len, initial) & 0xffffffffL;
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) ~sum & 0xffff;
    }

    private static void putChecksum(byte[] buf, int at, int checksum) {
        buf[at] = (byte) (checksum >> 8);
        buf[at + 1] = (byte) checksum;
    }
}
