/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.opendaylight.aaa.api.model.User;
import org.opendaylight.aaa.api.password.service.PasswordHash;
import org.opendaylight.aaa.api.password.service.PasswordHashService;
import org.opendaylight.aaa.impl.password.service.DefaultPasswordHashService;
import org.opendaylight.vias.impl.security.ExposurePolicy.Listener;

/** Which listener settings count as exposed, and which default login keeps which listener on loopback. */
class ExposurePolicyTest {
    private static final PasswordHashService HASHES = new DefaultPasswordHashService();

    /** The lines {@link DefaultLogins} reports for a shipped Karaf users file and AAA's shipped admin. */
    private static List<String> shippedLogins(final boolean karaf, final boolean admin) throws IOException {
        final Properties users = new Properties();
        users.load(new StringReader(karaf ? "karaf = karaf,_g_:admingroup\n" : "karaf = Changed-1,_g_:admingroup\n"));
        final PasswordHash hash = HASHES.getPasswordHash(admin ? "admin" : "Changed-2");
        final User user = new User();
        user.setName("admin");
        user.setUserid("admin@sdn");
        user.setPassword(hash.getHashedPassword());
        user.setSalt(hash.getSalt());
        final List<String> all = new ArrayList<>(DefaultLogins.inKarafUsers(users));
        all.addAll(DefaultLogins.inAaaUsers(List.of(user), HASHES::passwordsMatch));
        return all;
    }

    @Test
    void onlyLoopbackAddressesAreLoopback() {
        for (String loopback : List.of("127.0.0.1", "127.0.1.1", "localhost", "::1", "[::1]", "127.0.0.1, ::1")) {
            assertTrue(ExposurePolicy.loopbackOnly(loopback), loopback);
        }
        for (String exposed : List.of("0.0.0.0", "::", "10.0.0.1", "127.0.0.1,0.0.0.0", "controller.example",
                "", " ", "127.0.0.1.example")) {
            assertFalse(ExposurePolicy.loopbackOnly(exposed), exposed);
        }
        assertFalse(ExposurePolicy.loopbackOnly(null), "not set: both servers listen on every address");
    }

    @Test
    void eachListenerIsKeptOnLoopbackByItsOwnDefaultLogin() throws IOException {
        final List<String> both = shippedLogins(true, true);
        final Optional<String> console = ExposurePolicy.refusal(Listener.CONSOLE, "0.0.0.0", both);
        assertTrue(console.orElseThrow().contains("karaf/karaf") && !console.orElseThrow().contains("admin/admin")
            && console.orElseThrow().contains("sshHost in etc/org.apache.karaf.shell.cfg"), console.orElseThrow());
        final Optional<String> web = ExposurePolicy.refusal(Listener.WEB, "10.0.0.1", both);
        assertTrue(web.orElseThrow().contains("admin/admin") && web.orElseThrow().contains("10.0.0.1")
            && web.orElseThrow().contains("org.ops4j.pax.web.listening.addresses"), web.orElseThrow());

        // the console's login changed: the console may listen anywhere, the web server still not
        final List<String> adminOnly = shippedLogins(false, true);
        assertEquals(Optional.empty(), ExposurePolicy.refusal(Listener.CONSOLE, "0.0.0.0", adminOnly));
        assertTrue(ExposurePolicy.refusal(Listener.WEB, "0.0.0.0", adminOnly).isPresent());
        final List<String> none = shippedLogins(false, false);
        assertEquals(List.of(), none);
        assertEquals(Optional.empty(), ExposurePolicy.refusal(Listener.WEB, "0.0.0.0", none));
    }

    @Test
    void loopbackIsNeverRefused() throws IOException {
        final List<String> both = shippedLogins(true, true);
        for (Listener listener : Listener.values()) {
            assertEquals(Optional.empty(), ExposurePolicy.refusal(listener, ExposurePolicy.LOOPBACK, both));
            assertTrue(ExposurePolicy.refusal(listener, listener.serverDefault(), both).isPresent(),
                "the server's own default (key set nowhere) is every address");
        }
    }
}
