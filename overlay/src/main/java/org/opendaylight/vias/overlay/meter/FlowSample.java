/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.meter;

/**
 * One flow as the meter sees it at the moment of {@link FlowMeter#samples()}.
 *
 * @param flow           oriented as the first frame the meter saw of it
 * @param frames         frames counted since the flow was first seen (both directions)
 * @param bytes          Ethernet bytes counted since then
 * @param bytesPerSecond rate over the sliding window ending now
 * @param ageNanos       time since the first frame
 * @param idleNanos      time since the last frame
 * @param heavy          whether it was reported heavy
 */
public record FlowSample(FlowKey flow, long frames, long bytes, long bytesPerSecond, long ageNanos, long idleNanos,
        boolean heavy) {
}
