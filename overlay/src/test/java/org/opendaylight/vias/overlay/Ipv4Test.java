/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ipv4Test {
    @Test
    void parsesAndFormatsDottedQuads() throws Exception {
        for (String text : List.of("0.0.0.0", "10.254.0.1", "192.168.1.255", "255.255.255.255", "1.0.0.10")) {
            final int ip = Ipv4.parse(text);
            assertEquals(text, Ipv4.format(ip));
            // the same 32 bits the JDK reads from the text
            assertEquals(ip, Ipv4.of(InetAddress.getByName(text).getAddress()), text);
        }
        assertEquals(0xC0A80101, Ipv4.parse("192.168.1.1"));
        assertEquals(-1, Ipv4.parse("255.255.255.255"));
    }

    @Test
    void refusesWhatIsNotStrictlyADottedQuad() {
        for (String text : List.of("256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "", "a.b.c.d",
                "010.1.1.1", "1.2.3.04", "00.1.2.3", "-1.2.3.4", "+1.2.3.4", "1.2.3.4 ", " 1.2.3.4", "1.2.3.1000",
                // the last: an Arabic-Indic digit one, which Character.isDigit would accept
                "1.2.3.4/24", "localhost", "\u0661.2.3.4")) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4.parse(text),
                text);
            assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Ipv4.parse(null));
    }

    @Test
    void readsAndWritesNetworkOrderBytes() {
        final int ip = Ipv4.parse("203.0.113.7");
        final byte[] bytes = Ipv4.toBytes(ip);
        assertArrayEquals(new byte[] {(byte) 203, 0, 113, 7}, bytes);
        final byte[] frame = new byte[10];
        System.arraycopy(bytes, 0, frame, 5, 4);
        assertEquals(ip, Ipv4.read(frame, 5));
        assertEquals(ip, Ipv4.of(bytes));
        assertThrows(IllegalArgumentException.class, () -> Ipv4.of(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> Ipv4.of(null));
    }

    @Test
    void masksFromSlash0ToSlash32() {
        assertEquals(0, Ipv4.mask(0));
        assertEquals(Ipv4.parse("128.0.0.0"), Ipv4.mask(1));
        assertEquals(Ipv4.parse("255.255.240.0"), Ipv4.mask(20));
        assertEquals(Ipv4.parse("255.255.255.254"), Ipv4.mask(31));
        assertEquals(-1, Ipv4.mask(32));
        assertThrows(IllegalArgumentException.class, () -> Ipv4.mask(-1));
        assertThrows(IllegalArgumentException.class, () -> Ipv4.mask(33));
    }

    @Test
    void cidrKeepsTheAddressAndMatchesItsNetwork() {
        final Ipv4.Cidr tap = Ipv4.Cidr.parse("10.254.0.1/16");
        assertEquals(Ipv4.parse("10.254.0.1"), tap.address());
        assertEquals(16, tap.length());
        assertEquals(Ipv4.parse("10.254.0.0"), tap.network());
        assertTrue(tap.contains(Ipv4.parse("10.254.200.9")));
        assertFalse(tap.contains(Ipv4.parse("10.255.0.1")));
        assertEquals("10.254.0.1/16", tap.toString());

        final Ipv4.Cidr all = Ipv4.Cidr.parse("0.0.0.0/0");
        assertTrue(all.contains(Ipv4.parse("255.255.255.255")));
        assertTrue(all.contains(0));
        final Ipv4.Cidr host = Ipv4.Cidr.parse("192.0.2.1/32");
        assertTrue(host.contains(Ipv4.parse("192.0.2.1")));
        assertFalse(host.contains(Ipv4.parse("192.0.2.0")));

        for (String text : List.of("10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8",
                "10.0.0.0/8/8", "10.0.0.0/x", "256.0.0.0/8", "/8", "10.0.0.0/100")) {
            assertThrows(IllegalArgumentException.class, () -> Ipv4.Cidr.parse(text), text);
        }
        assertThrows(IllegalArgumentException.class, () -> new Ipv4.Cidr(0, 33));
    }

    @Test
    void unicastExcludesWhatABypassCannotCarry() {
        assertTrue(Ipv4.isUnicast(Ipv4.parse("10.0.0.1")));
        assertTrue(Ipv4.isMulticast(Ipv4.parse("224.0.0.251")));
        assertFalse(Ipv4.isUnicast(Ipv4.parse("224.0.0.251")));
        assertFalse(Ipv4.isUnicast(Ipv4.parse("255.255.255.255")));
        assertFalse(Ipv4.isUnicast(Ipv4.parse("240.0.0.1")));
        assertFalse(Ipv4.isUnicast(0));
    }
}
