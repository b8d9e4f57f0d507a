/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.cli;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.ReadTransaction;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.vias.impl.overlay.OverlayFiles;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;
import org.opendaylight.yangtools.yang.binding.InstanceIdentifier;

/** The committed {@code vias:config} as the commands need it: this controller's overlay files. */
final class CurrentConfig {
    private CurrentConfig() {
    }

    static OverlayFiles overlayFiles(final DataBroker broker) throws CommandException {
        return OverlayFiles.of(read(broker), home());
    }

    /** The Karaf home, against which relative paths of the config and of command arguments are resolved. */
    static Path home() {
        return Path.of(System.getProperty("karaf.home", "."));
    }

    private static Config read(final DataBroker broker) throws CommandException {
        try (ReadTransaction tx = broker.newReadOnlyTransaction()) {
            return tx.read(LogicalDatastoreType.CONFIGURATION, InstanceIdentifier.create(Config.class))
                .get(10, TimeUnit.SECONDS).orElse(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted reading vias:config", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new CommandException("cannot read vias:config: " + e.getMessage(), e);
        }
    }

    /** A command that cannot run; its message is printed as {@code Error: ...}. */
    static final class CommandException extends Exception {
        private static final long serialVersionUID = 1L;

        CommandException(final String message) {
            super(message);
        }

        CommandException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }
}
