/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.node;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.config.ConfigLoader;
import org.opendaylight.vias.overlay.config.OverlayConfig;
import org.opendaylight.vias.overlay.dtls.NodeIdentity;

/**
 * Standalone runner.
 * <pre>
 *   overlay-node run CONFIG.properties      run a node until SIGINT/SIGTERM
 *   overlay-node identity DIR UID           create (if needed) DIR/node.key + node.crt, print the fingerprint
 *   overlay-node check CONFIG.properties    validate a config and print the derived TAP MTU
 * </pre>
 */
public final class OverlayMain {
    private OverlayMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage();
            return;
        }
        switch (args[0]) {
            case "run" -> run(Path.of(args[1]));
            case "identity" -> {
                if (args.length != 3) {
                    usage();
                    return;
                }
                final NodeIdentity identity = NodeIdentity.loadOrCreate(Path.of(args[1]), Uid.parse(args[2]));
                System.out.println(identity.fingerprint());
            }
            case "check" -> {
                final OverlayConfig config = load(Path.of(args[1]));
                System.out.println("ok: tap.mtu=" + config.effectiveTapMtu() + " peers=" + config.peers().size());
            }
            default -> usage();
        }
    }

    private static OverlayConfig load(Path file) throws Exception {
        try {
            return ConfigLoader.load(file);
        } catch (IllegalArgumentException e) {
            System.err.println(file + ": " + e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    private static void run(Path file) throws Exception {
        final OverlayConfig config = load(file);
        final StandaloneNode node = StandaloneNode.start(config);
        if (node.identity() != null) {
            System.out.println("fingerprint " + node.identity().fingerprint());
        }
        System.out.println("ready uid=" + config.uid() + " tap.mtu=" + config.effectiveTapMtu());
        System.out.flush();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "overlay-shutdown"));
        stopped.await();
    }

    private static void usage() {
        System.err.println("usage: overlay-node run CONFIG | identity DIR UID | check CONFIG");
        System.exit(2);
    }
}
