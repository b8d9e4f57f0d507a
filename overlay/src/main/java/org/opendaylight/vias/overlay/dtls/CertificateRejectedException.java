/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.dtls;

import org.opendaylight.vias.overlay.counters.CertificateRejection;

/** A peer's certificate refused by a {@link PeerAuthenticator}, with the reason that is counted. */
public final class CertificateRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final CertificateRejection reason;

    public CertificateRejectedException(CertificateRejection reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public CertificateRejection reason() {
        return reason;
    }
}
