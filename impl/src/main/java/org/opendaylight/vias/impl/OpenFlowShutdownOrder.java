/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl;

import java.util.List;
import org.opendaylight.openflowjava.protocol.spi.connection.SwitchConnectionProviderList;
import org.opendaylight.openflowplugin.api.openflow.OpenFlowPluginProvider;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Keeps OpenFlowPlugin's core services in use from boot on, so that when Karaf stops, the blueprint containers that
 * use them are destroyed before the ones that provide them, and Karaf stops within seconds instead of 300 s.
 *
 * <p>When the framework stops, Aries' blueprint extender destroys first the containers whose services no bundle
 * uses. A blueprint reference is a proxy that gets its service only at its first call, and a call through a proxy
 * whose service is gone waits blueprint's default 300 s for it to come back. Two such waits were seen in thread
 * dumps of a stopping SingleFeatureTest Karaf (docs/known-issues.md):
 * <ul>
 *   <li>openflowplugin-impl's {@code OpenFlowPluginProviderImpl.close()} calling its
 *       {@link SwitchConnectionProviderList} proxy: the list, first called in {@code onSystemBootReady}, was
 *       still unused when the stop began (SystemReady had not fired), so openflowjava-blueprint-config's
 *       container, which registers it, had gone first;</li>
 *   <li>openflowplugin-extension-onf's container, still being created, calling openflowplugin-impl's
 *       {@link OpenFlowPluginProvider} registration (as its extension registrator) after openflowplugin-impl's
 *       container had gone, holding its container's lock, so the stop thread waited to destroy it.</li>
 * </ul>
 * While this bundle holds one service of each of those two containers they are not "unused", so the extender
 * destroys their users first and them last (among used ones it takes the most recently registered service first:
 * openflowplugin-impl's, registered after the list it needs). This bundle uses no blueprint: it stops only after
 * every container is gone. Nothing here calls the services.
 *
 * <p>Trackers rather than DS references: DS would make the bundle require the services as OSGi capabilities, which
 * Karaf's resolver refuses, since the blueprint bundles registering them declare none.
 */
@Component(immediate = true)
public final class OpenFlowShutdownOrder {
    private final List<ServiceTracker<?, ?>> trackers;

    @Activate
    public OpenFlowShutdownOrder(final BundleContext context) {
        // a tracker gets each service it tracks (that is the use the extender counts) until it is closed
        trackers = List.of(
            new ServiceTracker<>(context, SwitchConnectionProviderList.class, null),
            new ServiceTracker<>(context, OpenFlowPluginProvider.class, null));
        trackers.forEach(ServiceTracker::open);
    }

    @Deactivate
    void deactivate() {
        trackers.forEach(ServiceTracker::close);
    }
}
