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
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.opendaylight.aaa.api.IDMStoreException;
import org.opendaylight.aaa.api.IIDMStore;
import org.opendaylight.aaa.api.model.User;
import org.opendaylight.aaa.api.password.service.PasswordHashService;
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
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every {@value #CHECK_SECONDS} s which shipped default logins are still in force ({@link DefaultLogins}:
 * Karaf's console login, RESTCONF's AAA login), logs each at WARN when it appears and publishes them as
 * {@code vias:state/security/default-login}; {@code vias:status} prints them. Periodic because AAA creates its
 * users after the controller starts and an operator changes a password while it runs: the warning goes when the
 * default does. Both costly parts are skipped at rest: AAA's user store (H2: every read opens the database) is read
 * again only when its file changed ({@link StampedCache}), and AAA's password hashing runs only for a stored
 * password not judged before ({@link RememberedPasswordCheck}).
 */
@Component(service = DefaultLoginWarning.class, immediate = true)
public final class DefaultLoginWarning {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultLoginWarning.class);
    private static final InstanceIdentifier<Security> PATH = InstanceIdentifier.create(State.class)
        .child(Security.class);
    static final long CHECK_SECONDS = 30;
    /**
     * AAA's H2 user store, where AAA opens it: {@code ./data/idmlight.db} relative to the JVM's working directory,
     * Karaf's home (AAA's {@code IdmLightConfig}; H2 adds {@code .mv.db}).
     */
    static final Path AAA_STORE_FILE = Path.of("data", "idmlight.db.mv.db");
    /** AAA's users are read again at least this often even when its store file looks unchanged. */
    static final Duration AAA_REREAD = Duration.ofMinutes(10);

    private final DataBroker broker;
    /** AAA's PBKDF2 check, each verdict computed once per stored hash ({@link RememberedPasswordCheck}). */
    private final DefaultLogins.PasswordCheck passwordCheck;
    /** AAA's users, read again only when its store file changed ({@link StampedCache}). */
    private final StampedCache<List<User>, IDMStoreException> aaaUsers;
    private final Path karafUsers = Path.of(System.getProperty("karaf.etc", "etc"), "users.properties");
    private final ScheduledExecutorService executor;
    private volatile List<String> inForce;

    @Activate
    public DefaultLoginWarning(@Reference final DataBroker broker, @Reference final IIDMStore users,
            @Reference final PasswordHashService hashes) {
        this.broker = broker;
        passwordCheck = new RememberedPasswordCheck(hashes::passwordsMatch);
        aaaUsers = new StampedCache<>(() -> List.copyOf(users.getUsers().getUsers()),
            () -> StampedCache.fileStamp(AAA_STORE_FILE.toAbsolutePath()), System::nanoTime, AAA_REREAD);
        executor = Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder().setNameFormat("vias-default-logins").setDaemon(true).build());
        executor.scheduleWithFixedDelay(this::check, 0, CHECK_SECONDS, TimeUnit.SECONDS);
    }

    /** The default logins in force at the last check (empty before the first). */
    public List<String> inForce() {
        final List<String> now = inForce;
        return now == null ? List.of() : now;
    }

    @Deactivate
    void close() {
        executor.shutdownNow();
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void check() {
        try {
            final Optional<List<String>> aaa = aaaLogins();
            if (aaa.isEmpty()) {
                return;
            }
            final List<String> now = new ArrayList<>(karafLogins());
            now.addAll(aaa.orElseThrow());
            final List<String> before = inForce();
            if (now.equals(inForce)) {
                return;
            }
            now.stream().filter(login -> !before.contains(login))
                .forEach(login -> LOG.warn("VIAS: default login in force: {}; see docs/security.md", login));
            before.stream().filter(login -> !now.contains(login))
                .forEach(login -> LOG.info("VIAS: default login changed: {}", login));
            inForce = List.copyOf(now);
            publish(now);
        } catch (RuntimeException e) {
            // never let one bad check end the periodic ones
            LOG.warn("VIAS: default login check failed", e);
        }
    }

    private List<String> karafLogins() {
        try {
            return DefaultLogins.inKarafUsersFile(karafUsers);
        } catch (IOException e) {
            LOG.warn("VIAS: cannot read {} to check for default logins: {}", karafUsers, e.toString());
            return List.of();
        }
    }

    /**
     * AAA's default logins in force now (read, not the last check's), empty when its user store cannot be read this
     * time (checked again later).
     */
    public Optional<List<String>> aaaLogins() {
        return readAaaLogins(true);
    }

    /**
     * As {@link #aaaLogins()}, and empty too while AAA's user store holds no user: AAA creates its shipped admin a
     * while after its store is up, so "no default login" means nothing before that.
     */
    public Optional<List<String>> aaaLoginsOnceCreated() {
        return readAaaLogins(false);
    }

    private Optional<List<String>> readAaaLogins(final boolean beforeUsersExist) {
        try {
            final List<User> all = aaaUsers.get();
            if (all.isEmpty() && !beforeUsersExist) {
                return Optional.empty();
            }
            return Optional.of(DefaultLogins.inAaaUsers(all, passwordCheck));
        } catch (IDMStoreException e) {
            LOG.warn("VIAS: cannot read AAA's users to check for default logins: {}", e.toString());
            return Optional.empty();
        }
    }

    private void publish(final List<String> logins) {
        final WriteTransaction tx = broker.newWriteOnlyTransaction();
        tx.mergeParentStructurePut(LogicalDatastoreType.OPERATIONAL, PATH,
            new SecurityBuilder().setDefaultLogin(new LinkedHashSet<>(logins)).build());
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
}
