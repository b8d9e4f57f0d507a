/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.view;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the view under its context path ({@code /vias}): {@code /metrics} (Prometheus text), {@code /state.json}
 * (the page's data), and the page's static files from the bundle ({@code /vias-view/} on the class path: the page,
 * its script, and the charting library copied in at build time). Anything else is 404. GET and HEAD only.
 */
public final class ViewServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ViewServlet.class);
    /** The static files, by request path, with their content types. */
    static final Map<String, String> STATIC = Map.of(
        "/index.html", "text/html; charset=utf-8",
        "/view.js", "text/javascript; charset=utf-8",
        "/view.css", "text/css; charset=utf-8",
        "/uPlot.iife.min.js", "text/javascript; charset=utf-8",
        "/uPlot.min.css", "text/css; charset=utf-8");
    static final String RESOURCES = "/vias-view";

    private final transient Supplier<ViewSnapshot> snapshots;

    public ViewServlet(final Supplier<ViewSnapshot> snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    @SuppressWarnings("checkstyle:IllegalCatch")
    protected void doGet(final HttpServletRequest req, final HttpServletResponse resp) throws IOException {
        final String path = req.getPathInfo();
        if (path == null) {
            // "/vias" without the slash: the page's relative URLs need the directory form
            resp.sendRedirect(req.getRequestURI() + "/");
            return;
        }
        resp.setHeader("Cache-Control", "no-store");
        try {
            switch (path) {
                case "/", "/index.html" -> file(resp, "/index.html");
                case "/metrics" -> text(resp, PrometheusText.CONTENT_TYPE,
                    PrometheusText.write(ViasMetrics.of(snapshots.get())));
                case "/state.json" -> text(resp, "application/json", StateJson.of(snapshots.get()));
                default -> {
                    if (STATIC.containsKey(path)) {
                        file(resp, path);
                    } else {
                        resp.sendError(HttpServletResponse.SC_NOT_FOUND);
                    }
                }
            }
        } catch (RuntimeException e) {
            // a service being replaced mid-read: answer 503 and keep the servlet
            LOG.warn("view: {} failed", path, e);
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, String.valueOf(e.getMessage()));
        }
    }

    private static void text(final HttpServletResponse resp, final String type, final String body)
            throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setContentType(type);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    private static void file(final HttpServletResponse resp, final String path) throws IOException {
        try (InputStream in = ViewServlet.class.getResourceAsStream(RESOURCES + path)) {
            if (in == null) {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND, "not packaged: " + path);
                return;
            }
            resp.setContentType(STATIC.get(path));
            in.transferTo(resp.getOutputStream());
        }
    }
}
