/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.junit.jupiter.api.Test;

class ViasSignalTest {
    private static final String A = "00000000000000000000000000000000000000aa";
    private static final String B = "00000000000000000000000000000000000000bb";
    private static final String PWD = "abcdefghijklmnopqrstuvwxyz01";

    private static ExtensionElement parse(CharSequence xml) throws Exception {
        final XmlPullParser parser = PacketParserUtils.getParserFor(xml.toString());
        return new ViasSignalProvider().parse(parser);
    }

    private static ViasSignal offer() {
        return new ViasSignal(SignalKind.OFFER, A, B, "s1", "uf12", PWD, "sha-256 AB:CD",
            List.of(new IceCandidate("1", 1, 2130706431L, "10.201.0.2", 50000, "host", null, 0),
                new IceCandidate("2", 1, 1694498815L, "203.0.113.11", 50000, "srflx", "10.201.0.2", 50000),
                new IceCandidate("3", 1, 16777215L, "203.0.113.1", 49152, "relay", "203.0.113.11", 50000)),
            Map.of("bypass", "true"));
    }

    @Test
    void offerRoundTrips() throws Exception {
        final ViasSignal original = offer();
        final ExtensionElement parsed = parse(original.toXML());
        assertEquals(original, parsed);
    }

    @Test
    void presenceRoundTripsAsEmptyElement() throws Exception {
        final ViasSignal p = ViasSignal.presence(A, "sha-256 AB", Map.of());
        assertTrue(p.toXML().toString().endsWith("/>"));
        assertEquals(p, parse(p.toXML()));
    }

    @Test
    void escapesAttributeValues() throws Exception {
        final ViasSignal p = ViasSignal.presence(A, "x\"<&>'", Map.of("site", "a<b&c\""));
        assertEquals(p, parse(p.toXML()));
    }

    @Test
    void malformedStanzasParseToMalformedNamingTheField() throws Exception {
        final String base = "<vias xmlns='urn:vias:signal:1' kind='offer' uid='" + A + "' to='" + B
            + "' session='s1' ufrag='uf12' pwd='" + PWD + "' fingerprint='f'>";
        assertMalformed(base.replace("kind='offer'", "kind='nope'") + "</vias>", "kind");
        assertMalformed(base.replace(A, "xyz") + "</vias>", "uid");
        assertMalformed(base.replace("pwd='" + PWD + "'", "pwd='short'") + "</vias>", "pwd");
        assertMalformed(base + "<candidate foundation='1' component='1' priority='x' ip='1.2.3.4' port='1' "
            + "type='host'/></vias>", "candidate.priority");
        assertMalformed(base + "<candidate foundation='1' component='1' priority='1' ip='1.2.3.4' port='70000' "
            + "type='host'/></vias>", "candidate.port");
        assertMalformed(base + "<candidate foundation='1' component='1' priority='1' ip='1.2.3.4' port='1' "
            + "type='bogus'/></vias>", "candidate.type");
        assertMalformed(base + "<cap name='x'/></vias>", "cap");
    }

    @Test
    void unknownChildrenAreSkipped() throws Exception {
        final String xml = offer().toXML().toString().replace("<cap ", "<future a='1'><x/></future><cap ");
        assertEquals(offer(), parse(xml));
    }

    @Test
    void tooManyCandidatesIsMalformed() throws Exception {
        final StringBuilder xml = new StringBuilder("<vias xmlns='urn:vias:signal:1' kind='presence' uid='" + A
            + "' fingerprint='f'>");
        for (int i = 0; i < 100; i++) {
            xml.append("<candidate foundation='1' component='1' priority='1' ip='1.2.3.4' port='1' type='host'/>");
        }
        assertInstanceOf(ViasSignalProvider.Malformed.class, parse(xml.append("</vias>")));
    }

    @Test
    void constructorNamesBadField() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new ViasSignal(SignalKind.ANSWER, A, null, "s", "uf12", PWD, "f", List.of(), Map.of()));
        assertTrue(e.getMessage().contains("to"), e.getMessage());
    }

    @Test
    void configErrorsNameTheField() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new SignalingConfig("h", 5222, "d", "u@x", "p", "o"));
        assertTrue(e.getMessage().contains("xmpp.user"), e.getMessage());
    }

    private static void assertMalformed(String xml, String field) throws Exception {
        final ExtensionElement e = parse(xml);
        final ViasSignalProvider.Malformed m = assertInstanceOf(ViasSignalProvider.Malformed.class, e, xml);
        assertTrue(m.reason().contains(field), m.reason() + " should name " + field);
    }
}
