/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import java.net.InetSocketAddress;

/**
 * ICE servers: STUN for server-reflexive candidates, TURN (long-term credentials) for relayed ones. Either may be
 * null; host candidates are always gathered.
 */
public record IceConfig(InetSocketAddress stun, InetSocketAddress turn, String turnUser, String turnPassword) {

    public IceConfig {
        if (turn != null && (turnUser == null || turnUser.isEmpty() || turnPassword == null)) {
            throw new IllegalArgumentException("invalid or missing ice.turn.user / ice.turn.password");
        }
    }

    /** Parses "host:port" (port defaults to 3478); null or blank gives null. The field name goes in errors. */
    public static InetSocketAddress server(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        final String t = text.trim();
        final int colon = t.lastIndexOf(':');
        try {
            final String host = colon < 0 ? t : t.substring(0, colon);
            final int port = colon < 0 ? 3478 : Integer.parseInt(t.substring(colon + 1));
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("invalid " + field + ": " + text);
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + field + " port: " + text, e);
        }
    }
}
