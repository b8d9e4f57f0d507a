/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.vias.impl.overlay.OverlayFiles;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.dtls.CertificateRejectedException;
import org.opendaylight.vias.overlay.dtls.NodeIdentity;
import org.opendaylight.vias.overlay.pki.CaTrust;
import org.opendaylight.vias.overlay.pki.NodeCertificate;
import org.opendaylight.vias.overlay.pki.OverlayCa;

/**
 * {@code vias:cert}: this controller's own overlay certificate, CSR-style, so that its key never leaves it:
 * {@code request} makes {@code node.key} (kept if present) and prints a certificate request for its UID, the
 * operator's CA signs it ({@code scripts/overlay-ca issue}), {@code install FILE} puts the issued certificate in
 * place as {@code node.crt} after checking it, {@code show} says what the installed one binds and whether
 * {@code trust/ca} accepts it. Files are those of {@code vias:config} ({@link OverlayFiles}). The CA itself and its
 * key stay with the operator (scripts/overlay-ca): a controller signs nothing.
 */
@Service
@Command(scope = "vias", name = "cert", description = "This controller's overlay certificate: request | install "
    + "<file> | show")
public final class CertCommand implements Action {
    static final String USAGE = "usage: vias:cert show | vias:cert request | vias:cert install <certificate.pem>";

    @Reference
    private DataBroker broker;

    @Argument(index = 0, name = "action", required = false, description = "show (default), request or install")
    private String action;

    @Argument(index = 1, name = "file", required = false, description = "install: the PEM certificate the overlay "
        + "CA issued for this controller's request (relative to the Karaf home)")
    private String file;

    @Override
    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public Object execute() {
        String out;
        try {
            out = run(action, file, CurrentConfig.overlayFiles(broker), CurrentConfig.home(), Clock.systemUTC());
        } catch (CurrentConfig.CommandException e) {
            out = "Error: " + e.getMessage() + "\n";
        }
        System.out.print(out);
        return null;
    }

    static String run(final String verb, final String file, final OverlayFiles files, final Path home,
            final Clock clock) {
        try {
            if (verb == null || "show".equals(verb)) {
                return file != null ? "Error: show takes no argument\n" + USAGE + "\n" : show(files, clock);
            }
            if ("request".equals(verb)) {
                return file != null ? "Error: request takes no argument\n" + USAGE + "\n" : request(files);
            }
            if ("install".equals(verb)) {
                return file == null ? "Error: install needs the certificate file\n" + USAGE + "\n"
                    : install(files, home.resolve(file), clock);
            }
            return "Error: unknown action '" + verb + "'\n" + USAGE + "\n";
        } catch (IOException | IllegalArgumentException e) {
            return "Error: " + e.getMessage() + "\n";
        }
    }

    static String request(final OverlayFiles files) throws IOException {
        final Uid uid = files.uid();
        final Path dir = files.identityDir();
        final String pem = OverlayCa.writeCsr(dir, uid);
        return "Certificate request for uid " + uid + " (its key " + dir.resolve("node.key")
            + " stays on this controller; the request is also in " + dir.resolve(OverlayCa.CSR_FILE) + ").\n"
            + "Sign it with the overlay CA, e.g. scripts/overlay-ca issue CA_DIR " + uid
            + " --csr node.csr --days 365 [--address A] [--groups g1,g2] --out node.crt,\n"
            + "then on this controller: vias:cert install node.crt\n" + pem;
    }

    static String install(final OverlayFiles files, final Path certFile, final Clock clock) throws IOException {
        if (!Files.isRegularFile(certFile)) {
            throw new IllegalArgumentException(certFile + ": no such file");
        }
        final Uid uid = files.uid();
        if (files.trustCa() != null) {
            try {
                CaTrust.load(files.trustCa(), files.revocations(), clock).check(
                    NodeIdentity.readCertificate(certFile), uid);
            } catch (CertificateRejectedException e) {
                return "Error: not installed: trust/ca " + files.trustCa() + " refuses it (" + e.reason() + "): "
                    + e.getMessage() + "\n";
            }
        }
        final NodeCertificate cert = OverlayCa.installCertificate(files.identityDir(), certFile, uid);
        return "Installed " + files.identityDir().resolve("node.crt") + ": uid " + cert.uid() + ", serial "
            + cert.serialHex() + ", valid until " + cert.notAfter() + ", fingerprint " + cert.fingerprint() + "\n"
            + (files.trustCa() == null
                ? "trust/ca is not set: peers still trust this node by the fingerprint it announces; set trust/ca "
                    + "to the overlay CA's certificate to require certificates on every link.\n"
                : "The overlay node presents it from its next start (a change of vias:config identity, xmpp, stun, "
                    + "turn or trust, or a controller restart).\n");
    }

    static String show(final OverlayFiles files, final Clock clock) throws IOException {
        final Path certFile = files.identityDir().resolve("node.crt");
        if (!Files.exists(certFile)) {
            return "No certificate: " + certFile + " does not exist (vias:cert request, then vias:cert install "
                + "FILE; without trust/ca the overlay node makes a self-signed one at its first start).\n";
        }
        final byte[] der = NodeIdentity.readCertificate(certFile);
        final NodeCertificate cert = NodeCertificate.parse(der);
        final Instant now = clock.instant();
        final boolean selfSigned = cert.holder().getIssuer().equals(cert.holder().getSubject());
        final StringBuilder sb = new StringBuilder("Certificate ").append(certFile).append('\n');
        line(sb, "uid", cert.uid() == null ? "(none: not a node certificate of an overlay CA)" : cert.uid());
        line(sb, "address", cert.address() == null ? "-" : cert.address().getHostAddress());
        line(sb, "groups", cert.groups().isEmpty() ? "-" : String.join(",", cert.groups()));
        line(sb, "serial", cert.serialHex());
        line(sb, "issuer", cert.holder().getIssuer() + (selfSigned ? " (self-signed: trusted by fingerprint only)"
            : ""));
        line(sb, "valid", cert.notBefore() + " .. " + cert.notAfter() + " (" + validity(cert, now) + ")");
        line(sb, "fingerprint", cert.fingerprint());
        if (files.trustCa() == null) {
            line(sb, "trust/ca", "not set (peers are trusted by the fingerprint they announce)");
        } else {
            final Uid self = files.existingUid().orElse(cert.uid());
            String verdict;
            try {
                if (self == null) {
                    throw new IllegalArgumentException("binds no UID");
                }
                CaTrust.load(files.trustCa(), files.revocations(), clock).check(der, self);
                verdict = "accepted by " + files.trustCa();
            } catch (CertificateRejectedException e) {
                verdict = "REFUSED by " + files.trustCa() + ": " + e.reason() + " (" + e.getMessage() + ")";
            } catch (IllegalArgumentException e) {
                verdict = "REFUSED: " + e.getMessage();
            }
            line(sb, "trust/ca", verdict);
        }
        return sb.toString();
    }

    private static String validity(final NodeCertificate cert, final Instant now) {
        if (now.isBefore(cert.notBefore())) {
            return "NOT YET VALID";
        }
        if (now.isAfter(cert.notAfter())) {
            return "EXPIRED";
        }
        return Duration.between(now, cert.notAfter()).toDays() + " days left";
    }

    private static void line(final StringBuilder sb, final String name, final Object value) {
        sb.append(String.format("  %-12s %s%n", name, value));
    }
}
