/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay;

/**
 * IPv4 addresses kept as 32-bit ints (allocation-free on the data path): the one place the overlay, the meter, the
 * bypass and the controller turn them into text, bytes and prefixes and back.
 *
 * <p>Text is strict dotted-quad: four decimal octets 0..255, no sign, no spaces, no DNS, and no leading zeros
 * ({@code 010} is octal 8 to inet_aton(3) and decimal 10 to most parsers, so it is refused rather than guessed).
 * The rule model ({@code org.opendaylight.vias.rules.Ipv4Prefix}, JDK-only and not allowed to depend on the overlay)
 * parses with the same rules.
 */
public final class Ipv4 {
    private Ipv4() {
    }

    /** Parses {@code a.b.c.d}; anything else is an IllegalArgumentException naming the text. */
    public static int parse(final String dotted) {
        if (dotted == null) {
            throw new IllegalArgumentException("not an IPv4 address: none");
        }
        final String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || part.length() > 1 && part.charAt(0) == '0') {
                throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "'");
            }
            final int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + dotted + "' (octet above 255)");
            }
            value = value << 8 | octet;
        }
        return value;
    }

    public static String format(final int ip) {
        return (ip >>> 24) + "." + (ip >>> 16 & 0xff) + "." + (ip >>> 8 & 0xff) + "." + (ip & 0xff);
    }

    /** The address in the 4 bytes at {@code off} (network order), as in an IPv4 header or an ARP body. */
    public static int read(final byte[] buf, final int off) {
        return (buf[off] & 0xff) << 24 | (buf[off + 1] & 0xff) << 16 | (buf[off + 2] & 0xff) << 8 | buf[off + 3] & 0xff;
    }

    /** An {@code Inet4Address.getAddress()} or any other 4-byte network-order address. */
    public static int of(final byte[] address) {
        if (address == null || address.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: "
                + (address == null ? "none" : address.length + " bytes"));
        }
        return read(address, 0);
    }

    /** The 4 bytes in network order. */
    public static byte[] toBytes(final int ip) {
        return new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip};
    }

    /** The netmask of a prefix length 0..32 ({@code /0} is 0, {@code /32} all ones). */
    public static int mask(final int length) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32, was " + length);
        }
        return length == 0 ? 0 : -1 << 32 - length;
    }

    /** 224.0.0.0/4. */
    public static boolean isMulticast(final int ip) {
        return (ip & 0xf000_0000) == 0xe000_0000;
    }

    /** Multicast, limited broadcast, 0.0.0.0 (DHCP discover) or class E: nothing a unicast bypass can carry. */
    public static boolean isUnicast(final int ip) {
        return ip != 0 && (ip & 0xf000_0000) != 0xe000_0000 && (ip & 0xf000_0000) != 0xf000_0000;
    }

    /**
     * An address with a prefix length, as {@code a.b.c.d/len} is written: the address keeps its host bits (a TAP
     * address {@code 10.254.0.1/16} is an interface address, not only a network).
     */
    public record Cidr(int address, int length) {
        public Cidr {
            mask(length);
        }

        /** Parses {@code a.b.c.d/len}; the length is required, decimal 0..32. */
        public static Cidr parse(final String text) {
            if (text == null) {
                throw new IllegalArgumentException("must be a.b.c.d/len, got none");
            }
            final int slash = text.indexOf('/');
            final String len = slash < 0 ? "" : text.substring(slash + 1);
            if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("must be a.b.c.d/len, got '" + text + "'");
            }
            final int length = Integer.parseInt(len);
            if (length > 32) {
                throw new IllegalArgumentException("prefix length must be 0..32, got '" + text + "'");
            }
            return new Cidr(Ipv4.parse(text.substring(0, slash)), length);
        }

        public int network() {
            return address & mask(length);
        }

        public boolean contains(final int ip) {
            return (ip & mask(length)) == network();
        }

        @Override
        public String toString() {
            return format(address) + "/" + length;
        }
    }
}
