/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.tap;

/** Why a frame read from a TAP with offloads on was dropped before the overlay saw it. */
public enum OffloadDrop {
    /** The read returned no frame behind the virtio_net_hdr, or not even a whole header. */
    SHORT_VNET_HEADER,
    /** NEEDS_CSUM with a checksum start or field outside the frame. */
    BAD_CHECKSUM_OFFSETS,
    /** A GSO type the overlay did not ask for (only TCPv4 and TCPv6 are enabled with TUNSETOFFLOAD). */
    UNSUPPORTED_GSO,
    /**
     * A TCP GSO frame that is not Ethernet/IPv4/TCP (TCPv4) or Ethernet/IPv6/TCP without extension headers (TCPv6)
     * with consistent lengths, or has gso_size 0.
     */
    BAD_GSO_FRAME
}
