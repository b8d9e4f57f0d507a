/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.vias.impl.overlay.OverlayFiles;
import org.opendaylight.vias.overlay.pki.RevocationList;

/**
 * {@code vias:ca}: this controller's copy of the overlay's revocation list, the file {@code trust/revocations} that
 * its overlay node re-reads every second: {@code revocations} lists it, {@code revoke SERIAL|FINGERPRINT} adds an
 * entry (a revoked peer's link ends within seconds and cannot come back). The CA's key is not on the controller:
 * issuing stays with {@code scripts/overlay-ca}, whose {@code revoke} writes the same format, so the operator can
 * revoke there and copy the file, or revoke here on each controller.
 */
@Service
@Command(scope = "vias", name = "ca", description = "The overlay's revocation list on this controller "
    + "(trust/revocations): revocations | revoke <serial|sha256-fingerprint>")
public final class CaCommand implements Action {
    static final String USAGE = "usage: vias:ca revocations | vias:ca revoke <serial-hex|sha256-fingerprint>";

    @Reference
    private DataBroker broker;

    @Argument(index = 0, name = "action", required = false, description = "revocations (default) or revoke")
    private String action;

    @Argument(index = 1, name = "entry", required = false,
        description = "revoke: a certificate serial (hex, as vias:cert show and overlay-ca list print it) or its "
            + "SHA-256 fingerprint")
    private String entry;

    @Override
    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public Object execute() {
        String out;
        try {
            out = run(action, entry, CurrentConfig.overlayFiles(broker));
        } catch (CurrentConfig.CommandException e) {
            out = "Error: " + e.getMessage() + "\n";
        }
        System.out.print(out);
        return null;
    }

    static String run(final String verb, final String entry, final OverlayFiles files) {
        if (verb != null && !"revocations".equals(verb) && !"revoke".equals(verb)) {
            return "Error: unknown action '" + verb + "'\n" + USAGE + "\n";
        }
        final Path file = files.revocations();
        if (file == null) {
            return "Error: trust/revocations is not set in vias:config: set it (with trust/ca) to the revocation "
                + "list file this controller's overlay node reads\n";
        }
        try {
            if ("revoke".equals(verb)) {
                if (entry == null) {
                    return "Error: revoke needs a serial or fingerprint\n" + USAGE + "\n";
                }
                return revoke(file, entry, files.trustCa() != null);
            }
            if (entry != null) {
                return "Error: revocations takes no argument\n" + USAGE + "\n";
            }
            return list(file, load(file));
        } catch (IOException | IllegalArgumentException e) {
            return "Error: " + e.getMessage() + "\n";
        }
    }

    private static String revoke(final Path file, final String entry, final boolean trustCa) throws IOException {
        final RevocationList before = load(file);
        final RevocationList after = before.withEntry(entry);
        if (after.equals(before)) {
            return "Already revoked: " + entry + " (" + file + ")\n";
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        after.save(file);
        return "Revoked " + (RevocationList.isFingerprint(entry) ? "fingerprint " : "serial ") + entry + " in " + file
            + " (" + after.serials().size() + " serial(s), " + after.fingerprints().size() + " fingerprint(s)); "
            + (trustCa ? "the overlay node applies it within a second.\n"
                : "trust/ca is not set, so nothing checks the list yet.\n");
    }

    /** The list in {@code file}; a missing file is an empty list, one that does not parse an error naming the line. */
    private static RevocationList load(final Path file) throws IOException {
        try {
            return Files.exists(file) ? RevocationList.load(file) : RevocationList.EMPTY;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static String list(final Path file, final RevocationList list) {
        final StringBuilder sb = new StringBuilder("Revocation list ").append(file)
            .append(Files.exists(file) ? "" : " (no file yet: empty)").append('\n');
        list.serials().stream().sorted(Comparator.comparing((BigInteger serial) -> serial.toString(16)))
            .forEach(serial -> sb.append("  serial ").append(serial.toString(16)).append('\n'));
        list.fingerprints().stream().map(Object::toString).sorted()
            .forEach(fingerprint -> sb.append("  sha256 ").append(fingerprint).append('\n'));
        sb.append(list.serials().size()).append(" serial(s), ").append(list.fingerprints().size())
            .append(" fingerprint(s)\n");
        return sb.toString();
    }
}
