/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.tap;

/**
 * Which TAP offloads to use. {@code segmentation}: open the TAP with {@code IFF_VNET_HDR} and enable TSO4, TSO6 and
 * checksum offload ({@code TUNSETOFFLOAD}), so the host hands over TCP segments of up to 64 KiB that the overlay cuts
 * itself ({@link TcpSegmenter}). {@code coalescing} (needs the virtio_net_hdr, so it implies it): join received TCP segments
 * into GSO writes ({@link TcpCoalescer}). Neither changes the wire: peers see the same Ethernet frames.
 */
public record TapOffloads(boolean segmentation, boolean coalescing) {
    public static final TapOffloads NONE = new TapOffloads(false, false);
    /** {@code -Dvias.overlay.tapOffloads=tso,gro} (a comma list of tso and gro, or none). */
    public static final String PROPERTY = "vias.overlay.tapOffloads";
    /** Both on: measured on bench-overlay, they carried more per CPU second (docs/overlay-performance.md). */
    public static final String DEFAULT = "tso,gro";

    /**
     * The offloads a node uses when its config names none: {@code -Dvias.overlay.tapOffloads}, else {@link #DEFAULT}.
     * Standalone, discovery and controller-embedded nodes all start from this one default.
     */
    public static String configuredDefault() {
        return System.getProperty(PROPERTY, DEFAULT);
    }

    /** True if frames carry a virtio_net_hdr on this TAP. */
    public boolean vnetHeader() {
        return segmentation || coalescing;
    }

    /** Parses "none", "tso", "gro" or "tso,gro"; anything else is refused with the reason. */
    public static TapOffloads parse(String text) {
        boolean tso = false;
        boolean gro = false;
        for (String item : text.split(",", -1)) {
            switch (item.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "tso" -> tso = true;
                case "gro" -> gro = true;
                case "none" -> {
                    // explicit nothing
                }
                default -> throw new IllegalArgumentException(
                    PROPERTY + ": '" + item.strip() + "' is not one of tso, gro, none (in '" + text + "')");
            }
        }
        return new TapOffloads(tso, gro);
    }

    @Override
    public String toString() {
        return !vnetHeader() ? "none" : segmentation && coalescing ? "tso,gro" : segmentation ? "tso" : "gro";
    }
}
