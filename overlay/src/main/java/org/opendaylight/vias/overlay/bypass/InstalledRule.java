/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

/** A bypass rule found on the switch (from its cookie), as reported to {@link BypassNegotiator#reconcile}. */
public record InstalledRule(long id, RuleDirection direction) {
}
