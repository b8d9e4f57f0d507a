/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule model's dotted-quad parser: the same contract (and the same odd inputs) as the overlay's Ipv4Test. */
class Ipv4PrefixTest {
    @Test
    void parsesAndFormatsDottedQuads() throws Exception {
        for (String text : List.of("0.0.0.0", "10.254.0.1", "192.168.1.255", "255.255.255.255", "1.0.0.10")) {
            final int ip = Ipv4Prefix.parseAddress(text);
            assertEquals(text, Ipv4Prefix.format(ip));
            assertEquals(ByteBuffer.wrap(InetAddress.getByName(text).getAddress()).getInt(), ip, text);
        }
    }

    @Test
    void refusesWhatIsNotStrictlyADottedQuad() {
        for (String text : List.of("256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "", "a.b.c.d",
                "010.1.1.1", "1.2.3.04", "00.1.2.3", "-1.2.3.4", "+1.2.3.4", "1.2.3.4 ", " 1.2.3.4", "1.2.3.1000",
                // the last: an Arabic-Indic digit one, which Character.isDigit would accept
                "1.2.3.4/24", "localhost", "\u0661.2.3.4")) {
            assertThrows(IllegalArgumentException.class, () -> Ipv4Prefix.parseAddress(text), text);
        }
        assertThrows(IllegalArgumentException.class, () -> Ipv4Prefix.parseAddress(null));
    }

    @Test
    void prefixesFromSlash0ToSlash32() {
        final Ipv4Prefix all = Ipv4Prefix.parse("0.0.0.0/0");
        assertEquals(0, Ipv4Prefix.mask(0));
        assertTrue(all.contains(Ipv4Prefix.parseAddress("255.255.255.255")));
        assertTrue(all.contains(0));

        final Ipv4Prefix host = Ipv4Prefix.parse("192.0.2.1");
        assertTrue(host.isHost());
        assertEquals(host, Ipv4Prefix.parse("192.0.2.1/32"));
        assertEquals(-1, Ipv4Prefix.mask(32));
        assertTrue(host.contains(Ipv4Prefix.parseAddress("192.0.2.1")));
        assertFalse(host.contains(Ipv4Prefix.parseAddress("192.0.2.0")));

        // stored as the masked network
        final Ipv4Prefix lan = Ipv4Prefix.parse("10.254.7.9/16");
        assertEquals("10.254.0.0/16", lan.toString());
        assertTrue(lan.contains(Ipv4Prefix.parseAddress("10.254.200.1")));
        assertFalse(lan.contains(Ipv4Prefix.parseAddress("10.255.0.1")));

        for (String text : List.of("10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/8/8",
                "10.0.0.0/x", "256.0.0.0/8", "/8", "10.0.0.0/100")) {
            assertThrows(IllegalArgumentException.class, () -> Ipv4Prefix.parse(text), text);
        }
        assertThrows(IllegalArgumentException.class, () -> Ipv4Prefix.mask(33));
        assertThrows(IllegalArgumentException.class, () -> new Ipv4Prefix(0, -1));
    }
}
