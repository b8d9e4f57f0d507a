/*
 * Copyright (c) 2026 VIAS authors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Turns an unmet precondition into a failure in a run that promises a complete environment.
 *
 * <p>Tests that need root, Open vSwitch, Prosody, a built distribution or a free port state it with JUnit
 * assumptions, so a developer running one module by hand on a laptop gets skips, not noise. {@code scripts/test}
 * installs everything first ({@code scripts/setup-host}), so there an assumption that does not hold means the
 * machine or the build is broken, and a skip would hide it: an earlier end-to-end test ran 0 tests on every fresh
 * machine for exactly that reason while the build stayed green. With the system property
 * {@value #PROPERTY}{@code =true} (set by scripts/test, together with JUnit's extension auto-detection that loads
 * this class from {@code META-INF/services}) every aborted test or lifecycle method fails, naming the precondition.
 */
public final class StrictEnvironment implements TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {
    /** The system property that makes this extension turn aborts into failures. */
    public static final String PROPERTY = "vias.strictEnvironment";

    static boolean strict() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** Rethrows an abort as a failure when the environment must be complete; anything else unchanged. */
    static Throwable judge(final Throwable thrown) {
        if (strict() && thrown instanceof TestAbortedException) {
            return new AssertionFailedError("precondition not met in a run that requires a complete environment ("
                + PROPERTY + "=true, scripts/test): " + thrown.getMessage(), thrown);
        }
        return thrown;
    }

    @Override
    public void handleTestExecutionException(final ExtensionContext context, final Throwable thrown)
            throws Throwable {
        throw judge(thrown);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(final ExtensionContext context, final Throwable thrown)
            throws Throwable {
        throw judge(thrown);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(final ExtensionContext context, final Throwable thrown)
            throws Throwable {
        throw judge(thrown);
    }

    @Override
    public void handleAfterEachMethodExecutionException(final ExtensionContext context, final Throwable thrown)
            throws Throwable {
        throw judge(thrown);
    }

    @Override
    public void handleAfterAllMethodExecutionException(final ExtensionContext context, final Throwable thrown)
            throws Throwable {
        throw judge(thrown);
    }
}
