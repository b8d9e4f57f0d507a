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

class DefaultLoginsTest {
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
}
