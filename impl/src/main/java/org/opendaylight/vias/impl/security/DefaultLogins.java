/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.opendaylight.aaa.api.model.User;

/**
 * Which shipped default logins a controller still has: the console's, judged from Karaf's
 * {@code etc/users.properties} ({@code user = password,role,...}; Karaf stores it in plain text unless JAAS
 * encryption is switched on, and then a password is {@code {CRYPT}...{CRYPT}} and cannot be the default any more),
 * and RESTCONF's, judged from AAA's user store (salted hashes: the default password is hashed with the user's salt
 * by AAA's own password service and compared).
 */
public final class DefaultLogins {
    /** Karaf's shipped console logins: user to password. */
    static final Map<String, String> KARAF_DEFAULTS = Map.of("karaf", "karaf");
    /** AAA's shipped RESTCONF logins (user name in the sdn domain): user to password. */
    static final Map<String, String> AAA_DEFAULTS = Map.of("admin", "admin");

    private DefaultLogins() {
    }

    /** {@link #inKarafUsers} of Karaf's users file as it is now. */
    public static List<String> inKarafUsersFile(final Path usersFile) throws IOException {
        final Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(usersFile, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        return inKarafUsers(props);
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

    /**
     * One line per AAA user that still has its shipped password; empty when there is none.
     *
     * @param passwordsMatch AAA's check of a plain password against a stored hash and salt
     */
    public static List<String> inAaaUsers(final List<User> users, final PasswordCheck passwordsMatch) {
        final List<String> out = new ArrayList<>();
        for (User user : users) {
            final String password = AAA_DEFAULTS.get(user.getName());
            if (password != null && user.getPassword() != null
                    && passwordsMatch.matches(password, user.getPassword(), user.getSalt())) {
                out.add("RESTCONF login " + user.getName() + "/" + password + " (change it: PUT /auth/v1/users/"
                    + user.getUserid() + ", see docs/security.md)");
            }
        }
        return out;
    }

    /** AAA's {@code PasswordHashService.passwordsMatch}. */
    @FunctionalInterface
    public interface PasswordCheck {
        boolean matches(String plain, String storedHash, String salt);
    }
}
