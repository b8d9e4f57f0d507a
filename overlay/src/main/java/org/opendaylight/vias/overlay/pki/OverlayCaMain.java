/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.pki;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.dtls.NodeIdentity;

/**
 * {@code scripts/overlay-ca}: runs an overlay CA from a directory ({@link OverlayCa}).
 *
 * <pre>
 * overlay-ca init DIR [--name NAME] [--days N]          create the CA (ca.key, ca.crt, issued/, revoked.list)
 * overlay-ca csr NODE_DIR UID                           on the node: node.key (kept if present) + node.csr
 * overlay-ca issue DIR UID --csr FILE --days N [--address A] [--groups g1,g2] [--out FILE]
 *                                                        sign a CSR; PEM to --out (the node's node.crt) or stdout
 * overlay-ca list DIR                                   every issued certificate, with its revocation state
 * overlay-ca revoke DIR SERIAL|FINGERPRINT              add to DIR/revoked.list (copy it to trust.revocations)
 * </pre>
 *
 * Exit status: 0 done, 1 failed (message on stderr), 2 usage.
 */
public final class OverlayCaMain {
    private static final String USAGE = """
        usage: overlay-ca init DIR [--name NAME] [--days N]
               overlay-ca csr NODE_DIR UID
               overlay-ca issue DIR UID --csr FILE --days N [--address A] [--groups g1,g2] [--out FILE]
               overlay-ca list DIR
               overlay-ca revoke DIR SERIAL|FINGERPRINT""";

    private OverlayCaMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, Clock.systemUTC()));
    }

    /** The whole tool, with its streams and clock injected (tests call this). */
    static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        if (args.length < 2) {
            err.println(USAGE);
            return 2;
        }
        final Path dir = Path.of(args[1]);
        final List<String> positional = new ArrayList<>();
        final Map<String, String> options;
        try {
            options = options(Arrays.copyOfRange(args, 2, args.length), positional);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            switch (args[0]) {
                case "init" -> {
                    allow(options, positional, 0, "--name", "--days");
                    final OverlayCa ca = OverlayCa.init(dir, options.getOrDefault("--name", "vias"),
                        Integer.parseInt(options.getOrDefault("--days", "3650")), clock);
                    final NodeCertificate cert = NodeCertificate.parse(ca.certificateDer());
                    out.println("ca " + dir.resolve(OverlayCa.CERT_FILE) + " fingerprint " + cert.fingerprint()
                        + " until " + cert.notAfter());
                }
                case "csr" -> {
                    allow(options, positional, 1);
                    OverlayCa.writeCsr(dir, Uid.parse(positional.get(0)));
                    out.println("csr " + dir.resolve(OverlayCa.CSR_FILE));
                }
                case "issue" -> {
                    allow(options, positional, 1, "--csr", "--days", "--address", "--groups", "--out");
                    final String csrFile = require(options, "--csr");
                    final int days = Integer.parseInt(require(options, "--days"));
                    final InetAddress address = options.containsKey("--address")
                        ? InetAddress.getByName(literalAddress(options.get("--address"))) : null;
                    final List<String> groups = options.containsKey("--groups")
                        ? List.of(options.get("--groups").split(",")) : List.of();
                    final NodeCertificate cert = OverlayCa.open(dir, clock).issue(
                        Files.readString(Path.of(csrFile), StandardCharsets.US_ASCII), Uid.parse(positional.get(0)),
                        days, address, groups);
                    if (options.containsKey("--out")) {
                        NodeIdentity.writeCertificate(Path.of(options.get("--out")), cert.holder().getEncoded());
                        out.println("issued serial " + cert.serialHex() + " fingerprint " + cert.fingerprint()
                            + " until " + cert.notAfter() + " -> " + options.get("--out"));
                    } else {
                        final StringWriter pem = new StringWriter();
                        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                            writer.writeObject(cert.holder());
                        }
                        out.print(pem);
                    }
                }
                case "list" -> {
                    allow(options, positional, 0);
                    final OverlayCa ca = OverlayCa.open(dir, clock);
                    final RevocationList revoked = ca.revocations();
                    for (NodeCertificate cert : ca.issued()) {
                        out.println("serial " + cert.serialHex() + " uid " + cert.uid()
                            + " address " + (cert.address() == null ? "-" : cert.address().getHostAddress())
                            + " groups " + (cert.groups().isEmpty() ? "-" : String.join(",", cert.groups()))
                            + " until " + cert.notAfter() + " fingerprint " + cert.fingerprint()
                            + (revoked.contains(cert) ? " REVOKED"
                                : cert.notAfter().isBefore(clock.instant()) ? " EXPIRED" : ""));
                    }
                }
                case "revoke" -> {
                    allow(options, positional, 1);
                    final OverlayCa ca = OverlayCa.open(dir, clock);
                    final RevocationList list = ca.revoke(positional.get(0));
                    out.println("revoked " + positional.get(0) + " -> " + ca.revocationFile() + " ("
                        + list.serials().size() + " serial(s), " + list.fingerprints().size() + " fingerprint(s))");
                }
                default -> {
                    err.println(USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            err.println("overlay-ca " + args[0] + ": " + e.getMessage());
            return 1;
        }
    }

    /** An address literal only: a host name would be resolved, and the CA must not depend on DNS. */
    private static String literalAddress(String text) {
        if (!text.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            throw new IllegalArgumentException("--address: must be an IPv4 or IPv6 literal: " + text);
        }
        return text;
    }

    private static Map<String, String> options(String[] args, List<String> positional) {
        final Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + ": needs a value");
                }
                options.put(args[i], args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        return options;
    }

    private static void allow(Map<String, String> options, List<String> positional, int count, String... known) {
        if (positional.size() != count) {
            throw new UsageException("expected " + count + " argument(s) after the directory, got " + positional);
        }
        final Set<String> allowed = Set.of(known);
        for (String key : options.keySet()) {
            if (!allowed.contains(key)) {
                throw new UsageException("unknown option " + key);
            }
        }
    }

    private static String require(Map<String, String> options, String key) {
        final String value = options.get(key);
        if (value == null) {
            throw new UsageException("missing " + key);
        }
        return value;
    }

    private static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
