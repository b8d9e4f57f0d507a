/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.boot;

import java.time.Duration;

/**
 * Decides, from what the OSGi framework shows, whether ODL's AAA password service is stuck at boot and its bundle
 * must be restarted. Pure: the caller feeds it the time and two facts at each look.
 *
 * <p>The stall (docs/known-issues.md): AAA's {@code OSGiPasswordServiceConfigBootstrap} registers a datastore
 * listener for its configuration and publishes the {@code PasswordHashService} only from that listener's first
 * notification; now and then, under load, that notification never comes, nothing in AAA is retried, and RESTCONF
 * answers 401 for ever. Restarting the bundle registers the listener again, which is answered at once. So: once the
 * bundle is active, allow {@code grace} for the service to appear; if it has not, restart the bundle, and again
 * after another {@code grace}, at most {@code maxRepairs} times. A healthy boot publishes the service within
 * milliseconds of the bundle starting, so a false alarm needs a boot {@code grace} slower than that, and costs one
 * bundle restart that a healthy AAA survives.
 */
public final class PasswordServiceStallJudge {
    /** What the watchdog should do after a look. */
    public enum Verdict {
        /** Keep looking. */
        WAIT,
        /** The service is there: stop watching. */
        HEALTHY,
        /** Restart the password-service bundle now. */
        REPAIR,
        /** Repaired {@code maxRepairs} times without effect: stop, and say so. */
        GIVE_UP
    }

    private final long graceNanos;
    private final int maxRepairs;
    private long waitingSince = -1;
    private int repairs;

    public PasswordServiceStallJudge(final Duration grace, final int maxRepairs) {
        if (grace.isNegative() || grace.isZero() || maxRepairs < 1) {
            throw new IllegalArgumentException("grace must be positive and maxRepairs at least 1");
        }
        this.graceNanos = grace.toNanos();
        this.maxRepairs = maxRepairs;
    }

    /**
     * One look.
     *
     * @param nowNanos      a monotonic clock reading
     * @param bundleActive  the password-service bundle is ACTIVE (before that, nothing is late yet)
     * @param serviceThere  a {@code PasswordHashService} is registered
     */
    public Verdict look(final long nowNanos, final boolean bundleActive, final boolean serviceThere) {
        if (serviceThere) {
            return Verdict.HEALTHY;
        }
        if (!bundleActive) {
            waitingSince = -1;
            return Verdict.WAIT;
        }
        if (waitingSince < 0) {
            waitingSince = nowNanos;
            return Verdict.WAIT;
        }
        if (nowNanos - waitingSince < graceNanos) {
            return Verdict.WAIT;
        }
        if (repairs >= maxRepairs) {
            return Verdict.GIVE_UP;
        }
        repairs++;
        waitingSince = nowNanos;
        return Verdict.REPAIR;
    }

    /** How many repairs were ordered so far. */
    public int repairs() {
        return repairs;
    }
}
