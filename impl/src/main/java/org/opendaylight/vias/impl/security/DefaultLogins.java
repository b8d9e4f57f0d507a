/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Which shipped default logins a controller still has, judged from Karaf's {@code etc/users.properties}
 * ({@code user = password,role,...}; Karaf stores it in plain text unless JAAS encryption is switched on, and then
 * a password is {@code {CRYPT}...{CRYPT}} and cannot be the default any more).
 */
public final class DefaultLogins {
    /** Karaf's shipped console logins: user to password. */
    static final Map<String, String> KARAF_DEFAULTS = Map.of("karaf", "karaf");

    private DefaultLogins() {
    }

    /** One line per default login in force, naming where to change it; empty when there is none. */
    public static List<String> inKarafUsers(final Properties users) {
        final List<String> out = new ArrayList<>();
        KARAF_DEFAULTS.forEach((user, password) -> {
            final String entry = users.getProperty(user);
            if (entry != null && password.equals(entry.split(",", 2)[0].trim())) {
                out.add("Karaf console login " + user + "/" + password + " (change it in etc/users.properties)");
            }
        });
        return out;
    }
}
