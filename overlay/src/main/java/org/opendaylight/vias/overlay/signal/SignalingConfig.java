/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.signal;

import java.nio.file.Path;

/**
 * Where and as whom a node signals. The overlay's peers meet in one MUC room, {@code overlay@mucDomain}: MUC
 * presence announces each node (uid, DTLS fingerprint, capabilities), and ICE offers/answers are group-chat messages
 * in that room addressed by overlay UID. A room per overlay needs no roster set-up on the server: any account of the
 * XMPP domain that knows the overlay name can join it.
 *
 * <p>The connection is always TLS (STARTTLS, required): the server's certificate must chain to {@code tlsCa} (or,
 * when that is null, to the JVM's system trust store) and name {@code domain}. A server that offers no TLS is
 * refused; there is no cleartext mode.
 *
 * @param host XMPP server address (IP or name), no DNS SRV lookup is done
 * @param reconnectMaxMillis cap of the exponential reconnect backoff (starts at 500 ms)
 * @param tlsCa PEM file of the CA certificate(s) that signed the XMPP server's certificate, or null for the system
 *              trust store
 */
public record SignalingConfig(String host, int port, String domain, String user, String password, String overlay,
        String mucDomain, int connectTimeoutMillis, long reconnectMaxMillis, Path tlsCa) {

    public SignalingConfig {
        require(host != null && !host.isBlank(), "xmpp.host");
        require(port > 0 && port < 65536, "xmpp.port");
        require(domain != null && !domain.isBlank(), "xmpp.domain");
        require(user != null && !user.isBlank() && !user.contains("@"), "xmpp.user");
        require(password != null, "xmpp.password");
        require(overlay != null && overlay.matches("[a-z0-9._-]{1,64}"), "overlay.name");
        if (mucDomain == null || mucDomain.isBlank()) {
            mucDomain = "conference." + domain;
        }
        require(connectTimeoutMillis > 0, "xmpp.connect-timeout-ms");
        require(reconnectMaxMillis >= 500, "xmpp.reconnect-max-ms");
    }

    public SignalingConfig(String host, int port, String domain, String user, String password, String overlay) {
        this(host, port, domain, user, password, overlay, null, 5000, 5000, null);
    }

    public String roomJid() {
        return overlay + "@" + mucDomain;
    }

    private static void require(boolean ok, String field) {
        if (!ok) {
            throw new IllegalArgumentException("invalid or missing " + field);
        }
    }
}
