/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens the VIAS view ({@code /vias/}) in headless Chromium and watches it through the DevTools protocol: sends the
 * AAA login as a header (no credentials in the URL), prints what the page shows every {@code interval} ms as a
 * line {@code SAMPLE <json>}, and at the end saves a screenshot ({@code view.png}) and the DOM ({@code view.html}).
 * A main, because the browser must run where the controller is reachable: BypassIT starts it in a testbed host's
 * network namespace ({@code vias-sites exec SITE -- java ...}), as it does {@link ForgedPeer} in the LAN's.
 *
 * <p>Arguments: URL, user:password, output directory, duration (s), interval (ms).
 */
public final class ViewProbe {
    /** What the page shows, read from its DOM: its poll count, the flows' paths, the plots' latest and peak. */
    static final String SAMPLE_JS = """
        JSON.stringify({
          updated: Number(document.querySelector('#status').dataset.updated),
          status: document.querySelector('#status').textContent,
          links: [...document.querySelectorAll('#links tbody tr')].map(r => r.dataset.state),
          flows: [...document.querySelectorAll('#flows tbody tr')]
            .map(r => ({id: r.dataset.flow, path: r.dataset.path})),
          plots: [...document.querySelectorAll('#plots .plot')].map(p => ({peer: p.dataset.peer,
            points: Number(p.dataset.points || 0), bypass: Number(p.dataset.bypassMbps || 0),
            bypassMax: Number(p.dataset.bypassMaxMbps || 0), overlay: Number(p.dataset.overlayMbps || 0)}))
        })""";
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern PAGE_SOCKET =
        Pattern.compile("\"type\": \"page\",[^}]*?\"webSocketDebuggerUrl\": \"(ws://[^\"]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private WebSocket socket;

    private ViewProbe() {
    }

    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public static void main(final String[] args) throws Exception {
        final String url = args[0];
        final String login = args[1];
        final Path out = Path.of(args[2]);
        final int seconds = Integer.parseInt(args[3]);
        final int intervalMs = Integer.parseInt(args[4]);
        Files.createDirectories(out);
        final Path profile = Files.createTempDirectory("vias-view-chromium");
        final Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--user-data-dir=" + profile, "--window-size=1280,1600", "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0", "about:blank").redirectErrorStream(true).start();
        try {
            final ViewProbe probe = new ViewProbe();
            probe.connect(chromium);
            probe.call("Network.enable", "{}");
            probe.call("Network.setExtraHTTPHeaders", "{\"headers\":{\"Authorization\":\"Basic "
                + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)) + "\"}}");
            probe.call("Page.enable", "{}");
            probe.call("Page.navigate", "{\"url\":" + quote(url) + "}");
            final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                Thread.sleep(intervalMs);
                System.out.println("SAMPLE " + probe.evaluate(SAMPLE_JS));
            }
            final String shot = probe.call("Page.captureScreenshot", "{\"format\":\"png\"}");
            final Matcher data = Pattern.compile("\"data\":\"([A-Za-z0-9+/=]+)\"").matcher(shot);
            if (data.find()) {
                Files.write(out.resolve("view.png"), Base64.getDecoder().decode(data.group(1)));
            }
            Files.writeString(out.resolve("view.html"), probe.evaluate("document.documentElement.outerHTML"));
            System.out.println("DONE");
        } finally {
            chromium.destroy();
            chromium.waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Reads the DevTools port from Chromium's output, then opens the page target's socket. */
    private void connect(final Process chromium) throws Exception {
        final BufferedReader lines = new BufferedReader(new InputStreamReader(chromium.getInputStream(),
            StandardCharsets.UTF_8));
        final List<String> seen = new ArrayList<>();
        String port = null;
        for (String line = lines.readLine(); line != null && port == null; line = lines.readLine()) {
            seen.add(line);
            final Matcher m = DEVTOOLS.matcher(line);
            if (m.find()) {
                port = m.group(1);
            }
        }
        if (port == null) {
            throw new IOException("Chromium did not open its DevTools port: " + seen);
        }
        // keep draining its output so that it never blocks on a full pipe
        final Thread drain = new Thread(() -> lines.lines().forEach(l -> { }), "chromium-output");
        drain.setDaemon(true);
        drain.start();
        final String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        final Matcher page = PAGE_SOCKET.matcher(targets);
        if (!page.find()) {
            throw new IOException("no page target: " + targets);
        }
        socket = http.newWebSocketBuilder().buildAsync(URI.create(page.group(1)), new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(final WebSocket ws, final CharSequence part, final boolean last) {
                message.append(part);
                if (last) {
                    answer(message.toString());
                    message.setLength(0);
                }
                ws.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    private void answer(final String message) {
        final Matcher id = Pattern.compile("^\\{\"id\":(\\d+),").matcher(message);
        if (id.find()) {
            final CompletableFuture<String> waiting = pending.remove(Integer.parseInt(id.group(1)));
            if (waiting != null) {
                waiting.complete(message);
            }
        }
    }

    private String call(final String method, final String params) throws Exception {
        final int id = ids.incrementAndGet();
        final CompletableFuture<String> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true)
            .get(10, TimeUnit.SECONDS);
        final String reply = answer.get(30, TimeUnit.SECONDS);
        if (reply.contains("\"error\":")) {
            throw new IOException(method + ": " + reply);
        }
        return reply;
    }

    /** The string value of a JavaScript expression in the page. */
    private String evaluate(final String expression) throws Exception {
        final String reply = call("Runtime.evaluate", "{\"expression\":" + quote(expression)
            + ",\"returnByValue\":true}");
        final int start = reply.indexOf("\"value\":\"");
        if (start < 0) {
            return reply;
        }
        // the string runs to the first quote not escaped by a backslash (scanned: a regex recurses on a big DOM)
        final int from = start + "\"value\":\"".length();
        int end = from;
        while (reply.charAt(end) != '"') {
            end += reply.charAt(end) == '\\' ? 2 : 1;
        }
        return unquote(reply.substring(from, end));
    }

    static String quote(final String text) {
        final StringBuilder sb = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    static String unquote(final String body) {
        final StringBuilder sb = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            final char c = body.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            final char e = body.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }
}
