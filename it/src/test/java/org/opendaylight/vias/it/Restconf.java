/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A tiny RESTCONF (RFC 8040) client for the controller on 127.0.0.1:8181, user admin/admin. */
final class Restconf {
    record Response(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final String BASE = "http://127.0.0.1:8181/rests/data/";
    private static final String AUTH = "Basic "
        + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

    private final HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    Response get(final String path) {
        return send(HttpRequest.newBuilder(URI.create(BASE + path)).GET());
    }

    Response put(final String path, final String json) {
        return send(HttpRequest.newBuilder(URI.create(BASE + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Invokes an RPC ({@code /rests/operations/module:rpc}) with an empty input. */
    Response rpc(final String name) {
        return send(HttpRequest.newBuilder(URI.create(BASE.replace("/data/", "/operations/") + name))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"input\": {}}")));
    }

    Response delete(final String path) {
        return send(HttpRequest.newBuilder(URI.create(BASE + path)).DELETE());
    }

    private Response send(final HttpRequest.Builder builder) {
        try {
            final HttpResponse<String> response = client.send(builder.header("Authorization", AUTH)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, e.toString());
        }
    }
}
