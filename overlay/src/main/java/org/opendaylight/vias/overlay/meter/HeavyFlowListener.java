/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.meter;

/**
 * Told of each heavy flow once. Called on the data-path thread that metered the frame, outside the meter's locks:
 * hand the event off (e.g. to the bypass negotiator, which only queues a message) rather than block.
 */
@FunctionalInterface
public interface HeavyFlowListener {
    void onHeavyFlow(HeavyFlow heavyFlow);
}
