/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.boot;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.opendaylight.vias.impl.boot.PasswordServiceStallJudge.Verdict;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs ODL's AAA boot stall inside the product, so that a controller started with {@code bin/karaf} answers
 * RESTCONF without anyone restarting anything: watches AAA's password-service bundle and its
 * {@code PasswordHashService} from boot on and restarts the bundle when the service does not come (the decision is
 * {@link PasswordServiceStallJudge}'s). Each repair is logged at WARN with the line {@value #REPAIR_LOG} that
 * scripts/boot-loop counts. Without AAA (feature odl-vias alone) there is nothing to watch.
 */
@Component(immediate = true)
public final class AaaBootWatchdog {
    static final String BUNDLE = "org.opendaylight.aaa.password-service-impl";
    static final String SERVICE = "org.opendaylight.aaa.api.password.service.PasswordHashService";
    static final String REPAIR_LOG = "VIAS AAA watchdog: restarting";
    private static final Logger LOG = LoggerFactory.getLogger(AaaBootWatchdog.class);
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration LOOK_EVERY = Duration.ofSeconds(2);
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(15);

    private final BundleContext context;
    private final PasswordServiceStallJudge judge = new PasswordServiceStallJudge(GRACE, 3);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread thread = new Thread(r, "vias-aaa-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public AaaBootWatchdog(final BundleContext context) {
        this.context = context;
        // a controller that never installs AAA must not keep a thread looking for ever. Scheduled before the first
        // look: that look runs at once on the timer's thread and, AAA being up already, ends the timer, after which
        // scheduling anything throws; it did once, from this constructor, and the failed component kept vias-impl
        // "Waiting", so SystemReady never came and OpenFlowPlugin never opened 6653.
        timer.schedule(timer::shutdownNow, GIVE_UP_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::look, 0, LOOK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    private void look() {
        try {
            final Optional<Bundle> bundle = Arrays.stream(context.getBundles())
                .filter(b -> BUNDLE.equals(b.getSymbolicName())).findFirst();
            final boolean active = bundle.isPresent() && bundle.orElseThrow().getState() == Bundle.ACTIVE;
            final boolean service = context.getServiceReference(SERVICE) != null;
            final Verdict verdict = judge.look(System.nanoTime(), active, service);
            switch (verdict) {
                case HEALTHY -> {
                    if (judge.repairs() > 0) {
                        LOG.warn("VIAS AAA watchdog: the password service is up after {} restart(s) of {}",
                            judge.repairs(), BUNDLE);
                    }
                    timer.shutdownNow();
                }
                case REPAIR -> {
                    LOG.warn("{} {} (repair {}): AAA's password service got no configuration within {} s of the "
                        + "bundle starting, the ODL boot stall of docs/known-issues.md", REPAIR_LOG, BUNDLE,
                        judge.repairs(), GRACE.toSeconds());
                    final Bundle aaa = bundle.orElseThrow();
                    aaa.stop(Bundle.STOP_TRANSIENT);
                    aaa.start(Bundle.START_TRANSIENT);
                }
                case GIVE_UP -> {
                    LOG.error("VIAS AAA watchdog: the password service is still missing after {} restarts of {}; "
                        + "RESTCONF will refuse every login. Restart Karaf with a clean data/ directory.",
                        judge.repairs(), BUNDLE);
                    timer.shutdownNow();
                }
                default -> {
                    // WAIT: look again later
                }
            }
        } catch (BundleException | IllegalStateException e) {
            // the framework is stopping, or the bundle went away under us: the next look decides again
            LOG.debug("VIAS AAA watchdog: look failed", e);
        }
    }
}
