/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.tap;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.opendaylight.vias.overlay.Ipv4;

/**
 * A Linux TAP device opened through {@code /dev/net/tun} with {@code IFF_TAP | IFF_NO_PI}: each read or write is one
 * whole Ethernet frame, no packet-info prefix. With more than one queue the device is {@code IFF_MULTI_QUEUE} and the
 * kernel spreads flows over the queues, so several reader threads can work in parallel.
 *
 * <p>Queue file descriptors are non-blocking; a reader calls {@link Queue#read} until it returns 0, flushes what it
 * queued for sending, then {@link Queue#awaitReadable}. Each {@link Queue} owns a native buffer and is used by one
 * thread at a time.
 */
public final class TapDevice implements AutoCloseable {
    private static final String CLONE_DEVICE = "/dev/net/tun";
    private static final long TUNSETIFF = 0x400454caL;
    private static final long TUNSETOFFLOAD = 0x400454d0L;
    private static final long TUN_F_CSUM = 0x01;
    private static final long TUN_F_TSO4 = 0x02;
    private static final long TUN_F_TSO6 = 0x04;
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final long SIOCSIFADDR = 0x8916;
    private static final long SIOCSIFNETMASK = 0x891c;
    private static final long SIOCSIFMTU = 0x8922;
    private static final long SIOCSIFHWADDR = 0x8924;
    private static final long SIOCSIFTXQLEN = 0x8943;
    private static final short IFF_TAP = 0x0002;
    private static final short IFF_NO_PI = 0x1000;
    private static final short IFF_MULTI_QUEUE = 0x0100;
    private static final short IFF_VNET_HDR = 0x4000;
    private static final short IFF_UP = 0x1;
    private static final short ARPHRD_ETHER = 1;
    private static final int IFNAMSIZ = 16;
    private static final int IFREQ_SIZE = 40;
    /** Largest frame we ever read: 64 KiB covers any MTU a TAP can have. */
    static final int MAX_FRAME = 65536;
    private static final byte[] EMPTY_VNET_HEADER = new byte[VirtioNetHeader.LENGTH];
    private static final int ETHERNET_HEADER = 14;
    /** Largest frame with a virtio_net_hdr: a joined (GRO) frame holds a whole 64 KiB IPv4 packet. */
    private static final int MAX_VNET_FRAME = VirtioNetHeader.LENGTH + ETHERNET_HEADER + TcpCoalescer.MAX_IP;

    private final String name;
    private final Queue[] queues;
    private final TapOffloads offloads;
    private final OffloadCounters offloadCounters;

    private TapDevice(String name, Queue[] queues, TapOffloads offloads, OffloadCounters offloadCounters) {
        this.name = name;
        this.queues = queues;
        this.offloads = offloads;
        this.offloadCounters = offloadCounters;
    }

    /**
     * Creates (or attaches to) TAP device {@code name} with {@code queueCount} queues, no offloads. Needs
     * CAP_NET_ADMIN.
     */
    public static TapDevice open(String name, int queueCount) throws IOException {
        return open(name, queueCount, TapOffloads.NONE);
    }

    /** Same, with {@code offloads} (a virtio_net_hdr on every frame, TSO4/TSO6/checksum offload, GRO on write). */
    public static TapDevice open(String name, int queueCount, TapOffloads offloads) throws IOException {
        if (name.isEmpty() || name.length() >= IFNAMSIZ) {
            throw new IllegalArgumentException("TAP name must be 1.." + (IFNAMSIZ - 1) + " chars");
        }
        final Queue[] queues = new Queue[queueCount];
        final OffloadCounters counters = new OffloadCounters();
        String actual = name;
        try {
            for (int i = 0; i < queueCount; i++) {
                final int fd = LibC.open(CLONE_DEVICE, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
                if (fd < 0) {
                    throw errno("open " + CLONE_DEVICE);
                }
                final Memory ifr = ifreq(actual);
                short flags = (short) (IFF_TAP | IFF_NO_PI);
                if (queueCount > 1) {
                    flags |= IFF_MULTI_QUEUE;
                }
                if (offloads.vnetHeader()) {
                    flags |= IFF_VNET_HDR;
                }
                ifr.setShort(IFNAMSIZ, flags);
                if (LibC.ioctl(fd, new NativeLong(TUNSETIFF), ifr) < 0) {
                    final IOException e = errno("TUNSETIFF " + actual);
                    LibC.close(fd);
                    throw e;
                }
                actual = ifr.getString(0, StandardCharsets.US_ASCII.name());
                queues[i] = new Queue(fd, offloads, counters);
                // tso: the host may hand over TCP segments (IPv4, IPv6) of up to 64 KiB and leave checksums partial;
                // gro alone needs the header only for its GSO writes, so offloads 0 keeps reads plain (segmented,
                // checksummed)
                final long offload = offloads.segmentation() ? TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 : 0;
                if (offloads.vnetHeader()
                        && LibC.ioctl(fd, new NativeLong(TUNSETOFFLOAD), new NativeLong(offload)) < 0) {
                    throw errno("TUNSETOFFLOAD " + actual);
                }
            }
        } catch (IOException e) {
            for (Queue q : queues) {
                if (q != null) {
                    q.close();
                }
            }
            throw e;
        }
        return new TapDevice(actual, queues, offloads, counters);
    }

    public TapOffloads offloads() {
        return offloads;
    }

    public OffloadCounters offloadCounters() {
        return offloadCounters;
    }

    /**
     * Lets the queues join segments on write (GRO), if the offloads include it, or makes them write every frame as
     * it comes. What reads the other side of the TAP decides: the host's stack and kernel Open vSwitch take joined
     * frames and segment them where needed; Open vSwitch's userspace datapath takes them only with its userspace
     * TSO on (without it a joined frame is too big for its packet socket's buffer and is dropped). A batch in
     * progress is written out as it was begun.
     */
    public void allowCoalescing(boolean allowed) {
        for (Queue q : queues) {
            q.allowCoalescing(allowed);
        }
    }

    /** True if writes may currently be joined (the offloads include GRO and {@link #allowCoalescing} allows it). */
    public boolean coalescing() {
        return queues.length > 0 && queues[0].coalescing;
    }

    public String name() {
        return name;
    }

    public int queueCount() {
        return queues.length;
    }

    public Queue queue(int index) {
        return queues[index];
    }

    /** Sets MAC, MTU, a longer transmit queue and (optionally) an IPv4 address, then brings the link up. */
    public void configure(byte[] mac, int mtu, byte[] ipv4, int prefixLength) throws IOException {
        final int sock = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM, 0);
        if (sock < 0) {
            throw errno("socket");
        }
        try {
            if (mac != null) {
                final Memory ifr = ifreq(name);
                ifr.setShort(IFNAMSIZ, ARPHRD_ETHER);
                ifr.write(IFNAMSIZ + 2, mac, 0, 6);
                ioctl(sock, SIOCSIFHWADDR, ifr, "set MAC");
            }
            Memory ifr = ifreq(name);
            ifr.setInt(IFNAMSIZ, mtu);
            ioctl(sock, SIOCSIFMTU, ifr, "set MTU " + mtu);
            ifr = ifreq(name);
            ifr.setInt(IFNAMSIZ, 10000);
            ioctl(sock, SIOCSIFTXQLEN, ifr, "set txqueuelen");
            if (ipv4 != null) {
                ioctl(sock, SIOCSIFADDR, sockaddrIn(ipv4), "set address");
                ioctl(sock, SIOCSIFNETMASK, sockaddrIn(Ipv4.toBytes(Ipv4.mask(prefixLength))), "set netmask");
            }
            for (Queue q : queues) {
                if (q.vnetReader != null) {
                    q.vnetReader.setMaxSegmentFrame(mtu + ETHERNET_HEADER);
                }
            }
            ifr = ifreq(name);
            ioctl(sock, SIOCGIFFLAGS, ifr, "get flags");
            ifr.setShort(IFNAMSIZ, (short) (ifr.getShort(IFNAMSIZ) | IFF_UP));
            ioctl(sock, SIOCSIFFLAGS, ifr, "set up");
        } finally {
            LibC.close(sock);
        }
    }

    private Memory sockaddrIn(byte[] ipv4) {
        final Memory ifr = ifreq(name);
        ifr.setShort(IFNAMSIZ, (short) LibC.AF_INET);
        ifr.write(IFNAMSIZ + 4, ipv4, 0, 4);
        return ifr;
    }

    private void ioctl(int fd, long request, Pointer ifr, String what) throws IOException {
        if (LibC.ioctl(fd, new NativeLong(request), ifr) < 0) {
            throw errno(what + " on " + name);
        }
    }

    private static Memory ifreq(String name) {
        final Memory ifr = new Memory(IFREQ_SIZE);
        ifr.clear();
        final byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        ifr.write(0, bytes, 0, bytes.length);
        return ifr;
    }

    static IOException errno(String what) {
        final int err = Native.getLastError();
        return new IOException(what + ": " + LibC.strerror(err) + " (errno " + err + ")");
    }

    @Override
    public void close() {
        for (Queue q : queues) {
            q.close();
        }
    }

    /**
     * One queue's file descriptor with its own native buffers. With a virtio_net_hdr, reads cut GSO frames into
     * segments ({@link TcpSegmenter}) and complete partial checksums; writes carry an empty header, or, between
     * {@link #beginWriteBatch} and {@link #endWriteBatch} with coalescing on, join TCP segments ({@link TcpCoalescer}).
     */
    public static final class Queue implements FramePort {
        private final int fd;
        private final boolean vnet;
        /** The offloads include GRO: each writer has a coalescer. */
        private final boolean canCoalesce;
        /** Joining allowed now ({@link TapDevice#allowCoalescing}); only ever true if {@link #canCoalesce}. */
        private volatile boolean coalescing;
        private final OffloadCounters counters;
        private final Memory readBuffer;
        private final ByteBuffer readView;
        private final Memory pollFd = new Memory(8);
        private final ThreadLocal<Writer> writers;
        /** With a virtio_net_hdr: cuts GSO frames, completes checksums (reader thread only). */
        private final VnetFrameReader vnetReader;
        private volatile boolean closed;

        Queue(int fd, TapOffloads offloads, OffloadCounters counters) {
            this.fd = fd;
            this.vnet = offloads.vnetHeader();
            this.canCoalesce = offloads.coalescing();
            this.coalescing = canCoalesce;
            this.counters = counters;
            final int readSize = vnet ? MAX_VNET_FRAME : MAX_FRAME;
            this.readBuffer = new Memory(readSize);
            this.readView = readBuffer.getByteBuffer(0, readSize);
            this.vnetReader = !vnet ? null : new VnetFrameReader(new VnetFrameReader.Source() {
                @Override
                public int read() throws IOException {
                    return (int) readNative(MAX_VNET_FRAME);
                }

                @Override
                public void copy(int from, byte[] dst, int off, int len) {
                    readView.get(from, dst, off, len);
                }
            }, counters, readSize, MAX_FRAME);
            this.writers = ThreadLocal.withInitial(() -> new Writer(vnet ? MAX_VNET_FRAME : MAX_FRAME));
            pollFd.setInt(0, fd);
            pollFd.setShort(4, LibC.POLLIN);
        }

        /**
         * Reads one frame into {@code buf} at {@code off}.
         *
         * @return the frame length, 0 if none is waiting
         * @throws IOException on a real error; a frame longer than {@code len} is truncated and reported as such
         */
        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (!vnet) {
                final long n = readNative(MAX_FRAME);
                if (n <= 0) {
                    return 0;
                }
                final int frame = (int) n;
                if (frame > len) {
                    return -frame; // caller counts it as oversize; nothing copied
                }
                readView.get(0, buf, off, frame);
                return frame;
            }
            return vnetReader.read(buf, off, len);
        }

        /** One read(2); the byte count, or 0 if nothing is waiting. */
        private long readNative(int size) throws IOException {
            final long n = LibC.read(fd, readBuffer, size);
            if (n < 0) {
                final int err = Native.getLastError();
                if (err == LibC.EAGAIN || err == LibC.EINTR) {
                    return 0;
                }
                throw new IOException("TAP read: " + LibC.strerror(err) + " (errno " + err + ")");
            }
            return n;
        }

        /** Waits until a frame can be read or the timeout passes. */
        @Override
        public void awaitReadable(int timeoutMillis) {
            pollFd.setShort(6, (short) 0);
            LibC.poll(pollFd, 1, timeoutMillis);
        }

        /** Writes one frame to the kernel (held back to be joined inside a write batch); any thread may call this. */
        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            final Writer w = writers.get();
            if (w.batching) {
                w.coalescer.add(buf, off, len, w);
            } else if (vnet) {
                w.write(EMPTY_VNET_HEADER, buf, off, len);
            } else {
                w.out.write(0, buf, off, len);
                w.writeNative(len);
            }
        }

        void allowCoalescing(boolean allowed) {
            coalescing = allowed && canCoalesce;
        }

        @Override
        public void beginWriteBatch() {
            if (coalescing) {
                writers.get().batching = true;
            }
        }

        @Override
        public void endWriteBatch() throws IOException {
            final Writer w = writers.get();
            if (w.batching) {
                w.batching = false;
                w.coalescer.flush(w);
            }
        }

        void close() {
            if (!closed) {
                closed = true;
                LibC.close(fd);
            }
        }

        /** A writing thread's native buffer and coalescer. */
        private final class Writer implements TcpCoalescer.Sink {
            final Memory out;
            final TcpCoalescer coalescer;
            boolean batching;

            Writer(int size) {
                out = new Memory(size);
                coalescer = canCoalesce ? new TcpCoalescer(counters) : null;
            }

            @Override
            public void write(byte[] vnetHeader, byte[] frame, int off, int len) throws IOException {
                out.write(0, vnetHeader, 0, VirtioNetHeader.LENGTH);
                out.write(VirtioNetHeader.LENGTH, frame, off, len);
                writeNative(VirtioNetHeader.LENGTH + len);
            }

            void writeNative(int len) throws IOException {
                final long n = LibC.write(fd, out, len);
                if (n < 0) {
                    throw errno("TAP write");
                }
            }
        }
    }
}
