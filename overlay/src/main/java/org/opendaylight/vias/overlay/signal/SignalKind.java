/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.signal;

/** What a {@link ViasSignal} stanza is for. */
public enum SignalKind {
    /** In MUC presence: who I am (uid, DTLS fingerprint, capabilities). */
    PRESENCE,
    /** From the ICE-controlling peer: its ICE credentials and candidates for a new session. */
    OFFER,
    /** The controlled peer's reply to an offer, same session id. */
    ANSWER,
    /** From the ICE-controlled peer: please offer me a link (it wants one: nearest peer or traffic). */
    REQUEST,
    /** Either side: drop the session (e.g. idle on-demand link), no reply expected. */
    BYE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static SignalKind fromWire(String text) {
        for (SignalKind k : values()) {
            if (k.wireName().equals(text)) {
                return k;
            }
        }
        throw new IllegalArgumentException("invalid kind: " + text);
    }
}
