/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.view;

import java.util.List;
import javax.servlet.ServletException;
import org.opendaylight.aaa.web.ServletDetails;
import org.opendaylight.aaa.web.WebContext;
import org.opendaylight.aaa.web.WebContextSecurer;
import org.opendaylight.aaa.web.WebServer;
import org.opendaylight.vias.impl.bypass.BypassEngine;
import org.opendaylight.vias.impl.bypass.BypassService;
import org.opendaylight.vias.impl.flow.RuleWriter;
import org.opendaylight.vias.impl.nat.NatService;
import org.opendaylight.vias.impl.overlay.OverlayRuntime;
import org.opendaylight.yangtools.concepts.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view at {@code http://host:8181/vias/} and the Prometheus metrics at {@code /vias/metrics}: one web
 * context on the controller's own Jetty (the one RESTCONF uses), registered through AAA's {@link WebServer} and
 * behind the same AAA login as RESTCONF ({@link WebContextSecurer}), as RESTCONF's own northbound does. The data
 * is read on each request from the services the {@code vias:*} commands read.
 */
@Component(immediate = true)
public final class ViewWeb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ViewWeb.class);
    static final String CONTEXT_PATH = "/vias";

    private final Registration registration;

    @Activate
    public ViewWeb(@Reference final WebServer webServer, @Reference final WebContextSecurer securer,
            @Reference final OverlayRuntime overlay, @Reference final BypassService bypass,
            @Reference final NatService nat, @Reference final RuleWriter rules) throws ServletException {
        final WebContext.Builder context = WebContext.builder().name("VIAS view").contextPath(CONTEXT_PATH)
            .supportsSessions(false)
            .addServlet(ServletDetails.builder().name("vias-view")
                .servlet(new ViewServlet(() -> snapshot(overlay, bypass, nat, rules))).addUrlPattern("/*").build());
        securer.requireAuthentication(context, "/*");
        registration = webServer.registerWebContext(context.build());
        LOG.info("VIAS view at {}{}/ (metrics at {}{}/metrics)", webServer.getBaseURL(), CONTEXT_PATH,
            webServer.getBaseURL(), CONTEXT_PATH);
    }

    /** Reads the services once; each of them copies its state, so this holds no lock of theirs. */
    static ViewSnapshot snapshot(final OverlayRuntime overlay, final BypassService bypass, final NatService nat,
            final RuleWriter rules) {
        final ViewSnapshot.Bypass bypassPart = bypass.engine().map(engine -> bypassPart(engine, bypass))
            .orElse(null);
        NatService.Status natStatus;
        List<NatService.MappingView> mappings;
        try {
            natStatus = nat.currentStatus();
            mappings = natStatus.setup() == null ? List.of() : nat.mappings();
        } catch (NatService.NatException e) {
            LOG.debug("view: NAT status not available", e);
            natStatus = null;
            mappings = List.of();
        }
        return new ViewSnapshot(System.currentTimeMillis(), overlay.running(),
            overlay.self().map(Object::toString).orElse(null), overlay.tapName().orElse(null), overlay.peers(),
            overlay.links(), bypassPart, natStatus, mappings, rules.batchLatency());
    }

    private static ViewSnapshot.Bypass bypassPart(final BypassEngine engine, final BypassService bypass) {
        return new ViewSnapshot.Bypass(engine.flows(bypass.ruleStats()), engine.counters(), engine.setupDelays(),
            engine.reportsDeferred(), engine.inboxDropped());
    }

    @Deactivate
    @Override
    public void close() {
        registration.close();
    }
}
