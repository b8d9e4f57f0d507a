/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.counters.LinkCounters;

/**
 * The discovery node's human- and test-readable status: a header line, then one line per peer with its link state,
 * selected candidate types and counters. Written atomically (temp file + rename) so readers never see half a file.
 */
final class StatusFile {
    private StatusFile() {
    }

    /** The node's header fields. */
    record Header(Uid uid, String tap, boolean joined, long reconnects, long malformed, long pathsLost) {
    }

    /** The status text; {@code counters} holds the link counters of peers with a link in the data plane. */
    static String render(Header h, List<LinkMachine.PeerView> peers, Map<Uid, LinkCounters.Snapshot> counters,
            Map<Uid, Boolean> linkUp) {
        final StringBuilder b = new StringBuilder();
        b.append("node ").append(h.uid()).append(" tap=").append(h.tap()).append(" xmpp=")
            .append(h.joined() ? "joined" : "disconnected").append(" reconnects=").append(h.reconnects())
            .append(" malformed=").append(h.malformed()).append(" paths_lost=").append(h.pathsLost()).append('\n');
        for (LinkMachine.PeerView p : peers) {
            b.append("peer ").append(p.uid()).append(" state=").append(p.state())
                .append(" link=").append(linkUp.getOrDefault(p.uid(), false) ? "up" : "down")
                .append(" present=").append(p.present());
            final SelectedPath path = p.path();
            if (path != null) {
                b.append(" local=").append(path.localType()).append(" remote=").append(path.remoteType())
                    .append(path.relayed() ? " relayed" : " direct").append(" path=\"").append(path).append('"');
            }
            if (p.setupMillis() >= 0) {
                b.append(" setup_ms=").append(p.setupMillis());
            }
            if (p.lastError() != null) {
                b.append(" last_error=\"").append(p.lastError()).append('"');
            }
            final LinkCounters.Snapshot c = counters.get(p.uid());
            if (c != null) {
                b.append(' ').append(c);
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Replaces {@code file} with {@code text} atomically. */
    static void write(Path file, String text) throws IOException {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            out.write(text);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
