/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

/** A static mapping cannot be added because its internal endpoint or external port is already taken. */
public final class MappingConflictException extends Exception {
    private static final long serialVersionUID = 1L;

    public MappingConflictException(final String message) {
        super(message);
    }
}
