/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** An Ethernet address in canonical lower-case colon form. */
public record MacAddress(String value) {
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":");
    public static final MacAddress BROADCAST = new MacAddress("ff:ff:ff:ff:ff:ff");

    public MacAddress {
        if (value == null) {
            throw new IllegalArgumentException("mac: must be set");
        }
        value = value.toLowerCase(Locale.ROOT);
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("mac: '" + value + "' is not xx:xx:xx:xx:xx:xx");
        }
    }

    public static MacAddress of(final String value) {
        return new MacAddress(value);
    }

    /** The address in {@code bytes[offset..offset+5]}; called for every punted frame, so no formatter. */
    public static MacAddress of(final byte[] bytes, final int offset) {
        return new MacAddress(COLON_HEX.formatHex(bytes, offset, offset + 6));
    }

    public byte[] toBytes() {
        final byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) Integer.parseInt(value.substring(i * 3, i * 3 + 2), 16);
        }
        return out;
    }

    /** Group bit set: multicast or broadcast; such frames never take a bypass or NAT rule. */
    public boolean isMulticast() {
        return (Integer.parseInt(value.substring(0, 2), 16) & 1) != 0;
    }

    @Override
    public String toString() {
        return value;
    }
}
