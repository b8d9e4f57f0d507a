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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens the VIAS view ({@code /vias/}) in headless Chromium and watches it through the DevTools protocol, as a
 * remote-controlled browser: sends the AAA login as a header (no credentials in the URL), prints what the page shows
 * every {@code interval} ms as a line {@code SAMPLE <json>}, every URL the page requests ({@code REQUEST <url>},
 * once each), every failed request ({@code FAILED <url> <error>}) and every uncaught script error
 * ({@code EXCEPTION <text>}). It reads commands on stdin: {@code shot NAME} saves a screenshot ({@code NAME.png})
 * and the DOM ({@code NAME.html}) and prints {@code SHOT NAME <json>} with what the page showed at that moment;
 * {@code quit} (or the end of stdin, or the time limit) ends it with {@code DONE}.
 * A main, because the browser must run where the controller is reachable: BypassIT starts it in a testbed host's
 * network namespace ({@code vias-sites exec SITE -- java ...}), as it does {@link ForgedPeer} in the LAN's.
 *
 * <p>Arguments: URL, user:password, output directory, time limit (s), interval (ms).
 */
public final class ViewProbe {
    /** What the page shows, read from its DOM: its poll count, the flows' paths and rates, the plots' figures. */
    static final String SAMPLE_JS = """
        (() => {
          const status = document.querySelector('#status');
          if (!status) return JSON.stringify({updated: -1, status: document.readyState});
          return JSON.stringify({
          updated: Number(status.dataset.updated),
          status: status.textContent,
          links: [...document.querySelectorAll('#links tbody tr')].map(r => r.dataset.state),
          flows: [...document.querySelectorAll('#flows tbody tr')].map(r => ({id: r.dataset.flow,
            path: r.dataset.path, rate: r.dataset.rate === '' ? null : Number(r.dataset.rate),
            rateText: r.children[3].textContent})),
          plots: [...document.querySelectorAll('#plots .plot')].map(p => ({peer: p.dataset.peer,
            points: Number(p.dataset.points || 0), canvas: p.querySelector('canvas') !== null,
            overlay: Number(p.dataset.overlayMbps || 0),
            bypass: p.dataset.bypassMbps === undefined ? null : Number(p.dataset.bypassMbps),
            bypassMax: Number(p.dataset.bypassMaxMbps || 0), caption: p.querySelector('.caption').textContent}))
          });
        })()""";
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern PAGE_SOCKET =
        Pattern.compile("\"type\": \"page\",[^}]*?\"webSocketDebuggerUrl\": \"(ws://[^\"]+)\"");
    private static final Pattern REPLY_ID = Pattern.compile("^\\{\"id\":(\\d+),");
    private static final Pattern EVENT = Pattern.compile("^\\{\"method\":\"([A-Za-z.]+)\"");
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]+)\"");
    private static final Pattern REQUEST_URL = Pattern.compile("\"request\":\\{\"url\":\"([^\"]*)\"");
    private static final Pattern ERROR_TEXT = Pattern.compile("\"errorText\":\"([^\"]*)\"");
    private static final Pattern EXCEPTION_TEXT = Pattern.compile("\"description\":\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final Map<String, String> requestUrls = new ConcurrentHashMap<>();
    private final Set<String> seenUrls = ConcurrentHashMap.newKeySet();
    private WebSocket socket;

    private ViewProbe() {
    }

    public static void main(final String[] args) throws Exception {
        final String url = args[0];
        final String login = args[1];
        final Path out = Path.of(args[2]);
        final int seconds = Integer.parseInt(args[3]);
        final int intervalMs = Integer.parseInt(args[4]);
        Files.createDirectories(out);
        final BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        final Thread stdin = new Thread(() -> readCommands(commands), "probe-commands");
        stdin.setDaemon(true);
        stdin.start();
        final Path profile = Files.createTempDirectory("vias-view-chromium");
        final Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--user-data-dir=" + profile, "--window-size=1280,2000", "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0", "about:blank").redirectErrorStream(true).start();
        // a probe killed by its test (SIGTERM) takes its browser with it
        final Thread cleanUp = new Thread(() -> stop(chromium, profile), "probe-clean-up");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try {
            final ViewProbe probe = new ViewProbe();
            probe.connect(chromium);
            probe.call("Network.enable", "{}");
            probe.call("Network.setExtraHTTPHeaders", "{\"headers\":{\"Authorization\":\"Basic "
                + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)) + "\"}}");
            probe.call("Runtime.enable", "{}");
            probe.call("Page.enable", "{}");
            probe.call("Page.navigate", "{\"url\":" + quote(url) + "}");
            probe.run(commands, out, TimeUnit.SECONDS.toNanos(seconds), intervalMs);
            print("DONE");
        } finally {
            stop(chromium, profile);
            Runtime.getRuntime().removeShutdownHook(cleanUp);
        }
    }

    /** Ends Chromium and its helper processes, and removes its temporary profile. */
    private static void stop(final Process chromium, final Path profile) {
        final List<ProcessHandle> helpers = chromium.descendants().toList();
        chromium.destroy();
        try {
            if (!chromium.waitFor(10, TimeUnit.SECONDS)) {
                chromium.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            chromium.destroyForcibly();
        }
        helpers.forEach(ProcessHandle::destroyForcibly);
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            print("PROFILE NOT REMOVED " + profile + ": " + e);
        }
    }

    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    private static synchronized void print(final String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void readCommands(final BlockingQueue<String> commands) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                commands.add(line.strip());
            }
        } catch (IOException e) {
            print("STDIN " + e);
        }
        commands.add("quit");
    }

    /** Samples every {@code intervalMs} and obeys the commands until {@code quit} or the time limit. */
    private void run(final BlockingQueue<String> commands, final Path out, final long limitNanos,
            final int intervalMs) throws Exception {
        final long end = System.nanoTime() + limitNanos;
        long nextSample = System.nanoTime();
        while (System.nanoTime() < end) {
            final long waitNanos = Math.max(0, nextSample - System.nanoTime());
            final String command = commands.poll(waitNanos, TimeUnit.NANOSECONDS);
            if (command == null) {
                print("SAMPLE " + evaluate(SAMPLE_JS));
                nextSample = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMs);
            } else if (command.equals("quit")) {
                return;
            } else if (command.matches("shot [a-z0-9-]+")) {
                final String name = command.substring("shot ".length());
                final String shown = evaluate(SAMPLE_JS);
                final String shot = call("Page.captureScreenshot", "{\"format\":\"png\"}");
                final Matcher data = Pattern.compile("\"data\":\"([A-Za-z0-9+/=]+)\"").matcher(shot);
                if (!data.find()) {
                    throw new IOException("no screenshot data: " + shot);
                }
                Files.write(out.resolve(name + ".png"), Base64.getDecoder().decode(data.group(1)));
                Files.writeString(out.resolve(name + ".html"), evaluate("document.documentElement.outerHTML"));
                print("SHOT " + name + " " + shown);
            } else if (!command.isEmpty()) {
                print("UNKNOWN COMMAND " + command);
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
                    onMessage(message.toString());
                    message.setLength(0);
                }
                ws.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    /** A reply to one of our calls, or an event: requests, failed loads and script errors are printed. */
    private void onMessage(final String message) {
        final Matcher id = REPLY_ID.matcher(message);
        if (id.find()) {
            final CompletableFuture<String> waiting = pending.remove(Integer.parseInt(id.group(1)));
            if (waiting != null) {
                waiting.complete(message);
            }
            return;
        }
        final Matcher event = EVENT.matcher(message);
        if (!event.find()) {
            return;
        }
        switch (event.group(1)) {
            case "Network.requestWillBeSent" -> {
                final Matcher request = REQUEST_ID.matcher(message);
                final Matcher requestUrl = REQUEST_URL.matcher(message);
                if (request.find() && requestUrl.find()) {
                    requestUrls.put(request.group(1), requestUrl.group(1));
                    if (seenUrls.add(requestUrl.group(1))) {
                        print("REQUEST " + requestUrl.group(1));
                    }
                }
            }
            case "Network.loadingFailed" -> {
                final Matcher request = REQUEST_ID.matcher(message);
                final Matcher error = ERROR_TEXT.matcher(message);
                print("FAILED " + (request.find() ? requestUrls.get(request.group(1)) : "?") + " "
                    + (error.find() ? error.group(1) : message));
            }
            case "Runtime.exceptionThrown" -> {
                final Matcher text = EXCEPTION_TEXT.matcher(message);
                print("EXCEPTION " + (text.find() ? unquote(text.group(1)) : message));
            }
            default -> {
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
        if (reply.startsWith("{\"id\":" + id + ",\"error\":")) {
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
