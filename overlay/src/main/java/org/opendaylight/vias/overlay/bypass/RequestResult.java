/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

/** Result of {@link BypassNegotiator#requestBypass}: the id is that of the new or existing bypass, else 0. */
public record RequestResult(RequestOutcome outcome, long id) {
}
