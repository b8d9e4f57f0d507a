/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.config;

import java.util.stream.Collectors;
import org.opendaylight.aaa.encrypt.AAAEncryptionService;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.mdsal.dom.api.DOMDataBroker;
import org.opendaylight.mdsal.dom.api.DOMDataTreeCommitCohortRegistry;
import org.opendaylight.mdsal.dom.api.DOMDataTreeIdentifier;
import org.opendaylight.vias.impl.ViasRuntime;
import org.opendaylight.vias.impl.security.SecretSeal;
import org.opendaylight.yangtools.concepts.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@link ConfigCohort}, which vetoes a {@code vias:config} commit that is not usable inside the commit
 * itself, so that bad config never reaches the components that follow it.
 */
@Component(immediate = true)
public final class ConfigValidation {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigValidation.class);

    private final Registration registration;

    @Activate
    public ConfigValidation(@Reference final DOMDataBroker domBroker, @Reference final ViasRuntime runtime,
            @Reference final AAAEncryptionService encryption) {
        final DOMDataTreeCommitCohortRegistry registry =
            domBroker.getExtensions().getInstance(DOMDataTreeCommitCohortRegistry.class);
        if (registry == null) {
            LOG.warn("VIAS: the data broker offers no commit cohorts; semantic config checks are off");
            registration = null;
            return;
        }
        registration = registry.registerCommitCohort(
            new DOMDataTreeIdentifier(LogicalDatastoreType.CONFIGURATION, ConfigCohort.CONFIG_PATH),
            new ConfigCohort(() -> runtime.bridges().values().stream().map(ViasRuntime.ConnectedBridge::name)
                .filter(name -> name != null).collect(Collectors.toList()), SecretSeal.of(encryption)));
        LOG.info("VIAS: validating config commits");
    }

    @Deactivate
    void close() {
        if (registration != null) {
            registration.close();
        }
    }
}
