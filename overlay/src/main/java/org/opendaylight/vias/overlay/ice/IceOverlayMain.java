/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.opendaylight.vias.overlay.signal.SignalingException;

/**
 * Runs one discovery-mode node until SIGINT/SIGTERM: {@code run CONFIG.properties} (see {@link IceNodeConfig}).
 * Exit codes: 2 configuration error (the message names the key), 3 signaling error (e.g. wrong XMPP password).
 */
public final class IceOverlayMain {
    private IceOverlayMain() {
    }

    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !"run".equals(args[0])) {
            System.err.println("usage: IceOverlayMain run CONFIG.properties");
            System.exit(2);
        }
        final IceNodeConfig config;
        try {
            config = IceNodeConfig.load(Path.of(args[1]));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + args[1] + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        final IceOverlayNode node;
        try {
            node = IceOverlayNode.start(config);
        } catch (SignalingException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(3);
            return;
        }
        System.out.println("ready uid=" + config.uid() + " fingerprint=" + node.identity().fingerprint()
            + " login_ms=" + node.loginMillis());
        System.out.flush();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "ice-node-shutdown"));
        stopped.await();
    }
}
