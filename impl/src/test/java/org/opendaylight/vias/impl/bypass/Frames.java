/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.rules.MacAddress;

/** Ethernet/IPv4/TCP-or-UDP frames for tests (checksums are not needed by the meter or the tap). */
final class Frames {
    private Frames() {
    }

    static byte[] frame(final MacAddress src, final MacAddress dst, final FlowKey flow, final int payload) {
        final int l4 = flow.protocol() == FlowKey.TCP ? 20 : 8;
        final byte[] frame = new byte[14 + 20 + l4 + payload];
        System.arraycopy(dst.toBytes(), 0, frame, 0, 6);
        System.arraycopy(src.toBytes(), 0, frame, 6, 6);
        frame[12] = 0x08;
        frame[14] = 0x45;
        final int total = 20 + l4 + payload;
        frame[16] = (byte) (total >> 8);
        frame[17] = (byte) total;
        frame[22] = 64;
        frame[23] = (byte) flow.protocol();
        putInt(frame, 26, flow.srcIp());
        putInt(frame, 30, flow.dstIp());
        frame[34] = (byte) (flow.srcPort() >> 8);
        frame[35] = (byte) flow.srcPort();
        frame[36] = (byte) (flow.dstPort() >> 8);
        frame[37] = (byte) flow.dstPort();
        if (flow.protocol() == FlowKey.TCP) {
            frame[46] = 0x50;
        } else {
            frame[38] = (byte) ((8 + payload) >> 8);
            frame[39] = (byte) (8 + payload);
        }
        return frame;
    }

    private static void putInt(final byte[] buf, final int off, final int value) {
        buf[off] = (byte) (value >>> 24);
        buf[off + 1] = (byte) (value >>> 16);
        buf[off + 2] = (byte) (value >>> 8);
        buf[off + 3] = (byte) value;
    }
}
