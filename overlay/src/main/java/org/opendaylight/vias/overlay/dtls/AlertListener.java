/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.dtls;

/** Told about alerts the peer sent, so a closed or failed session is torn down at once rather than timing out. */
@FunctionalInterface
interface AlertListener {
    void alertReceived(short level, short description);
}
