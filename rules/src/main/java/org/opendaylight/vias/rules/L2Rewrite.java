/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

/** The Ethernet addresses a rewriting rule writes; a {@code null} address is left as the packet has it. */
public record L2Rewrite(MacAddress ethSrc, MacAddress ethDst) {
    public static final L2Rewrite NONE = new L2Rewrite(null, null);
}
