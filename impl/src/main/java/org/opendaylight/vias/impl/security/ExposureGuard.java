/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.security;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Dictionary;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.opendaylight.vias.impl.security.ExposurePolicy.Listener;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Karaf console and the web server on loopback while their shipped login is in force
 * ({@link ExposurePolicy}). It reads the address each server uses (the console's {@code sshHost} in the PID
 * {@code org.apache.karaf.shell}; pax-web's listening addresses in the PID {@code org.ops4j.pax.web}, else the
 * framework property {@code etc/custom.system.properties} sets) and, when one is beyond loopback while that
 * listener's default login is in force, writes {@value ExposurePolicy#LOOPBACK} into the PID through
 * ConfigurationAdmin: the server rebinds (Karaf restarts its SSH server, pax-web its Jetty), Karaf's file install
 * writes the value into the PID's file under {@code etc/}, so a restart keeps it, and the reason is logged at ERROR
 * and shown by {@code vias:status}.
 *
 * <p>It looks when it starts, when either PID changes and every {@value #CHECK_SECONDS} s (a login changed back to
 * its default is seen then). The console is judged from {@code etc/users.properties} as soon as the VIAS bundle
 * starts; the web server once AAA's user store holds its users ({@link DefaultLoginWarning}; until then every
 * {@value #QUICK_CHECK_SECONDS} s), which is about when RESTCONF itself comes up. Before that, during the first
 * seconds of a boot, a listener runs as configured: the shipped configuration is loopback, this guard is for the
 * operator who sets an address and leaves the default login.
 */
@Component(service = {ExposureGuard.class, ConfigurationListener.class}, immediate = true)
public final class ExposureGuard implements ConfigurationListener {
    private static final Logger LOG = LoggerFactory.getLogger(ExposureGuard.class);
    static final long CHECK_SECONDS = 30;
    /** How soon to look again while AAA's users cannot be judged yet (a boot). */
    static final long QUICK_CHECK_SECONDS = 2;
    /**
     * The web server is put back no sooner than this after the guard started. Rebinding pax-web while ODL's web
     * components are still registering (a feature install, a boot) once left its HttpServiceRuntime gone for good and
     * RESTCONF down (odl-vias's feature test, where a stock Karaf listens on every address): the exposure is refused
     * once the web side has settled.
     */
    static final long WEB_SETTLE_SECONDS = 45;

    private final ConfigurationAdmin configAdmin;
    private final BundleContext context;
    private final Path karafUsers = Path.of(System.getProperty("karaf.etc", "etc"), "users.properties");
    private final ScheduledExecutorService executor;
    /** Per listener, the last refusal not yet settled by the operator (only touched on the executor). */
    private final Map<Listener, String> refusals = new EnumMap<>(Listener.class);
    private volatile List<String> shownRefusals = List.of();
    private volatile DefaultLoginWarning logins;
    /** Only touched on the executor. */
    private boolean quickCheckPending;
    private boolean settleCheckPending;
    private final long startedAt = System.nanoTime();

    @Activate
    public ExposureGuard(@Reference final ConfigurationAdmin configAdmin, final BundleContext context) {
        this.configAdmin = configAdmin;
        this.context = context;
        executor = Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder().setNameFormat("vias-exposure-guard").setDaemon(true).build());
        executor.scheduleWithFixedDelay(this::check, 0, CHECK_SECONDS, TimeUnit.SECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindLogins(final DefaultLoginWarning warning) {
        logins = warning;
        post();
    }

    void unbindLogins(final DefaultLoginWarning warning) {
        if (logins == warning) {
            logins = null;
        }
    }

    @Override
    public void configurationEvent(final ConfigurationEvent event) {
        for (Listener listener : Listener.values()) {
            if (listener.pid().equals(event.getPid())) {
                post();
            }
        }
    }

    /** The exposures refused and not settled since, for {@code vias:status}. */
    public List<String> refusals() {
        return shownRefusals;
    }

    @Deactivate
    void close() {
        executor.shutdownNow();
    }

    private void post() {
        try {
            executor.execute(this::check);
        } catch (RejectedExecutionException e) {
            LOG.debug("exposure guard closed, check dropped");
        }
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void check() {
        try {
            try {
                guard(Listener.CONSOLE, DefaultLogins.inKarafUsersFile(karafUsers));
            } catch (IOException e) {
                LOG.warn("VIAS: cannot read {} to judge the console's exposure: {}", karafUsers, e.toString());
            }
            final DefaultLoginWarning aaa = logins;
            final Optional<List<String>> aaaLogins = aaa == null ? Optional.empty() : aaa.aaaLoginsOnceCreated();
            final long settleLeft = TimeUnit.SECONDS.toNanos(WEB_SETTLE_SECONDS) - (System.nanoTime() - startedAt);
            if (aaaLogins.isPresent() && settleLeft > 0) {
                if (!settleCheckPending) {
                    settleCheckPending = true;
                    executor.schedule(() -> {
                        settleCheckPending = false;
                        check();
                    }, settleLeft, TimeUnit.NANOSECONDS);
                }
            } else if (aaaLogins.isPresent()) {
                guard(Listener.WEB, aaaLogins.orElseThrow());
            } else if (!quickCheckPending) {
                // AAA is not up, or has not created its users yet: its admin/admin comes within seconds, so look
                // again soon rather than leave the web server exposed with it until the next periodic check
                quickCheckPending = true;
                executor.schedule(() -> {
                    quickCheckPending = false;
                    check();
                }, QUICK_CHECK_SECONDS, TimeUnit.SECONDS);
            }
        } catch (RuntimeException | IOException | InvalidSyntaxException e) {
            // never let one bad check end the periodic ones
            LOG.warn("VIAS: exposure check failed", e);
        }
        shownRefusals = List.copyOf(refusals.values());
    }

    private void guard(final Listener listener, final List<String> inForce)
            throws IOException, InvalidSyntaxException {
        final Configuration config = existing(listener.pid());
        final Dictionary<String, Object> properties = config == null ? null : config.getProperties();
        final Object inPid = properties == null ? null : properties.get(listener.key());
        final String fromFramework = listener == Listener.WEB ? context.getProperty(listener.key()) : null;
        final String configured = inPid != null ? inPid.toString()
            : fromFramework != null ? fromFramework : listener.serverDefault();
        final Optional<String> refusal = ExposurePolicy.refusal(listener, configured, inForce);
        if (refusal.isPresent()) {
            final Dictionary<String, Object> changed = copy(properties);
            changed.put(listener.key(), ExposurePolicy.LOOPBACK);
            (config != null ? config : configAdmin.getConfiguration(listener.pid(), null)).update(changed);
            LOG.error("VIAS: {}", refusal.orElseThrow());
            refusals.put(listener, Instant.now() + " " + refusal.orElseThrow());
        } else if (!ExposurePolicy.loopbackOnly(configured) && refusals.remove(listener) != null) {
            LOG.info("VIAS: the {} listens on {}: its default login is no longer in force", listener.description(),
                configured);
        }
    }

    /** The configuration of {@code pid} if there is one (never creates it). */
    private Configuration existing(final String pid) throws IOException, InvalidSyntaxException {
        final Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
        return found == null || found.length == 0 ? null : found[0];
    }

    /** A copy keeping every key (with felix.fileinstall.filename, Karaf's file install writes it back to etc/). */
    private static Dictionary<String, Object> copy(final Dictionary<String, Object> properties) {
        final Hashtable<String, Object> copy = new Hashtable<>();
        if (properties != null) {
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                final String key = keys.nextElement();
                copy.put(key, properties.get(key));
            }
        }
        return copy;
    }
}
