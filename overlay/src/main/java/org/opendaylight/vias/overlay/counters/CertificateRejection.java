/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.counters;

/**
 * Why a peer's certificate was refused, in the handshake or when an established session is re-checked (revocation
 * list changed, certificate expired). Every refusal is counted under exactly one reason.
 */
public enum CertificateRejection {
    /** The peer sent no certificate. */
    NO_CERTIFICATE,
    /** The leaf is not a parseable X.509 certificate. */
    MALFORMED,
    /** Pinned mode: the leaf does not hash to the configured/announced fingerprint. */
    FINGERPRINT_MISMATCH,
    /** CA mode: the leaf is not issued by the overlay CA (other issuer, self-signed, bad signature). */
    NOT_SIGNED_BY_CA,
    /** CA mode: the leaf's notAfter (or the CA's) is in the past. */
    EXPIRED,
    /** CA mode: the leaf's notBefore is in the future. */
    NOT_YET_VALID,
    /** CA mode: the leaf's serial or fingerprint is on the overlay's revocation list. */
    REVOKED,
    /** CA mode: the leaf binds no UID, or another UID than the peer this link is for. */
    UID_MISMATCH
}
