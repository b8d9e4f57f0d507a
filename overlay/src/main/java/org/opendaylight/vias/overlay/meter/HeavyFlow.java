/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.meter;

/**
 * A flow that passed the threshold, or its share of a busy overlay; reported once per flow for as long as the meter
 * remembers it.
 *
 * @param flow           oriented as the first frame the meter saw of it (for TCP normally the SYN: client to server)
 * @param windowBytes    bytes counted in the sliding window at detection
 * @param spanNanos      time those bytes were counted over
 * @param ageNanos       time since the first frame of the flow
 * @param detectedAtNanos clock value at detection
 * @param criterion      which criterion found it
 */
public record HeavyFlow(FlowKey flow, long windowBytes, long spanNanos, long ageNanos, long detectedAtNanos,
        Criterion criterion) {

    /** Why a flow is heavy. */
    public enum Criterion {
        /** Its own byte or frame rate reached the threshold. */
        RATE,
        /** The overlay as a whole carried a heavy flow's worth and this flow had at least half its fair share. */
        BUSY_LINK
    }

    public double bytesPerSecond() {
        return windowBytes * 1e9 / spanNanos;
    }
}
