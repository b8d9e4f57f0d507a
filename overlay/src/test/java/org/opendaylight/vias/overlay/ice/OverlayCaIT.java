/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.CertificateRejection;
import org.opendaylight.vias.overlay.dtls.NodeIdentity;
import org.opendaylight.vias.overlay.pki.NodeCertificate;
import org.opendaylight.vias.overlay.pki.OverlayCa;
import org.opentest4j.TestAbortedException;

/**
 * The overlay CA end to end: discovery nodes in the testbed (scripts/testbed: Prosody with TLS required and a
 * certificate from the testbed's XMPP CA, coturn, one NAT router namespace per site) link over XMPP, ICE and DTLS
 * only with a certificate of the overlay CA that binds the UID they claim and is not revoked. One testbed for all
 * tests, in order; every node and namespace goes with it in {@link #tearDown}, also after a failure.
 *
 * <pre>
 *  site 1  A  uid ..01  certificate of the overlay CA                    (the good link A-B, pinged throughout)
 *  site 2  B  uid ..02  certificate of the overlay CA
 *  site 3  C  uid ..03  self-signed certificate (no trust.ca: a CA-less node)
 *  site 4  D  uid ..04  certificate of another CA with the same name (trust.ca = that CA)
 *  site 5  E  claims uid ..07 (a member whose certificate exists but who is offline) with its own valid overlay-CA
 *             certificate for uid ..05
 *  site 6  R  uid ..06  certificate of the overlay CA, revoked with scripts/overlay-ca while linked
 * </pre>
 * A and B have the lowest UIDs, so they are the DTLS client of every other link and always see the other end's
 * certificate first: their link status ({@code status.file}, one line per peer) counts every refusal by reason
 * ({@code rejections={REASON=n}}). Needs root, Prosody, coturn: without them the tests fail (never skip).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverlayCaIT {
    private static final int A = 1;
    private static final int B = 2;
    private static final int SELF_SIGNED = 3;
    private static final int OTHER_CA = 4;
    private static final int IMPERSONATOR = 5;
    private static final int REVOKED = 6;
    /** The UID the impersonator claims: issued by the overlay CA to a node that is not running. */
    private static final int VICTIM_UID = 7;
    /** How long a node that must never link is watched, at least (after it started). */
    private static final int NEVER_LINK_SECONDS = 15;
    private static final Path CA_DIR = Testbed.RUN_DIR.resolve("overlay-ca");
    private static final Path OTHER_CA_DIR = Testbed.RUN_DIR.resolve("other-ca");

    private static Testbed tb;
    private static NodeCertificate revokedNodeCert;
    private static PingLoop goodLinkPing;

    @BeforeAll
    static void setUp() throws Exception {
        try {
            Testbed.requireHost();
        } catch (TestAbortedException e) {
            fail("OverlayCaIT cannot run on this host: " + e.getMessage());
        }
        tb = Testbed.up(6, "full-cone");
        final OverlayCa ca = OverlayCa.init(CA_DIR, "vias-it", 1, Clock.systemUTC());
        // the same name, so the same subject: only the signature tells the two CAs apart
        final OverlayCa otherCa = OverlayCa.init(OTHER_CA_DIR, "vias-it", 1, Clock.systemUTC());
        issue(ca, A, A);
        issue(ca, B, B);
        issue(otherCa, OTHER_CA, OTHER_CA);
        issue(ca, IMPERSONATOR, IMPERSONATOR);
        revokedNodeCert = issue(ca, REVOKED, REVOKED);
        // the member whose UID the impersonator claims: its key and certificate stay in a directory no node uses
        final Path victim = Testbed.RUN_DIR.resolve("offline-member");
        ca.issue(OverlayCa.writeCsr(victim, uid(VICTIM_UID)), uid(VICTIM_UID), 1, null, List.of());
        caNode(A);
        caNode(B);
        assertTrue(Testbed.await(40, () -> linkUp(A, B) && linkUp(B, A)),
            () -> "A and B, both with certificates of the overlay CA, did not link:\n" + Testbed.status(A)
                + Testbed.status(B) + Testbed.logText(A));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (goodLinkPing != null) {
            goodLinkPing.process.destroyForcibly();
        }
        if (tb != null) {
            keepLogs();
            tb.close();
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void nodesWithCertificatesOfTheOverlayCaLinkOverTlsSignalingIceAndDtls() throws Exception {
        // Prosody requires TLS before authentication: being in the room means XMPP ran over TLS
        final String prosody = Files.readString(Testbed.RUN_DIR.resolve("prosody.cfg.lua"), StandardCharsets.UTF_8);
        assertTrue(prosody.contains("c2s_require_encryption = true"), prosody);
        assertTrue(Testbed.status(A).contains("xmpp=joined"), Testbed.status(A));
        for (int[] ends : new int[][] {{A, B}, {B, A}}) {
            final String log = Testbed.logText(ends[0]);
            assertTrue(log.contains("peer verified by overlay CA") && log.contains("for uid " + uid(ends[1])),
                "site " + ends[0] + " verified its peer by the overlay CA:\n" + log);
        }
        final String ping = tb.ping(A, B, 5);
        assertTrue(ping.contains(" 0% packet loss"), ping);
        // from here to the last test, A pings B every 200 ms while the other nodes come, fail and are revoked
        goodLinkPing = PingLoop.start(A, B);
    }

    @Test
    @Order(2)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void selfSignedAndOtherCaNodesInTheRoomNeverLink() throws Exception {
        // CA-less: no trust.ca, so the node makes itself a self-signed certificate and pins announced fingerprints
        tb.node(SELF_SIGNED);
        tb.node(OTHER_CA, "--set", "trust.ca=" + OTHER_CA_DIR.resolve(OverlayCa.CERT_FILE));
        final Watch watch = Watch.neverLinked(List.of(SELF_SIGNED, OTHER_CA), CertificateRejection.NOT_SIGNED_BY_CA);
        watch.assertRefusedRepeatedly(SELF_SIGNED);
        watch.assertRefusedRepeatedly(OTHER_CA);
    }

    @Test
    @Order(3)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void nodeClaimingAnotherMembersUidWithItsOwnValidCertificateNeverLinks() throws Exception {
        // no trust.ca on the impersonator itself, or it would refuse to start with a certificate for another UID
        tb.node(IMPERSONATOR, "--uid", uid(VICTIM_UID).toString());
        final String issued = tb.run(30, "env", "OVERLAY_CLASSPATH=" + classpath(), "scripts/overlay-ca", "list",
            CA_DIR.toString());
        assertTrue(issued.contains("uid " + uid(VICTIM_UID)) && issued.contains("uid " + uid(IMPERSONATOR)),
            "both UIDs are genuine members of the overlay:\n" + issued);
        final Watch watch = Watch.neverLinked(List.of(VICTIM_UID), CertificateRejection.UID_MISMATCH);
        watch.assertRefusedRepeatedly(VICTIM_UID);
    }

    @Test
    @Order(4)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void revokedNodeIsCutOffWithinSecondsAndCannotRelink() throws Exception {
        caNode(REVOKED);
        assertTrue(Testbed.await(40, () -> linkUp(A, REVOKED) && linkUp(B, REVOKED)),
            () -> "R did not link before its revocation:\n" + Testbed.status(A) + Testbed.status(B));
        assertTrue(tb.ping(A, REVOKED, 3).contains(" 0% packet loss"), "R answers before its revocation");

        // the operator revokes R; A and B read trust.revocations (the CA's revoked.list) while running
        final long revokedAt = System.nanoTime();
        final String out = tb.run(30, "env", "OVERLAY_CLASSPATH=" + classpath(), "scripts/overlay-ca", "revoke",
            CA_DIR.toString(), revokedNodeCert.serialHex());
        assertTrue(out.contains("revoked"), out);
        assertTrue(Testbed.await(10, () -> !linkUp(A, REVOKED) && !linkUp(B, REVOKED)),
            () -> "R's links still up 10 s after the revocation:\n" + Testbed.status(A) + Testbed.status(B));
        final double downSeconds = (System.nanoTime() - revokedAt) / 1e9;
        System.out.printf("revocation: R's links to A and B down %.1f s after overlay-ca revoke was started%n",
            downSeconds);
        // "within seconds": the status file is written every second, nodes re-read the list and re-check every second
        assertTrue(downSeconds < 6, "R's links went down " + downSeconds + " s after the revocation");

        final Watch watch = Watch.neverLinked(List.of(REVOKED), CertificateRejection.REVOKED);
        watch.assertRefusedRepeatedly(REVOKED);
        final String ping = tb.ping(A, REVOKED, 3);
        assertTrue(ping.contains(" 100% packet loss"), "R is no longer reachable over the overlay: " + ping);
        final String list = tb.run(30, "env", "OVERLAY_CLASSPATH=" + classpath(), "scripts/overlay-ca", "list",
            CA_DIR.toString());
        assertTrue(list.lines().anyMatch(l -> l.contains("uid " + uid(REVOKED)) && l.endsWith("REVOKED")), list);
    }

    @Test
    @Order(5)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theGoodLinkAnsweredPingThroughout() throws Exception {
        assertTrue(goodLinkPing != null, "the ping loop was started by the first test");
        final PingLoop.Summary summary = goodLinkPing.stop();
        System.out.println("good link A-B under the bad nodes and the revocation: " + summary);
        final long expected = summary.seconds() * 1000 / PingLoop.INTERVAL_MILLIS;
        assertTrue(summary.transmitted() >= expected * 8 / 10, "the loop pinged all along: " + summary);
        assertTrue(summary.transmitted() - summary.received() <= 2, "at most two pings lost: " + summary);
        // and the A-B DTLS session itself was never re-made
        assertEquals(1, counter(peerLine(A, B), "handshakes"), peerLine(A, B));
        assertTrue(linkUp(A, B) && linkUp(B, A), Testbed.status(A) + Testbed.status(B));
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The nodes' logs and status files outlive the testbed, in target/overlay-ca-it/ (for a failure's reader). */
    private static void keepLogs() throws IOException {
        final Path keep = Path.of("target", "overlay-ca-it");
        Files.createDirectories(keep);
        for (int site = A; site <= REVOKED; site++) {
            for (String name : List.of("node.log", "status.txt")) {
                final Path file = Testbed.RUN_DIR.resolve("nodes/" + site + "/" + name);
                if (Files.exists(file)) {
                    Files.copy(file, keep.resolve("site" + site + "-" + name),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Starts the discovery node of SITE with its overlay-CA certificate and the CA's live revocation list. */
    private static void caNode(int site) throws IOException {
        tb.node(site, "--set", "trust.ca=" + CA_DIR.resolve(OverlayCa.CERT_FILE),
            "--set", "trust.revocations=" + CA_DIR.resolve(OverlayCa.REVOKED_FILE));
    }

    /**
     * The operator's flow (what scripts/overlay-ca csr/issue do): the node makes its key and CSR in its identity
     * directory (scripts/testbed-node's identity.dir), the CA signs the CSR for {@code uidNumber}.
     */
    private static NodeCertificate issue(OverlayCa ca, int site, int uidNumber) throws IOException {
        final Path identity = Testbed.RUN_DIR.resolve("nodes/" + site + "/identity");
        final String csr = OverlayCa.writeCsr(identity, uid(uidNumber));
        final NodeCertificate cert = ca.issue(csr, uid(uidNumber), 1, null, List.of());
        NodeIdentity.writeCertificate(identity.resolve("node.crt"), cert.holder().getEncoded());
        return cert;
    }

    /** scripts/testbed-node's default UID for a site: the site number as 40 hex digits. */
    private static Uid uid(int number) {
        return Uid.parse(String.format("%040x", number));
    }

    private static String peerLine(int site, int peerUid) {
        final String prefix = "peer " + uid(peerUid) + " ";
        return Testbed.status(site).lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
    }

    private static boolean linkUp(int site, int peerUid) {
        return peerLine(site, peerUid).contains(" link=up");
    }

    private static long counter(String line, String name) {
        final Matcher m = Pattern.compile(" " + name + "=(\\d+)").matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The count of {@code reason} in a peer line's {@code rejections={...}}, 0 if absent. */
    static long rejections(String line, CertificateRejection reason) {
        final Matcher m = Pattern.compile("rejections=\\{[^}]*\\b" + reason + "=(\\d+)").matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /**
     * Watches A's and B's link status for peers that must never link, every 250 ms for at least
     * {@link #NEVER_LINK_SECONDS} (longer, up to 40 s, until each was refused twice by both): any {@code link=up}
     * fails at once. Records, per peer and watching node, how often the expected reason was seen to rise.
     */
    private static final class Watch {
        private final CertificateRejection reason;
        private final Map<Integer, long[]> risesByPeer = new java.util.HashMap<>();
        private final Map<Integer, String> lastLines = new java.util.HashMap<>();

        private Watch(CertificateRejection reason) {
            this.reason = reason;
        }

        static Watch neverLinked(List<Integer> peers, CertificateRejection reason) throws InterruptedException {
            final Watch w = new Watch(reason);
            final int[] watchers = {A, B};
            final Map<String, Long> last = new java.util.HashMap<>();
            final long start = System.nanoTime();
            while (true) {
                final long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                boolean allRefusedTwice = true;
                for (int peer : peers) {
                    final long[] rises = w.risesByPeer.computeIfAbsent(peer, p -> new long[watchers.length]);
                    for (int i = 0; i < watchers.length; i++) {
                        final String line = peerLine(watchers[i], peer);
                        w.lastLines.put(peer * 10 + watchers[i], line);
                        if (line.contains(" link=up")) {
                            fail("site " + watchers[i] + " linked with uid " + uid(peer) + " after " + elapsed
                                + " s: " + line + "\n" + Testbed.status(watchers[i]));
                        }
                        // counters live as long as one link attempt: a drop to a lower value is a new attempt
                        final long now = rejections(line, reason);
                        final long before = last.getOrDefault(peer + "@" + watchers[i], 0L);
                        if (now > before || now < before && now > 0) {
                            rises[i] += now > before ? now - before : now;
                        }
                        last.put(peer + "@" + watchers[i], now);
                        allRefusedTwice &= rises[i] >= 2;
                    }
                }
                if (elapsed >= NEVER_LINK_SECONDS && allRefusedTwice || elapsed >= 40) {
                    return w;
                }
                Thread.sleep(250);
            }
        }

        /** Both A and B counted this peer's certificate as refused for the reason, more than once. */
        void assertRefusedRepeatedly(int peer) {
            final long[] rises = risesByPeer.get(peer);
            final Map<CertificateRejection, Long> seen = new EnumMap<>(CertificateRejection.class);
            for (int i = 0; i < rises.length; i++) {
                final String line = lastLines.get(peer * 10 + (i == 0 ? A : B));
                for (CertificateRejection r : CertificateRejection.values()) {
                    seen.merge(r, rejections(line, r), Long::sum);
                }
                assertTrue(rises[i] >= 2, "site " + (i == 0 ? A : B) + " counted " + reason + " for uid " + uid(peer)
                    + " " + rises[i] + " time(s) (expected the count to rise with every refused handshake): " + line);
            }
            System.out.println("uid " + uid(peer) + " refused: " + reason + " counted " + rises[0] + "x by A, "
                + rises[1] + "x by B; last status line at A: " + lastLines.get(peer * 10 + A));
            seen.remove(reason);
            seen.values().removeIf(n -> n == 0);
            assertTrue(seen.isEmpty(), "only " + reason + " was counted for uid " + uid(peer) + ", not " + seen);
        }
    }

    /** {@code ping -i 0.2} from one site to another's overlay address until {@link #stop}; ends with SIGINT. */
    private record PingLoop(Process process, Path output, long startNanos) {
        static final int INTERVAL_MILLIS = 200;
        private static final Pattern SUMMARY =
            Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

        /** {@code lost}: ping's "no answer yet" lines (with their -D timestamps) of the pings never answered. */
        record Summary(long transmitted, long received, long seconds, List<String> lost) {
        }

        static PingLoop start(int fromSite, int toSite) throws IOException {
            final Path out = Files.createTempFile("vias-ca-it-ping", ".out");
            // scripts/testbed exec execs ip netns exec, which execs ping: the process is ping itself
            final Process p = new ProcessBuilder("scripts/testbed", "exec", Integer.toString(fromSite), "--", "ping",
                "-n", "-D", "-O", "-i", Double.toString(INTERVAL_MILLIS / 1000.0), "-W", "2", "10.254.0." + toSite)
                .directory(Testbed.ROOT.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            return new PingLoop(p, out, System.nanoTime());
        }

        Summary stop() throws Exception {
            final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
            // SIGINT, so ping prints its statistics
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            final String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.createDirectories(Path.of("target", "overlay-ca-it"));
            final Matcher m = SUMMARY.matcher(text);
            assertTrue(m.find(), "ping statistics:\n" + text);
            final java.util.Set<String> answered = new java.util.HashSet<>();
            final Matcher seq = Pattern.compile("icmp_seq=(\\d+) ttl=").matcher(text);
            while (seq.find()) {
                answered.add(seq.group(1));
            }
            final List<String> lost = text.lines().filter(l -> l.contains("no answer yet")).filter(l -> {
                final Matcher n = Pattern.compile("icmp_seq=(\\d+)").matcher(l);
                return n.find() && !answered.contains(n.group(1));
            }).toList();
            Files.copy(output, Path.of("target", "overlay-ca-it", "good-link-ping.txt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(output);
            return new Summary(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), seconds, lost);
        }
    }
}
