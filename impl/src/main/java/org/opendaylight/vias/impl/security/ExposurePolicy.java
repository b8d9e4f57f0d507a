/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.security;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which of the controller's logged-in listeners may listen beyond loopback: none while its shipped login is in force.
 * The Karaf console (SSH) is judged by the console's login (Karaf's {@code etc/users.properties}), the web server
 * (RESTCONF, the view, the metrics) by RESTCONF's (AAA's user store); see {@link DefaultLogins}. OpenFlow has no login
 * of its own and is not judged here (it listens on loopback unless the operator sets an address: docs/security.md).
 */
public final class ExposurePolicy {
    /** What every listener is put back to. */
    public static final String LOOPBACK = "127.0.0.1";

    /**
     * A listener and where its address is configured: the ConfigurationAdmin PID and key its server reads, the file
     * Karaf keeps that PID in, and the server's own default when the key is not set anywhere.
     */
    public enum Listener {
        CONSOLE("Karaf SSH console", "org.apache.karaf.shell", "sshHost", "etc/org.apache.karaf.shell.cfg",
            "0.0.0.0", "Karaf console login"),
        WEB("web server (RESTCONF, the view and metrics)", "org.ops4j.pax.web",
            "org.ops4j.pax.web.listening.addresses", "etc/org.ops4j.pax.web.cfg", "0.0.0.0", "RESTCONF login");

        private final String description;
        private final String pid;
        private final String key;
        private final String file;
        private final String serverDefault;
        private final String loginPrefix;

        Listener(final String description, final String pid, final String key, final String file,
                final String serverDefault, final String loginPrefix) {
            this.description = description;
            this.pid = pid;
            this.key = key;
            this.file = file;
            this.serverDefault = serverDefault;
            this.loginPrefix = loginPrefix;
        }

        public String description() {
            return description;
        }

        public String pid() {
            return pid;
        }

        public String key() {
            return key;
        }

        public String file() {
            return file;
        }

        /** What the server listens on when the key is set nowhere (both Karaf and pax-web: every address). */
        public String serverDefault() {
            return serverDefault;
        }

        /** The default logins of {@code inForce} ({@link DefaultLogins}' lines) that guard this listener. */
        public List<String> guardingLogins(final List<String> inForce) {
            return inForce.stream().filter(login -> login.startsWith(loginPrefix)).toList();
        }
    }

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private ExposurePolicy() {
    }

    /**
     * Whether a listening address setting (comma-separated, as both servers read it) names loopback only. Anything
     * else counts as exposed: {@code 0.0.0.0}, {@code ::}, another address, a host name other than
     * {@code localhost} (no DNS is asked), an empty setting (both servers then listen everywhere).
     */
    public static boolean loopbackOnly(final String addresses) {
        if (addresses == null || addresses.isBlank()) {
            return false;
        }
        for (String raw : addresses.split(",")) {
            final String address = raw.trim().toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
            if (!address.equals("localhost") && !address.equals("::1") && !address.equals("0:0:0:0:0:0:0:1")
                    && !IPV4_LOOPBACK.matcher(address).matches()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why {@code listener}, configured to listen on {@code addresses}, must be put back on loopback, or empty when
     * it may stay as it is: loopback only, or no default login of its kind in force.
     *
     * @param inForce the default logins in force ({@link DefaultLogins}' lines)
     */
    public static Optional<String> refusal(final Listener listener, final String addresses,
            final List<String> inForce) {
        final List<String> guarding = listener.guardingLogins(inForce);
        if (loopbackOnly(addresses) || guarding.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the " + listener.description() + " was set to listen on " + addresses + " while the "
            + String.join(" and the ", guarding) + " is in force; it listens on " + LOOPBACK + " now ("
            + listener.key() + " in " + listener.file() + "). Change that login, then set " + listener.key()
            + " again (docs/security.md)");
    }
}
