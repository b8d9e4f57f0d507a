/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.opendaylight.vias.testing.HostPreconditions.requireRoot;
import static org.opendaylight.vias.testing.HostPreconditions.requireTools;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XMPP over TLS against real Prosody servers on loopback, set up the way the testbeds set theirs up
 * ({@code scripts/lib/xmpp-tls.sh}): a client that trusts the server's CA logs in over TLS; one that trusts another
 * CA, or only the system trust store, is refused saying so; a certificate naming another domain is refused; a
 * server that offers no TLS is refused.
 */
class SignalingTlsIT {
    private static final String DOMAIN = "vias.test";
    private static final String PASSWORD = "tls-it-pass";
    private static final Path REPO = findRepo();
    private static final List<Process> SERVERS = new ArrayList<>();

    @TempDir
    static Path dir;
    private static int tlsPort;
    private static int wrongNamePort;
    private static int cleartextPort;

    @BeforeAll
    static void startServers() throws Exception {
        requireRoot(); // Prosody keeps its key readable only to the user that made it: run_as_root
        requireTools("prosody", "prosodyctl", "openssl");
        makeCertificates("good", DOMAIN);
        makeCertificates("other", DOMAIN);
        makeCertificates("wrongname", "elsewhere.test");
        tlsPort = startProsody("tls", tlsLines("good"), true);
        wrongNamePort = startProsody("wrongname", tlsLines("wrongname"), true);
        cleartextPort = startProsody("cleartext", """
            c2s_require_encryption = false
            allow_unencrypted_plain_auth = true
            modules_disabled = { "tls" }
            """, false);
    }

    @AfterAll
    static void stopServers() {
        SERVERS.forEach(p -> {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void clientTrustingTheServersCaLogsInOverTls() throws Exception {
        try (SignalingClient client = client(tlsPort, dir.resolve("good/xmpp-ca.crt"))) {
            client.connect();
            assertTrue(client.isJoined(), "joined the overlay room");
            assertTrue(client.isSecure(), "the stream is TLS");
        }
    }

    @Test
    void clientTrustingAnotherCaIsRefusedNamingItsCaFile() {
        final Path otherCa = dir.resolve("other/xmpp-ca.crt");
        final SignalingException e = assertThrows(SignalingException.class, () -> connect(tlsPort, otherCa));
        assertTrue(e.getMessage().contains("certificate is not trusted by xmpp.tls-ca=" + otherCa), e.getMessage());
    }

    @Test
    void theSystemTrustStoreDoesNotTrustATestbedCa() {
        final SignalingException e = assertThrows(SignalingException.class, () -> connect(tlsPort, null));
        assertTrue(e.getMessage().contains("not trusted by the system trust store"), e.getMessage());
    }

    @Test
    void aCertificateForAnotherDomainIsRefused() {
        final SignalingException e = assertThrows(SignalingException.class,
            () -> connect(wrongNamePort, dir.resolve("wrongname/xmpp-ca.crt")));
        assertTrue(e.getMessage().contains("does not name xmpp.domain=" + DOMAIN), e.getMessage());
    }

    @Test
    void aServerWithoutTlsIsRefused() {
        final SignalingException e = assertThrows(SignalingException.class,
            () -> connect(cleartextPort, dir.resolve("good/xmpp-ca.crt")));
        assertTrue(e.getMessage().contains("offers no TLS (STARTTLS) and VIAS refuses cleartext XMPP"),
            e.getMessage());
    }

    @Test
    void anUnreadableCaFileIsAConfigErrorNamingTheKey() throws IOException {
        final Path notPem = Files.writeString(dir.resolve("not-a-cert.pem"), "hello");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> client(tlsPort, notPem).close());
        assertTrue(e.getMessage().startsWith("invalid xmpp.tls-ca=" + notPem), e.getMessage());
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> client(tlsPort, dir.resolve("missing.crt")).close());
        assertTrue(missing.getMessage().contains("cannot read it"), missing.getMessage());
    }

    private static void connect(int port, Path ca) throws SignalingException {
        try (SignalingClient client = client(port, ca)) {
            client.connect();
        }
    }

    private static SignalingClient client(int port, Path ca) {
        final SignalingConfig config = new SignalingConfig("127.0.0.1", port, DOMAIN, "node1", PASSWORD, "tls-it",
            null, 5000, 5000, ca);
        return new SignalingClient(config, ViasSignal.presence("ab".repeat(20), "00".repeat(32), Map.of()),
            new SignalingClient.Listener() {
                @Override
                public void peerPresent(ViasSignal presence) {
                }

                @Override
                public void peerGone(String uid) {
                }

                @Override
                public void signal(ViasSignal signal) {
                }
            });
    }

    private static void makeCertificates(String name, String domain) throws Exception {
        exec(30, REPO.resolve("scripts/lib/xmpp-tls.sh").toString(), "make", dir.resolve(name).toString(), domain);
    }

    private static String tlsLines(String name) throws Exception {
        return exec(10, REPO.resolve("scripts/lib/xmpp-tls.sh").toString(), "prosody-config",
            dir.resolve(name).toString());
    }

    /** A Prosody on a free loopback port with one account, node1; returns the port once it listens. */
    private static int startProsody(String name, String security, boolean tls) throws Exception {
        final Path home = Files.createDirectories(dir.resolve("prosody-" + name));
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        final Path config = home.resolve("prosody.cfg.lua");
        Files.writeString(config, """
            pidfile = "%1$s/prosody.pid"
            data_path = "%1$s"
            daemonize = false
            run_as_root = true
            interfaces = { "127.0.0.1" }
            c2s_ports = { %2$d }
            s2s_ports = { }
            component_ports = { }
            http_ports = { }
            https_ports = { }
            authentication = "internal_plain"
            storage = "internal"
            log = { info = "%1$s/prosody.log"; error = "%1$s/prosody.err" }
            %3$s
            modules_enabled = { "roster"; "saslauth"; "disco"; "ping"; "presence"; "posix"%4$s }
            VirtualHost "%5$s"
            Component "conference.%5$s" "muc"
                restrict_room_creation = false
                muc_room_locking = false
            """.formatted(home, port, security, tls ? "; \"tls\"" : "", DOMAIN), StandardCharsets.UTF_8);
        exec(30, "prosodyctl", "--config", config.toString(), "register", "node1", DOMAIN, PASSWORD);
        final Process prosody = new ProcessBuilder("prosody", "--config", config.toString())
            .redirectErrorStream(true).redirectOutput(home.resolve("prosody.out").toFile()).start();
        SERVERS.add(prosody);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return port;
            } catch (IOException e) {
                if (!prosody.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("prosody " + name + " did not listen on 127.0.0.1:" + port + ":\n"
            + Files.readString(home.resolve("prosody.out")));
    }

    private static String exec(int timeoutSeconds, String... cmd) throws Exception {
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final String out;
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " timed out");
        }
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }

    private static Path findRepo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scripts/lib/xmpp-tls.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("scripts/lib/xmpp-tls.sh not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
