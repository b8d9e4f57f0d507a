/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import static org.opendaylight.vias.nat.Checksums.putU16;
import static org.opendaylight.vias.nat.Checksums.putU32;
import static org.opendaylight.vias.nat.Checksums.u16;

import java.util.Optional;
import org.opendaylight.vias.overlay.bypass.BypassPath;
import org.opendaylight.vias.overlay.bypass.PathProbe;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.overlay.tap.InetChecksum;
import org.opendaylight.vias.rules.MacAddress;

/**
 * Path probes as Ethernet frames on the underlay: IPv4 with DSCP {@link PathProbe#DSCP}, from our own underlay
 * address and allocated port to the peer's endpoint, with the flow's protocol, so that a NAT on the way treats the
 * probe exactly as it will treat the flow. TCP probes are a bare ACK with the probe as payload: a NAT's connection
 * tracking picks up a connection from an ACK in mid-stream (Linux conntrack does by default) and then lets the
 * flow's own segments pass, whatever their sequence numbers.
 */
public final class ProbePackets {
    private static final int ETH = 14;
    private static final int IP = 20;
    private static final int TCP = 20;
    private static final int UDP = 8;
    private static final int TTL = 64;
    private static final int TCP_ACK = 0x10;

    private ProbePackets() {
    }

    /** The frame that carries {@code probe} on {@code path} from our side, between the given MACs. */
    public static byte[] frame(final BypassPath path, final PathProbe probe, final MacAddress source,
            final MacAddress nextHop) {
        final boolean tcp = path.flow().protocol() == FlowKey.TCP;
        final int l4 = tcp ? TCP : UDP;
        final byte[] payload = probe.encode();
        final byte[] f = new byte[ETH + IP + l4 + payload.length];
        System.arraycopy(nextHop.toBytes(), 0, f, 0, 6);
        System.arraycopy(source.toBytes(), 0, f, 6, 6);
        putU16(f, 12, 0x0800);
        final int ip = ETH;
        f[ip] = 0x45;
        f[ip + 1] = (byte) (PathProbe.DSCP << 2);
        putU16(f, ip + 2, IP + l4 + payload.length);
        putU16(f, ip + 6, 0x4000);
        f[ip + 8] = TTL;
        f[ip + 9] = (byte) path.flow().protocol();
        final int src = path.local().underlayIp();
        final int dst = path.remote().endpoint().ip();
        putU32(f, ip + 12, src);
        putU32(f, ip + 16, dst);
        putU16(f, ip + 10, InetChecksum.finish(InetChecksum.add(f, ip, IP, 0)));
        final int l4At = ip + IP;
        putU16(f, l4At, path.local().allocatedPort());
        putU16(f, l4At + 2, path.remote().endpoint().port());
        if (tcp) {
            putU32(f, l4At + 4, (int) probe.id());
            f[l4At + 12] = 5 << 4;
            f[l4At + 13] = TCP_ACK;
            putU16(f, l4At + 14, 0xffff);
        } else {
            putU16(f, l4At + 4, UDP + payload.length);
        }
        System.arraycopy(payload, 0, f, l4At + l4, payload.length);
        putU16(f, l4At + (tcp ? 16 : 6), InetChecksum.finish(InetChecksum.add(f, l4At, l4 + payload.length,
            InetChecksum.pseudoHeaderV4(f, ip + 12, path.flow().protocol(), l4 + payload.length))));
        return f;
    }

    /**
     * The probe a punted frame carries: IPv4 (no options needed, any allowed), DSCP {@link PathProbe#DSCP}, TCP or
     * UDP, a probe as the whole payload. Empty for anything else; never throws.
     */
    public static Optional<PathProbe> parse(final byte[] frame) {
        if (frame == null || frame.length < ETH + IP || u16(frame, 12) != 0x0800) {
            return Optional.empty();
        }
        final int ip = ETH;
        final int ihl = (frame[ip] & 0x0f) * 4;
        if ((frame[ip] & 0xf0) != 0x40 || ihl < IP || (frame[ip + 1] & 0xff) >>> 2 != PathProbe.DSCP) {
            return Optional.empty();
        }
        final int total = u16(frame, ip + 2);
        if (total < ihl || ip + total > frame.length || (u16(frame, ip + 6) & 0x3fff) != 0) {
            return Optional.empty();
        }
        final int protocol = frame[ip + 9] & 0xff;
        final int l4At = ip + ihl;
        final int l4Length;
        if (protocol == FlowKey.TCP && total - ihl >= TCP) {
            l4Length = (frame[l4At + 12] & 0xf0) >>> 2;
            if (l4Length < TCP || l4Length > total - ihl) {
                return Optional.empty();
            }
        } else if (protocol == FlowKey.UDP && total - ihl >= UDP) {
            l4Length = UDP;
        } else {
            return Optional.empty();
        }
        return PathProbe.decode(frame, l4At + l4Length, ip + total - l4At - l4Length);
    }
}
