/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.bypass.BypassPath;
import org.opendaylight.vias.overlay.bypass.PortReservation.Reservation;
import org.opendaylight.vias.overlay.bypass.UnderlayEndpoint;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.rules.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the agreed (active) bypasses survive a controller crash, so that {@code BypassNegotiator.restore} and
 * {@code reconcile} can take them back instead of orphaning their rules. Not the datastore: the operational store
 * does not survive a restart and the config store is the operator's. One line per bypass, in a file under Karaf's
 * data directory, replaced atomically.
 */
public interface AgreedStore {

    /** One agreed bypass and the MAC of its local VM (needed to rebuild its inbound rule). */
    record Stored(BypassPath path, MacAddress vmMac) {
    }

    List<Stored> load();

    void save(List<Stored> agreed);

    /** Keeps nothing (tests, or no writable data directory). */
    AgreedStore NONE = new AgreedStore() {
        @Override
        public List<Stored> load() {
            return List.of();
        }

        @Override
        public void save(final List<Stored> agreed) {
        }
    };

    /** The file store. */
    static AgreedStore file(final Path file) {
        return new FileStore(file);
    }

    /** Encodes one bypass as a line of space-separated fields. */
    static String encode(final Stored stored) {
        final BypassPath p = stored.path();
        final FlowKey f = p.flow();
        return String.join(" ", "v2", Long.toString(p.id()), p.peer().toString(), p.role().name(),
            Integer.toString(f.protocol()), Integer.toUnsignedString(f.srcIp()), Integer.toString(f.srcPort()),
            Integer.toUnsignedString(f.dstIp()), Integer.toString(f.dstPort()),
            Integer.toUnsignedString(p.local().endpoint().ip()), Integer.toString(p.local().endpoint().port()),
            Integer.toString(p.local().allocatedPort()), Integer.toUnsignedString(p.remote().endpoint().ip()),
            Integer.toString(p.remote().endpoint().port()), Integer.toString(p.remote().allocatedPort()),
            stored.vmMac() == null ? "-" : stored.vmMac().value(), Integer.toUnsignedString(p.local().underlayIp()));
    }

    /**
     * Decodes a line of {@link #encode}; throws IllegalArgumentException on anything else. v2 adds our own underlay
     * address (apart from the announced endpoint behind a NAT); a v1 line, written before, had them equal.
     */
    static Stored decode(final String line) {
        final String[] f = line.trim().split(" ");
        final boolean v2 = f.length == 17 && "v2".equals(f[0]);
        if (!v2 && (f.length != 16 || !"v1".equals(f[0]))) {
            throw new IllegalArgumentException("not a v1 or v2 bypass line: " + line);
        }
        try {
            final FlowKey flow = new FlowKey(Integer.parseInt(f[4]), Integer.parseUnsignedInt(f[5]),
                Integer.parseInt(f[6]), Integer.parseUnsignedInt(f[7]), Integer.parseInt(f[8]));
            final UnderlayEndpoint localEndpoint = new UnderlayEndpoint(Integer.parseUnsignedInt(f[9]),
                Integer.parseInt(f[10]));
            final Reservation local = new Reservation(localEndpoint, Integer.parseInt(f[11]),
                v2 ? Integer.parseUnsignedInt(f[16]) : localEndpoint.ip());
            final Reservation remote = new Reservation(new UnderlayEndpoint(Integer.parseUnsignedInt(f[12]),
                Integer.parseInt(f[13])), Integer.parseInt(f[14]));
            return new Stored(new BypassPath(Long.parseLong(f[1]), Uid.parse(f[2]),
                BypassPath.Role.valueOf(f[3]), flow, local, remote), "-".equals(f[15]) ? null : MacAddress.of(f[15]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in bypass line: " + line, e);
        }
    }

    /** The file implementation. */
    final class FileStore implements AgreedStore {
        private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
        private final Path file;

        FileStore(final Path file) {
            this.file = file;
        }

        @Override
        public List<Stored> load() {
            final List<Stored> out = new ArrayList<>();
            if (!Files.exists(file)) {
                return out;
            }
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        out.add(decode(line));
                    } catch (IllegalArgumentException e) {
                        LOG.warn("Skipping unreadable persisted bypass: {}", e.getMessage());
                    }
                }
            } catch (IOException e) {
                LOG.warn("Cannot read persisted bypasses from {}", file, e);
            }
            return out;
        }

        @Override
        public synchronized void save(final List<Stored> agreed) {
            final List<String> lines = new ArrayList<>();
            agreed.forEach(s -> lines.add(encode(s)));
            try {
                Files.createDirectories(file.getParent());
                final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.write(tmp, lines, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.warn("Cannot persist {} agreed bypasses to {}", agreed.size(), file, e);
            }
        }
    }
}
