/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * AAA's password check with its verdicts remembered per (plain password, stored hash, salt). The default-login
 * checks run every 30 s and compare the shipped password with the stored one through AAA's PBKDF2, which is made
 * to be slow: that alone was 0.15 % of a core on an idle controller ({@code docs/scale.md}). The verdict for the
 * same three strings never changes, and a changed password is a new stored hash with a new salt, so it is checked
 * afresh the first time it is seen. (A change of AAA's own hashing settings gives a new password service, hence a
 * new {@link DefaultLoginWarning} with nothing remembered.)
 *
 * <p>At most {@value #CAPACITY} verdicts, least recently used first out: only users with a shipped login are
 * checked, so a handful of entries is all a controller ever needs; the bound keeps a store with many password
 * changes from growing it. Thread-safe (the warning's and the exposure guard's checks share it).
 */
final class RememberedPasswordCheck implements DefaultLogins.PasswordCheck {
    static final int CAPACITY = 32;

    private record Key(String plain, String storedHash, String salt) {
    }

    private final DefaultLogins.PasswordCheck check;
    private final Map<Key, Boolean> verdicts = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(final Map.Entry<Key, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    RememberedPasswordCheck(final DefaultLogins.PasswordCheck check) {
        this.check = Objects.requireNonNull(check);
    }

    @Override
    public boolean matches(final String plain, final String storedHash, final String salt) {
        final Key key = new Key(plain, storedHash, salt);
        synchronized (verdicts) {
            final Boolean known = verdicts.get(key);
            if (known != null) {
                return known;
            }
        }
        // outside the lock: the slow part; two threads asking at once both hash, and agree
        final boolean verdict = check.matches(plain, storedHash, salt);
        synchronized (verdicts) {
            verdicts.put(key, verdict);
        }
        return verdict;
    }

    /** How many verdicts are remembered (tests). */
    int remembered() {
        synchronized (verdicts) {
            return verdicts.size();
        }
    }
}
