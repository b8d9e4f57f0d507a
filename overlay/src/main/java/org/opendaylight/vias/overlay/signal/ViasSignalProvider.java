/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.signal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.util.ParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * Parses {@code <vias xmlns="urn:vias:signal:1">}. Never throws for bad content: a stanza whose fields do not
 * validate comes back as a {@link Malformed} element carrying the reason, which the signaling client counts and
 * drops — so one bad peer cannot make Smack tear down the XMPP connection.
 */
public final class ViasSignalProvider extends ExtensionElementProvider<ExtensionElement> {

    /** What a {@code <vias>} element that failed validation parses to. */
    public record Malformed(String reason) implements ExtensionElement {
        @Override
        public String getElementName() {
            return ViasSignal.ELEMENT;
        }

        @Override
        public String getNamespace() {
            return ViasSignal.NAMESPACE;
        }

        @Override
        public CharSequence toXML(XmlEnvironment env) {
            return StandardExtensionElement.builder(ViasSignal.ELEMENT, ViasSignal.NAMESPACE).build().toXML(env);
        }
    }

    @Override
    public ExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment env)
            throws XmlPullParserException, IOException {
        final String kind = parser.getAttributeValue("", "kind");
        final String uid = parser.getAttributeValue("", "uid");
        final String to = parser.getAttributeValue("", "to");
        final String session = parser.getAttributeValue("", "session");
        final String ufrag = parser.getAttributeValue("", "ufrag");
        final String pwd = parser.getAttributeValue("", "pwd");
        final String fingerprint = parser.getAttributeValue("", "fingerprint");
        final List<IceCandidate> candidates = new ArrayList<>();
        final Map<String, String> caps = new LinkedHashMap<>();
        String error = null;
        int children = 0;
        while (true) {
            final XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.END_DOCUMENT) {
                return new Malformed("truncated element");
            }
            if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                break;
            }
            if (event != XmlPullParser.Event.START_ELEMENT) {
                continue;
            }
            if (++children > ViasSignal.MAX_CANDIDATES + ViasSignal.MAX_CAPABILITIES) {
                error = "too many child elements";
            }
            final String name = parser.getName();
            if (error == null && "candidate".equals(name)) {
                try {
                    candidates.add(candidate(parser));
                } catch (IllegalArgumentException e) {
                    error = e.getMessage();
                }
            } else if (error == null && "cap".equals(name)) {
                final String capName = parser.getAttributeValue("", "name");
                final String capValue = parser.getAttributeValue("", "value");
                if (capName == null || capValue == null) {
                    error = "invalid or missing cap.name/cap.value";
                } else {
                    caps.put(capName, capValue);
                }
            }
            // unknown children are skipped (forward compatibility)
            ParserUtils.forwardToEndTagOfDepth(parser, parser.getDepth());
        }
        if (error != null) {
            return new Malformed(error);
        }
        try {
            return new ViasSignal(kind == null ? null : SignalKind.fromWire(kind), uid, to, session, ufrag, pwd,
                fingerprint, candidates, caps);
        } catch (IllegalArgumentException e) {
            return new Malformed(e.getMessage());
        }
    }

    private static IceCandidate candidate(XmlPullParser parser) {
        final String relAddr = parser.getAttributeValue("", "rel-addr");
        return new IceCandidate(parser.getAttributeValue("", "foundation"),
            integer(parser, "component"), longValue(parser, "priority"), parser.getAttributeValue("", "ip"),
            integer(parser, "port"), parser.getAttributeValue("", "type"), relAddr,
            relAddr == null ? 0 : integer(parser, "rel-port"));
    }

    private static int integer(XmlPullParser parser, String attr) {
        final long v = longValue(parser, attr);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("invalid candidate." + attr);
        }
        return (int) v;
    }

    private static long longValue(XmlPullParser parser, String attr) {
        final String text = parser.getAttributeValue("", attr);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid or missing candidate." + attr);
        }
    }
}
