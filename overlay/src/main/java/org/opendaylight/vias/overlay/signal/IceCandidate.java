/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.signal;

import java.util.Locale;

/**
 * One ICE candidate as carried in a signaling stanza (RFC 8445 terms). Transport is always UDP.
 *
 * @param type {@code host}, {@code srflx}, {@code prflx} or {@code relay}
 * @param relatedAddress base/mapped address of srflx/relay candidates, or null
 */
public record IceCandidate(String foundation, int component, long priority, String address, int port, String type,
        String relatedAddress, int relatedPort) {

    public IceCandidate {
        require(foundation != null && !foundation.isEmpty() && foundation.length() <= 64, "candidate.foundation");
        require(component >= 1 && component <= 256, "candidate.component");
        require(priority >= 0 && priority <= 0xFFFFFFFFL, "candidate.priority");
        require(address != null && !address.isEmpty() && address.length() <= 64, "candidate.ip");
        require(port >= 1 && port <= 65535, "candidate.port");
        require(type != null, "candidate.type");
        type = type.toLowerCase(Locale.ROOT);
        require(type.equals("host") || type.equals("srflx") || type.equals("prflx") || type.equals("relay"),
            "candidate.type");
        require(relatedPort >= 0 && relatedPort <= 65535, "candidate.rel-port");
    }

    private static void require(boolean ok, String field) {
        if (!ok) {
            throw new IllegalArgumentException("invalid " + field);
        }
    }
}
