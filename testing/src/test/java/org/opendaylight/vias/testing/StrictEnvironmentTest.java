/*
 * Copyright (c) 2026 VIAS authors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs small test classes through the real JUnit engine, with the extension found the way scripts/test finds it
 * (auto-detection from META-INF/services), and checks what an unmet precondition becomes.
 */
class StrictEnvironmentTest {
    static class AssumesInBeforeAll {
        @BeforeAll
        static void needsATool() {
            assumeTrue(false, "missing tool nft");
        }

        @Test
        void works() {
            // never reached
        }
    }

    static class AssumesInTest {
        @Test
        void needsRoot() {
            assumeTrue(false, "needs root");
        }

        @Test
        void passes() {
            // the other test of the class is not disturbed
        }
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(StrictEnvironment.PROPERTY);
    }

    private static EngineExecutionResults run(final Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
            .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
            .selectors(selectClass(testClass))
            .execute();
    }

    @Test
    void aBeforeAllAssumptionFailsTheClassInStrictMode() {
        System.setProperty(StrictEnvironment.PROPERTY, "true");
        final Events containers = run(AssumesInBeforeAll.class).containerEvents();
        assertEquals(1, containers.failed().count(), "the class container fails");
        assertEquals(0, containers.aborted().count());
        final Throwable cause = containers.failed().stream().findFirst().orElseThrow()
            .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
            .getThrowable().orElseThrow();
        assertTrue(cause.getMessage().contains("missing tool nft"), cause.getMessage());
    }

    @Test
    void aTestAssumptionFailsThatTestInStrictMode() {
        System.setProperty(StrictEnvironment.PROPERTY, "true");
        final Events tests = run(AssumesInTest.class).testEvents();
        assertEquals(1, tests.failed().count());
        assertEquals(1, tests.succeeded().count());
        assertEquals(0, tests.aborted().count());
    }

    @Test
    void withoutStrictModeAssumptionsStillSkip() {
        final EngineExecutionResults results = run(AssumesInTest.class);
        assertEquals(1, results.testEvents().aborted().count());
        assertEquals(0, results.testEvents().failed().count());
        assertEquals(1, run(AssumesInBeforeAll.class).containerEvents().aborted().count());
    }
}
