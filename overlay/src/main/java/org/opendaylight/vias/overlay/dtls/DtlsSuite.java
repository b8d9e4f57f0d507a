/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.dtls;

import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;

/**
 * The one protocol version and cipher suite both ends of a link offer. Kept in one place because a client and a
 * server that disagree here fail every handshake.
 */
final class DtlsSuite {
    private DtlsSuite() {
    }

    /** A fresh array each call: bctls receives it as a mutable array. */
    static ProtocolVersion[] versions() {
        return ProtocolVersion.DTLSv12.only();
    }

    static int[] cipherSuites() {
        return new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    }
}
