/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.it;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.bypass.BypassCodec;
import org.opendaylight.vias.overlay.bypass.BypassMessage;
import org.opendaylight.vias.overlay.ice.IceNodeConfig;
import org.opendaylight.vias.overlay.ice.IceOverlayNode;

/**
 * A third overlay node for {@link BypassIT}'s forged-request check: it joins the sites' signalling room with its own
 * XMPP account and DTLS identity (so its link to a controller is authenticated as itself), then sends that
 * controller bypass messages it must refuse and count: a malformed one, one that claims another peer's UID as
 * sender (wrong peer), and one sent twice with the same sequence number (replayed). Run as its own JVM inside the
 * testbed's LAN namespace: {@code java -cp ... ForgedPeer node.properties TARGET_UID IMPERSONATED_UID}.
 */
public final class ForgedPeer {
    private ForgedPeer() {
    }

    public static void main(final String[] args) throws Exception {
        final IceNodeConfig config = IceNodeConfig.load(Path.of(args[0]));
        final Uid target = Uid.parse(args[1]);
        final Uid impersonated = Uid.parse(args[2]);
        try (IceOverlayNode node = IceOverlayNode.start(config)) {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            node.requestLink(target);
            while (!node.overlay().reachablePeers().contains(target)) {
                if (System.nanoTime() > deadline) {
                    System.out.println("NO-LINK " + node.statusText());
                    System.exit(3);
                }
                Thread.sleep(200);
            }
            final Uid self = config.uid();
            long seq = System.currentTimeMillis() * 1000;
            // malformed: the bypass magic and version, then an unknown type and a truncated header
            node.overlay().send(target, new byte[] {0x56, 0x42, 1, 99, 0, 1, 2, 3, 4, 5, 6, 7});
            // wrong peer: a well-formed keepalive whose sender field is another peer's UID
            node.overlay().send(target, BypassCodec.encode(
                new BypassMessage.Keepalive(impersonated, ++seq, List.of())));
            // replayed: the same well-formed message (same sequence number) twice
            final byte[] once = BypassCodec.encode(new BypassMessage.Keepalive(self, ++seq, List.of()));
            node.overlay().send(target, once);
            Thread.sleep(300);
            node.overlay().send(target, once);
            Thread.sleep(1000);
            System.out.println("SENT malformed=1 wrong-peer=1 replayed=1");
        }
        System.exit(0);
    }
}
