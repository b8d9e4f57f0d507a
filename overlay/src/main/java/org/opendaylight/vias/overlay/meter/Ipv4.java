/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.meter;

/** Dotted-quad conversion of IPv4 addresses kept as 32-bit ints (allocation-free on the data path). */
public final class Ipv4 {
    private Ipv4() {
    }

    public static int parse(String dotted) {
        final String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        int value = 0;
        for (String part : parts) {
            final int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted, e);
            }
            if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            value = value << 8 | octet;
        }
        return value;
    }

    public static String format(int ip) {
        return (ip >>> 24) + "." + (ip >>> 16 & 0xff) + "." + (ip >>> 8 & 0xff) + "." + (ip & 0xff);
    }

    /** 224.0.0.0/4. */
    public static boolean isMulticast(int ip) {
        return (ip & 0xf000_0000) == 0xe000_0000;
    }

    /** Multicast, limited broadcast, 0.0.0.0 (DHCP discover) or class E: nothing a unicast bypass can carry. */
    public static boolean isUnicast(int ip) {
        return ip != 0 && (ip & 0xf000_0000) != 0xe000_0000 && (ip & 0xf000_0000) != 0xf000_0000;
    }
}
