/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.forwarding;

import org.opendaylight.vias.overlay.Ipv4;

/** Reads the few Ethernet/IP fields forwarding needs, straight from a frame buffer. */
public final class EthernetFrames {
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_IPV6 = 0x86DD;

    private EthernetFrames() {
    }

    /** Destination MAC as a 48-bit number. */
    public static long destinationMac(byte[] frame, int off) {
        return mac(frame, off);
    }

    /** Source MAC as a 48-bit number. */
    public static long sourceMac(byte[] frame, int off) {
        return mac(frame, off + 6);
    }

    /** Broadcast and multicast (ARP, IPv6 ND, mDNS...) have the group bit, the lowest bit of the first octet. */
    public static boolean isGroup(long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }

    public static int etherType(byte[] frame, int off) {
        return (frame[off + 12] & 0xff) << 8 | frame[off + 13] & 0xff;
    }

    /** IPv4 destination address of an IPv4 frame (caller checked EtherType and length). */
    public static int ipv4Destination(byte[] frame, int off) {
        return Ipv4.read(frame, off + 14 + 16);
    }

    static long mac(byte[] buf, int off) {
        long value = 0;
        for (int i = 0; i < 6; i++) {
            value = value << 8 | buf[off + i] & 0xff;
        }
        return value;
    }

    /** Parses "aa:bb:cc:dd:ee:ff" into 6 bytes. */
    public static byte[] parseMac(String text) {
        final String[] parts = text.split("[:-]");
        if (parts.length != 6) {
            throw new IllegalArgumentException("must be 6 hex octets like 02:00:00:00:00:01");
        }
        final byte[] mac = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (parts[i].length() != 2) {
                throw new IllegalArgumentException("must be 6 hex octets like 02:00:00:00:00:01");
            }
            mac[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        if ((mac[0] & 1) != 0) {
            throw new IllegalArgumentException("must be a unicast MAC (group bit set in " + text + ")");
        }
        return mac;
    }
}
