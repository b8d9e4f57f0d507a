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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendaylight.aaa.api.model.User;
import org.opendaylight.aaa.api.password.service.PasswordHash;
import org.opendaylight.aaa.api.password.service.PasswordHashService;
import org.opendaylight.aaa.impl.password.service.DefaultPasswordHashService;

class RememberedPasswordCheckTest {
    private static final PasswordHashService HASHES = new DefaultPasswordHashService();

    /** AAA's real check, counting how often it hashes. */
    private static final class CountingCheck implements DefaultLogins.PasswordCheck {
        final List<String> hashed = new ArrayList<>();

        @Override
        public boolean matches(final String plain, final String storedHash, final String salt) {
            hashed.add(storedHash);
            return HASHES.passwordsMatch(plain, storedHash, salt);
        }
    }

    private static User admin(final PasswordHash hash) {
        final User user = new User();
        user.setName("admin");
        user.setDomainid("sdn");
        user.setUserid("admin@sdn");
        user.setPassword(hash.getHashedPassword());
        user.setSalt(hash.getSalt());
        return user;
    }

    @Test
    void theSameStoredPasswordIsHashedOnceAndJudgedTheSameEveryCheck() {
        final CountingCheck aaa = new CountingCheck();
        final RememberedPasswordCheck check = new RememberedPasswordCheck(aaa);
        final User shipped = admin(HASHES.getPasswordHash("admin"));
        for (int round = 0; round < 5; round++) {
            assertEquals(1, DefaultLogins.inAaaUsers(List.of(shipped), check).size(), "round " + round);
        }
        assertEquals(List.of(shipped.getPassword()), aaa.hashed);
    }

    @Test
    void aChangedPasswordIsJudgedAfreshAndAChangeBackIsSeenToo() {
        final CountingCheck aaa = new CountingCheck();
        final RememberedPasswordCheck check = new RememberedPasswordCheck(aaa);
        final User shipped = admin(HASHES.getPasswordHash("admin"));
        assertEquals(1, DefaultLogins.inAaaUsers(List.of(shipped), check).size());
        final User changed = admin(HASHES.getPasswordHash("n3w-Secret"));
        assertEquals(List.of(), DefaultLogins.inAaaUsers(List.of(changed), check));
        assertEquals(List.of(), DefaultLogins.inAaaUsers(List.of(changed), check));
        // set back to the default: AAA stores it with a new salt, a hash never seen before
        final User backToDefault = admin(HASHES.getPasswordHash("admin"));
        assertEquals(1, DefaultLogins.inAaaUsers(List.of(backToDefault), check).size());
        assertEquals(List.of(shipped.getPassword(), changed.getPassword(), backToDefault.getPassword()), aaa.hashed);
    }

    @Test
    void theSaltIsPartOfWhatIsRemembered() {
        final List<String> salts = new ArrayList<>();
        final RememberedPasswordCheck check = new RememberedPasswordCheck((plain, hash, salt) -> {
            salts.add(salt);
            return "s1".equals(salt);
        });
        assertTrue(check.matches("admin", "h", "s1"));
        assertFalse(check.matches("admin", "h", "s2"));
        assertTrue(check.matches("admin", "h", "s1"));
        assertEquals(List.of("s1", "s2"), salts);
    }

    @Test
    void atMostCapacityVerdictsAreKeptTheLeastRecentlyUsedGoFirst() {
        final List<String> hashed = new ArrayList<>();
        final RememberedPasswordCheck check = new RememberedPasswordCheck((plain, hash, salt) -> {
            hashed.add(hash);
            return false;
        });
        check.matches("admin", "h0", "s");
        for (int i = 1; i <= RememberedPasswordCheck.CAPACITY; i++) {
            check.matches("admin", "h" + i, "s");
            // h0 is used all along: it stays
            check.matches("admin", "h0", "s");
        }
        assertEquals(RememberedPasswordCheck.CAPACITY, check.remembered());
        hashed.clear();
        check.matches("admin", "h0", "s");
        check.matches("admin", "h1", "s");
        assertEquals(List.of("h1"), hashed, "h1, the least recently used, was dropped; h0 was not");
    }

    @Test
    void aFailingCheckIsNotRemembered() {
        final int[] calls = {0};
        final RememberedPasswordCheck check = new RememberedPasswordCheck((plain, hash, salt) -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("store gone");
            }
            return true;
        });
        assertThrows(IllegalStateException.class, () -> check.matches("admin", "h", "s"));
        assertEquals(0, check.remembered());
        assertTrue(check.matches("admin", "h", "s"));
    }
}
