/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.bypass;

import java.util.Optional;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.meter.FlowKey;
import org.opendaylight.vias.overlay.meter.FlowMeter;
import org.opendaylight.vias.overlay.node.FrameObserver;
import org.opendaylight.vias.rules.MacAddress;

/**
 * The bypass's view of the overlay data path: meters every frame ({@link FlowMeter}) and remembers, per overlay IPv4
 * address, whether it is a local VM (and its MAC: the inbound bypass rule writes it as dl_dst) or a remote VM behind
 * which peer (to orient a heavy flow and to check that a peer's request is about its own VM and ours).
 *
 * <p>The address memory is a direct-mapped table over primitive arrays: a frame costs two array writes, no
 * allocation and no lock. A collision overwrites (the newest address wins), so an address not seen for a while may
 * be forgotten; {@link #localMac} and {@link #peerOf} then answer empty and the flow stays on the overlay. Writes
 * race benignly: a reader checks the key after reading the value.
 */
public final class FrameTap implements FrameObserver {
    private static final int ETH_HEADER = 14;
    private static final int IPV4_HEADER = 20;
    private static final int ETHERTYPE_IPV4 = 0x0800;

    private final int mask;
    private final int[] keys;
    private final long[] macs;
    private final Uid[] peers;
    private volatile FlowMeter meter;

    /**
     * Creates the tap.
     *
     * @param slots addresses remembered (rounded up to a power of two)
     */
    public FrameTap(final FlowMeter meter, final int slots) {
        final int size = Integer.highestOneBit(Math.max(2, slots - 1)) << 1;
        mask = size - 1;
        keys = new int[size];
        macs = new long[size];
        peers = new Uid[size];
        this.meter = meter;
    }

    /** Replaces the meter (new thresholds); flows start afresh. */
    public void setMeter(final FlowMeter newMeter) {
        meter = newMeter;
    }

    public FlowMeter meter() {
        return meter;
    }

    @Override
    public void toPeer(final Uid peer, final byte[] frame, final int offset, final int length) {
        if (isUnicastIpv4(frame, offset, length)) {
            rememberLocal(Ipv4.read(frame, offset + ETH_HEADER + 12), readMac(frame, offset + 6));
            rememberRemote(Ipv4.read(frame, offset + ETH_HEADER + 16), peer);
        }
        meter.record(frame, offset, length);
    }

    @Override
    public void fromPeer(final Uid peer, final byte[] frame, final int offset, final int length) {
        if (isUnicastIpv4(frame, offset, length)) {
            rememberRemote(Ipv4.read(frame, offset + ETH_HEADER + 12), peer);
            rememberLocal(Ipv4.read(frame, offset + ETH_HEADER + 16), readMac(frame, offset));
        }
        meter.record(frame, offset, length);
    }

    /** The MAC of the local VM with this overlay address, when seen recently. */
    public Optional<MacAddress> localMac(final int ip) {
        final int slot = slot(ip);
        final long mac = macs[slot];
        if (keys[slot] != ip || peers[slot] != null || mac == 0) {
            return Optional.empty();
        }
        return Optional.of(toMac(mac));
    }

    /** The peer hosting the remote VM with this overlay address, when seen recently. */
    public Optional<Uid> peerOf(final int ip) {
        final int slot = slot(ip);
        final Uid peer = peers[slot];
        return keys[slot] == ip ? Optional.ofNullable(peer) : Optional.empty();
    }

    /**
     * The flow oriented local VM to remote VM with the peer of its remote end, or empty if neither or both ends are
     * known as local.
     */
    public Optional<Oriented> orient(final FlowKey flow) {
        final Optional<Uid> dstPeer = peerOf(flow.dstIp());
        if (localMac(flow.srcIp()).isPresent() && dstPeer.isPresent()) {
            return Optional.of(new Oriented(flow, dstPeer.orElseThrow()));
        }
        final Optional<Uid> srcPeer = peerOf(flow.srcIp());
        if (localMac(flow.dstIp()).isPresent() && srcPeer.isPresent()) {
            return Optional.of(new Oriented(flow.reversed(), srcPeer.orElseThrow()));
        }
        return Optional.empty();
    }

    /** A flow oriented local VM to remote VM, and the peer hosting the remote VM. */
    public record Oriented(FlowKey flow, Uid peer) {
    }

    /** Remembers a local VM (tests and restored bypasses whose VM has not sent since). */
    public void rememberLocal(final int ip, final MacAddress mac) {
        final byte[] b = mac.toBytes();
        rememberLocal(ip, readMac(b, 0));
    }

    private void rememberLocal(final int ip, final long mac) {
        final int slot = slot(ip);
        if (keys[slot] == ip && macs[slot] == mac && peers[slot] == null) {
            return;
        }
        peers[slot] = null;
        macs[slot] = mac;
        keys[slot] = ip;
    }

    private void rememberRemote(final int ip, final Uid peer) {
        final int slot = slot(ip);
        if (keys[slot] == ip && peers[slot] == peer) {
            return;
        }
        macs[slot] = 0;
        peers[slot] = peer;
        keys[slot] = ip;
    }

    private int slot(final int ip) {
        return (ip * 0x9E3779B9 >>> 16) & mask;
    }

    private static boolean isUnicastIpv4(final byte[] frame, final int offset, final int length) {
        if (length < ETH_HEADER + IPV4_HEADER || (frame[offset] & 1) != 0) {
            return false;
        }
        return ((frame[offset + 12] & 0xff) << 8 | frame[offset + 13] & 0xff) == ETHERTYPE_IPV4;
    }

    private static long readMac(final byte[] buf, final int off) {
        long mac = 0;
        for (int i = 0; i < 6; i++) {
            mac = mac << 8 | buf[off + i] & 0xff;
        }
        return mac;
    }

    private static MacAddress toMac(final long mac) {
        final byte[] b = new byte[6];
        for (int i = 5; i >= 0; i--) {
            b[5 - i] = (byte) (mac >>> (8 * i));
        }
        return MacAddress.of(b, 0);
    }
}
