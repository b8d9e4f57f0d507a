/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

/** The two OpenFlow rules of one bypass on one switch (cookie purposes BYPASS_INBOUND and BYPASS_OUTBOUND). */
public enum RuleDirection {
    /** Underlay to VM: matches the peer's endpoint to our allocated port, rewrites to overlay addresses. */
    INBOUND,
    /** VM to underlay: matches the flow in overlay addresses, rewrites to our endpoint and the peer's. */
    OUTBOUND,
    /**
     * Underlay to controller: the peer's path probes (the inbound 5-tuple marked with {@link PathProbe#DSCP}). Only
     * for bypasses through filtering NATs; no idle timeout, removed with the bypass.
     */
    PROBE
}
