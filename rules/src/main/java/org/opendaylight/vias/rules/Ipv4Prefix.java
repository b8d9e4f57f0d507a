/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

/** An IPv4 address with a prefix length; a host address is a /32. Stored as the masked network. */
public record Ipv4Prefix(int address, int length) {

    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length: must be 0..32, was " + length);
        }
        address = address & mask(length);
    }

    public static Ipv4Prefix host(final int address) {
        return new Ipv4Prefix(address, 32);
    }

    /** Parses {@code a.b.c.d} (a /32) or {@code a.b.c.d/len}. */
    public static Ipv4Prefix parse(final String text) {
        if (text == null) {
            throw new IllegalArgumentException("ipv4: must be set");
        }
        final int slash = text.indexOf('/');
        final String digits = slash < 0 ? "32" : text.substring(slash + 1);
        if (digits.isEmpty() || digits.length() > 2 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("ipv4: '" + text + "' has a malformed prefix length");
        }
        return new Ipv4Prefix(parseAddress(slash < 0 ? text : text.substring(0, slash)), Integer.parseInt(digits));
    }

    /**
     * Parses a dotted-quad address strictly: four decimal octets 0..255, nothing else; no leading zeros ({@code 010}
     * is octal to inet_aton(3), decimal to most parsers: refused, not guessed). The same contract as the overlay's
     * {@code org.opendaylight.vias.overlay.Ipv4.parse}, which this JDK-only module cannot depend on.
     */
    public static int parseAddress(final String text) {
        if (text == null) {
            throw new IllegalArgumentException("ipv4: must be set");
        }
        final String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("ipv4: '" + text + "' is not a dotted-quad address");
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || part.length() > 1 && part.charAt(0) == '0') {
                throw new IllegalArgumentException("ipv4: '" + text + "' is not a dotted-quad address");
            }
            final int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("ipv4: '" + text + "' has an octet above 255");
            }
            value = value << 8 | octet;
        }
        return value;
    }

    public static String format(final int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "."
            + (address & 0xFF);
    }

    public static int mask(final int length) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length: must be 0..32, was " + length);
        }
        return length == 0 ? 0 : -1 << 32 - length;
    }

    public boolean contains(final int other) {
        return (other & mask(length)) == address;
    }

    public boolean isHost() {
        return length == 32;
    }

    public String addressString() {
        return format(address);
    }

    @Override
    public String toString() {
        return addressString() + "/" + length;
    }
}
