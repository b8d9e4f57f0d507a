/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

/** Told of every {@link BypassEvent}; called under the negotiator's lock, so it must be quick and not call back. */
@FunctionalInterface
public interface BypassListener {
    BypassListener NONE = event -> { };

    void onEvent(BypassEvent event);
}
