/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.tap.FramePort;

/**
 * A {@link FramePort} decorator on the TAP that notices traffic towards overlay peers: for every frame the host sends
 * it looks at the IPv4 destination (or the ARP target) and, if that is a peer's announced overlay address
 * ({@code cap.ip}), reports the peer (at most once a second per peer). The node turns that into an on-demand link.
 */
final class DemandWatcher implements FramePort {
    private static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;

    private final FramePort delegate;
    private final Consumer<Uid> demand;
    private final Map<Integer, Uid> peerByIp = new ConcurrentHashMap<>();
    private final Map<Uid, Long> lastReport = new ConcurrentHashMap<>();

    DemandWatcher(FramePort delegate, Consumer<Uid> demand) {
        this.delegate = delegate;
        this.demand = demand;
    }

    void peerAddress(Uid peer, int ipv4) {
        peerByIp.put(ipv4, peer);
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        final int n = delegate.read(buf, off, len);
        if (n >= 14 + 20 && !peerByIp.isEmpty()) {
            inspect(buf, off, n);
        }
        return n;
    }

    private void inspect(byte[] buf, int off, int n) {
        final int type = (buf[off + 12] & 0xff) << 8 | buf[off + 13] & 0xff;
        final int at;
        if (type == 0x0800) {
            at = off + 14 + 16;
        } else if (type == 0x0806 && n >= 14 + 28) {
            at = off + 14 + 24;
        } else {
            return;
        }
        final Uid peer = peerByIp.get(Ipv4.read(buf, at));
        if (peer == null) {
            return;
        }
        final long now = System.nanoTime();
        final Long last = lastReport.get(peer);
        if (last == null || now - last > REPORT_INTERVAL_NANOS) {
            lastReport.put(peer, now);
            demand.accept(peer);
        }
    }

    @Override
    public void awaitReadable(int timeoutMillis) {
        delegate.awaitReadable(timeoutMillis);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        delegate.write(buf, off, len);
    }

    // the TAP joins segments only inside a write batch (GRO): a decorator that dropped these would turn it off
    @Override
    public void beginWriteBatch() {
        delegate.beginWriteBatch();
    }

    @Override
    public void endWriteBatch() throws IOException {
        delegate.endWriteBatch();
    }
}
