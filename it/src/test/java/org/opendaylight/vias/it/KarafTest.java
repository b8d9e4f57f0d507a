/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.it;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The known boot stalls are told from a healthy boot by Karaf's log alone (lines as the ODL container writes them). */
class KarafTest {
    private static final String LISTENING = "2026-11-25T17:27:37,468 | INFO  | opendaylight-cluster-data-akka.actor."
        + "default-dispatcher-4 | OSGiPasswordServiceConfigBootstrap | 177 - org.opendaylight.aaa.password-service-impl"
        + " - 0.18.6 | Listening for password service configuration";
    private static final String CONFIGURED = "2026-11-25T17:27:37,516 | INFO  | opendaylight-cluster-data-notification"
        + "-dispatcher-33 | DefaultPasswordHashService | 177 - org.opendaylight.aaa.password-service-impl - 0.18.6 | "
        + "DefaultPasswordHashService will utilize default iteration count=20000";
    private static final String READY_FAILED = "2026-11-25T17:32:34,247 | ERROR | SystemReadyService-0 | "
        + "KarafSystemReady | 212 - org.opendaylight.infrautils.ready-impl - 6.0.9 | Failed, some bundles did not "
        + "start (SystemReadyListeners are not called)";
    private static final LocalDateTime LISTENED_AT = LocalDateTime.parse("2026-11-25T17:27:37.468");

    @Test
    void aaaConfigThatNeverComesIsAStallOnceTheWaitIsOver() {
        assertEquals(Optional.empty(), Karaf.knownStall(List.of("boot", LISTENING), LISTENED_AT.plusSeconds(119)));
        final Optional<String> stall = Karaf.knownStall(List.of("boot", LISTENING), LISTENED_AT.plusSeconds(121));
        assertTrue(stall.orElseThrow().contains("password-service config never came"), stall.orElseThrow());
    }

    @Test
    void aaaConfigThatCameIsAHealthyBoot() {
        assertEquals(Optional.empty(), Karaf.knownStall(List.of(LISTENING, "x", CONFIGURED),
            LISTENED_AT.plusMinutes(10)));
    }

    @Test
    void systemReadyFailureIsAStall() {
        assertTrue(Karaf.knownStall(List.of(LISTENING, READY_FAILED), LISTENED_AT.plusSeconds(1)).isPresent());
    }

    @Test
    void aBootThatHasNotReachedAaaYetIsNotAStall() {
        assertEquals(Optional.empty(), Karaf.knownStall(List.of("a", "b"), LISTENED_AT.plusHours(1)));
    }
}
