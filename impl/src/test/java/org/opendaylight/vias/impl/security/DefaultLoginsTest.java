/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.opendaylight.aaa.api.model.User;
import org.opendaylight.aaa.api.password.service.PasswordHash;
import org.opendaylight.aaa.api.password.service.PasswordHashService;
import org.opendaylight.aaa.impl.password.service.DefaultPasswordHashService;

class DefaultLoginsTest {
    private static final PasswordHashService HASHES = new DefaultPasswordHashService();

    private static Properties users(final String text) throws IOException {
        final Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    @Test
    void karafsShippedLoginIsReported() throws IOException {
        assertEquals(List.of("Karaf console login karaf/karaf (change it in etc/users.properties)"),
            DefaultLogins.inKarafUsers(users("karaf = karaf,_g_:admingroup\n_g_\\:admingroup = group,admin\n")));
    }

    @Test
    void aChangedRemovedOrEncryptedPasswordIsNot() throws IOException {
        assertEquals(List.of(), DefaultLogins.inKarafUsers(users("karaf = s3cret-Pass,_g_:admingroup\n")));
        assertEquals(List.of(), DefaultLogins.inKarafUsers(users("ops = karaf,_g_:admingroup\n")));
        assertEquals(List.of(), DefaultLogins.inKarafUsers(users(
            "karaf = {CRYPT}8b1a9953c4611296a827abf8c47804d7{CRYPT},_g_:admingroup\n")));
    }

    private static User aaaUser(final String name, final String password) {
        final PasswordHash hash = HASHES.getPasswordHash(password);
        final User user = new User();
        user.setName(name);
        user.setDomainid("sdn");
        user.setUserid(name + "@sdn");
        user.setPassword(hash.getHashedPassword());
        user.setSalt(hash.getSalt());
        return user;
    }

    @Test
    void aaasShippedAdminLoginIsReportedThroughItsOwnHashing() {
        assertEquals(List.of("RESTCONF login admin/admin (change it: PUT /auth/v1/users/admin@sdn, see "
            + "docs/security.md)"), DefaultLogins.inAaaUsers(List.of(aaaUser("admin", "admin"),
                aaaUser("ops", "admin")), HASHES::passwordsMatch));
        assertEquals(List.of(), DefaultLogins.inAaaUsers(List.of(aaaUser("admin", "n3w-Secret")),
            HASHES::passwordsMatch));
    }
}
