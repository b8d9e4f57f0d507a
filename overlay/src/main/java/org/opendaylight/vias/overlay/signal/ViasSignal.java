/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.signal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * The VIAS signaling payload, a custom XMPP extension element in namespace {@value #NAMESPACE}:
 *
 * <pre>
 * &lt;vias xmlns="urn:vias:signal:1" kind="offer" uid="HEX40" to="HEX40" session="ID"
 *       ufrag="..." pwd="..." fingerprint="sha-256 AB:CD:..."&gt;
 *   &lt;candidate foundation="1" component="1" priority="2130706431" ip="10.201.0.2" port="50000" type="host"/&gt;
 *   &lt;candidate ... type="srflx" rel-addr="10.201.0.2" rel-port="50000"/&gt;
 *   &lt;cap name="bypass" value="true"/&gt;
 * &lt;/vias&gt;
 * </pre>
 *
 * <p>{@code kind=presence} rides on the MUC presence of each node (uid, fingerprint, capabilities); offers, answers
 * and byes are group-chat messages in the overlay's room addressed by {@code to} (every occupant sees them and all but
 * the addressee ignore them). The compact constructor validates every field and names the one that is wrong.
 */
public record ViasSignal(SignalKind kind, String uid, String to, String session, String ufrag, String pwd,
        String fingerprint, List<IceCandidate> candidates, Map<String, String> capabilities)
        implements ExtensionElement {

    public static final String ELEMENT = "vias";
    public static final String NAMESPACE = "urn:vias:signal:1";
    public static final int MAX_CANDIDATES = 32;
    public static final int MAX_CAPABILITIES = 32;
    private static final Pattern UID = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern ICE_CHARS = Pattern.compile("[A-Za-z0-9+/]{4,256}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public ViasSignal {
        require(kind != null, "kind");
        require(uid != null && UID.matcher(uid).matches(), "uid");
        require(to == null || UID.matcher(to).matches(), "to");
        if (kind != SignalKind.PRESENCE) {
            require(to != null, "to");
            require(session != null && TOKEN.matcher(session).matches(), "session");
        }
        if (kind == SignalKind.OFFER || kind == SignalKind.ANSWER) {
            require(ufrag != null && ICE_CHARS.matcher(ufrag).matches(), "ufrag");
            require(pwd != null && pwd.length() >= 22 && ICE_CHARS.matcher(pwd).matches(), "pwd");
        }
        if (kind == SignalKind.PRESENCE || kind == SignalKind.OFFER || kind == SignalKind.ANSWER) {
            require(fingerprint != null && fingerprint.length() <= 200 && !fingerprint.isBlank(), "fingerprint");
        }
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        require(candidates.size() <= MAX_CANDIDATES, "candidates (more than " + MAX_CANDIDATES + ")");
        capabilities = capabilities == null ? Map.of() : java.util.Collections.unmodifiableMap(
            new LinkedHashMap<>(capabilities));
        require(capabilities.size() <= MAX_CAPABILITIES, "cap (more than " + MAX_CAPABILITIES + ")");
        for (Map.Entry<String, String> e : capabilities.entrySet()) {
            require(TOKEN.matcher(e.getKey()).matches(), "cap.name");
            require(e.getValue() != null && e.getValue().length() <= 256, "cap.value");
        }
    }

    public static ViasSignal presence(String uid, String fingerprint, Map<String, String> capabilities) {
        return new ViasSignal(SignalKind.PRESENCE, uid, null, null, null, null, fingerprint, List.of(), capabilities);
    }

    private static void require(boolean ok, String field) {
        if (!ok) {
            throw new IllegalArgumentException("invalid or missing " + field);
        }
    }

    @Override
    public String getElementName() {
        return ELEMENT;
    }

    @Override
    public String getNamespace() {
        return NAMESPACE;
    }

    @Override
    public XmlStringBuilder toXML(XmlEnvironment enclosingNamespace) {
        final XmlStringBuilder xml = new XmlStringBuilder(this, enclosingNamespace);
        xml.attribute("kind", kind.wireName());
        xml.attribute("uid", uid);
        xml.optAttribute("to", to);
        xml.optAttribute("session", session);
        xml.optAttribute("ufrag", ufrag);
        xml.optAttribute("pwd", pwd);
        xml.optAttribute("fingerprint", fingerprint);
        if (candidates.isEmpty() && capabilities.isEmpty()) {
            return xml.closeEmptyElement();
        }
        xml.rightAngleBracket();
        for (IceCandidate c : candidates) {
            xml.halfOpenElement("candidate")
                .attribute("foundation", c.foundation())
                .attribute("component", c.component())
                .attribute("priority", Long.toString(c.priority()))
                .attribute("ip", c.address())
                .attribute("port", c.port())
                .attribute("type", c.type());
            if (c.relatedAddress() != null) {
                xml.attribute("rel-addr", c.relatedAddress()).attribute("rel-port", c.relatedPort());
            }
            xml.closeEmptyElement();
        }
        for (Map.Entry<String, String> e : capabilities.entrySet()) {
            xml.halfOpenElement("cap").attribute("name", e.getKey()).attribute("value", e.getValue())
                .closeEmptyElement();
        }
        return xml.closeElement(this);
    }
}
