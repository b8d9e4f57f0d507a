/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

/**
 * The 64-bit OpenFlow cookie VIAS puts on every rule it installs.
 *
 * <p>Layout: bits 63..48 are the VIAS marker {@code 0x56A5}, bits 47..40 the {@link Purpose}, bits 39..0 an id
 * (a NAT mapping, a bypassed flow, or 0 for pipeline rules). The marker lets VIAS find and reconcile its own rules
 * on a switch (by cookie mask) without touching anyone else's; the purpose and id say what a rule is for when an
 * operator reads {@code ovs-ofctl dump-flows}.
 */
public record Cookie(Purpose purpose, long id) {
    public static final long MARKER = 0x56A5L;
    /** Mask selecting the marker bits: match {@code (cookie & MARKER_MASK) == MARKER_BITS} for "any VIAS rule". */
    public static final long MARKER_MASK = 0xFFFF_0000_0000_0000L;
    public static final long MARKER_BITS = MARKER << 48;
    /** Mask selecting marker and purpose: "all VIAS rules of one purpose". */
    public static final long PURPOSE_MASK = 0xFFFF_FF00_0000_0000L;
    public static final long MAX_ID = (1L << 40) - 1;

    /** What a rule is for; the code is stable because it is visible on switches and survives restarts. */
    public enum Purpose {
        PIPELINE(1),
        NAT_OUTGOING(2),
        NAT_INCOMING(3),
        NAT_GATEWAY(4),
        BYPASS_OUTBOUND(5),
        BYPASS_INBOUND(6),
        PUNT(7),
        /** A bypass's path-probe rule: the peer's probes through filtering NATs go to the controller. */
        BYPASS_PROBE(8);

        private final int code;

        Purpose(final int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static Purpose ofCode(final int code) {
            for (Purpose p : values()) {
                if (p.code == code) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown VIAS cookie purpose " + code);
        }
    }

    public Cookie {
        if (purpose == null) {
            throw new IllegalArgumentException("purpose: must be set");
        }
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("id: must be in 0.." + MAX_ID + ", was " + id);
        }
    }

    public static Cookie of(final Purpose purpose, final long id) {
        return new Cookie(purpose, id);
    }

    public long value() {
        return MARKER_BITS | (long) purpose.code() << 40 | id;
    }

    /** The mask/value pair that selects every VIAS rule of this purpose. */
    public long purposeBits() {
        return MARKER_BITS | (long) purpose.code() << 40;
    }

    public static boolean isVias(final long cookie) {
        return (cookie & MARKER_MASK) == MARKER_BITS;
    }

    /** Decodes a cookie read back from a switch; fails for cookies that are not VIAS's. */
    public static Cookie decode(final long cookie) {
        if (!isVias(cookie)) {
            throw new IllegalArgumentException(String.format("cookie 0x%x is not a VIAS cookie", cookie));
        }
        return new Cookie(Purpose.ofCode((int) (cookie >>> 40 & 0xFF)), cookie & MAX_ID);
    }

    @Override
    public String toString() {
        return String.format("0x%x(%s/%d)", value(), purpose, id);
    }
}
