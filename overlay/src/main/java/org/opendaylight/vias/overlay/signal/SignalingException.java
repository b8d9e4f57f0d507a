/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.signal;

/** Signaling could not be set up; the message says why in terms of the configuration (field names). */
public final class SignalingException extends Exception {
    private static final long serialVersionUID = 1L;

    public SignalingException(String message, Throwable cause) {
        super(message, cause);
    }
}
