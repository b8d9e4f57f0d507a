/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.security;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.MoreExecutors;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.WriteTransaction;
import org.opendaylight.mdsal.common.api.CommitInfo;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.State;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.Security;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.state.SecurityBuilder;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At every start: logs at WARN each shipped default login still in force ({@link DefaultLogins}) and publishes
 * them as {@code vias:state/security/default-login}, so an operator sees them before exposing the controller.
 */
@Component(immediate = true)
public final class DefaultLoginWarning {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultLoginWarning.class);
    private static final InstanceIdentifier<Security> PATH = InstanceIdentifier.create(State.class)
        .child(Security.class);

    @Activate
    public DefaultLoginWarning(@Reference final DataBroker broker) {
        final Path users = Path.of(System.getProperty("karaf.etc", "etc"), "users.properties");
        final List<String> defaults = read(users);
        defaults.forEach(login -> LOG.warn("VIAS: default login in force: {}; see docs/security.md", login));
        final WriteTransaction tx = broker.newWriteOnlyTransaction();
        tx.mergeParentStructurePut(LogicalDatastoreType.OPERATIONAL, PATH,
            new SecurityBuilder().setDefaultLogin(new LinkedHashSet<>(defaults)).build());
        tx.commit().addCallback(new FutureCallback<CommitInfo>() {
            @Override
            public void onSuccess(final CommitInfo result) {
                // published
            }

            @Override
            public void onFailure(final Throwable cause) {
                LOG.warn("VIAS: cannot publish state/security: {}", cause.toString());
            }
        }, MoreExecutors.directExecutor());
    }

    private static List<String> read(final Path file) {
        final Properties users = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            users.load(in);
        } catch (IOException e) {
            LOG.warn("VIAS: cannot read {} to check for default logins: {}", file, e.toString());
            return List.of();
        }
        return DefaultLogins.inKarafUsers(users);
    }
}
