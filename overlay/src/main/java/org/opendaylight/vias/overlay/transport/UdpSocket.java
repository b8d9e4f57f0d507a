/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound UDP socket (Netty, epoll on Linux) shared by all statically configured links, demultiplexed by the
 * sender's address. A datagram from an address that has no {@link UdpPeerTransport} is dropped and counted: with static
 * links a stranger can never reach DTLS state.
 *
 * <p>On epoll the socket reads with recvmmsg (up to {@value #RECV_BATCH} datagrams per system call) on its event loop
 * and senders write with {@code sendto} on their own threads ({@link UdpPeerTransport}).
 */
public final class UdpSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpSocket.class);
    /** Largest datagram we read (covers jumbo-frame underlays). */
    static final int MAX_DATAGRAM = 9216;
    static final int RECV_BATCH = 16;
    /**
     * Receive and send buffer asked for on every overlay socket (the kernel caps it at net.core.rmem_max/wmem_max):
     * a burst arriving while the reading thread is off the CPU waits here instead of being dropped.
     */
    public static final int SOCKET_BUFFER = 8 * 1024 * 1024;
    /**
     * UDP GSO for bursts, off unless {@code -Dvias.overlay.udpGso=true}: measured on bench-overlay it cost more than
     * it saved (2.0 against 1.6 CPU cores per Gbit/s), because a burst is handed to the event loop (an eventfd
     * wake-up per burst; Netty exposes UDP_SEGMENT only there) while the receiver, not the sender, is the bottleneck.
     * See docs/overlay-performance.md.
     */
    static final boolean UDP_GSO_ENABLED = Boolean.getBoolean("vias.overlay.udpGso");

    private final EventLoopGroup group;
    private final Channel channel;
    private final int pathMtu;
    private final Socket nativeSocket;
    private final boolean udpGso;
    private final Map<InetSocketAddress, UdpPeerTransport> peers = new ConcurrentHashMap<>();
    private final TransportCounters counters = new TransportCounters();

    private UdpSocket(EventLoopGroup group, Channel channel, int pathMtu, boolean udpGso) {
        this.group = group;
        this.channel = channel;
        this.pathMtu = pathMtu;
        // a UDP socket may be written from several threads at once: each sendto is one whole datagram
        this.nativeSocket = channel instanceof UnixChannel unix && unix.fd() instanceof Socket fd ? fd : null;
        this.udpGso = nativeSocket != null && udpGso && SegmentedDatagramPacket.isSupported();
    }

    /**
     * Binds a socket.
     *
     * @param bind local address and port (port 0 picks one)
     * @param pathMtu MTU of the underlay path (e.g. 1500); {@link PacketTransport#maxDatagramSize()} derives from it
     */
    public static UdpSocket bind(InetSocketAddress bind, int pathMtu) throws IOException {
        return bind(bind, pathMtu, UDP_GSO_ENABLED);
    }

    /** Same, with UDP GSO for bursts on or off (it is used only where epoll and the kernel have it). */
    public static UdpSocket bind(InetSocketAddress bind, int pathMtu, boolean udpGso) throws IOException {
        final boolean epoll = Epoll.isAvailable();
        final EventLoopGroup group = epoll
            ? new EpollEventLoopGroup(1, new DefaultThreadFactory("overlay-udp", true))
            : new NioEventLoopGroup(1, new DefaultThreadFactory("overlay-udp", true));
        final Demultiplexer demux = new Demultiplexer();
        final Bootstrap bootstrap = new Bootstrap().group(group)
            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
            .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
            .handler(demux);
        if (epoll) {
            // recvmmsg: the allocator's buffer is split into MAX_DATAGRAM-sized slots, one per datagram
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM * RECV_BATCH));
        } else {
            bootstrap.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
        }
        try {
            final Channel ch = bootstrap.bind(bind).sync().channel();
            final UdpSocket socket = new UdpSocket(group, ch, pathMtu, udpGso);
            demux.socket = socket;
            LOG.info("UDP socket bound to {} ({}{})", ch.localAddress(), epoll ? "epoll" : "nio",
                socket.udpGso ? ", UDP GSO" : "");
            return socket;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully();
            throw new IOException("interrupted while binding " + bind, e);
        } catch (RuntimeException e) {
            group.shutdownGracefully();
            throw new IOException("cannot bind UDP " + bind + ": " + e.getMessage(), e);
        }
    }

    /**
     * The transport to one peer on this socket. Calling it twice for the same address is an error: one link per
     * remote address.
     */
    public PacketTransport transportTo(InetSocketAddress remote) {
        final UdpPeerTransport transport = new UdpPeerTransport(this, remote);
        if (peers.putIfAbsent(remote, transport) != null) {
            throw new IllegalStateException("already a transport to " + remote);
        }
        return transport;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    public TransportCounters counters() {
        return counters;
    }

    Channel channel() {
        return channel;
    }

    /** True if bursts leave as UDP GSO sends (epoll, a kernel with UDP_SEGMENT, not turned off). */
    boolean udpGso() {
        return udpGso;
    }

    /** The socket's file descriptor on epoll, null on NIO. */
    Socket nativeSocket() {
        return nativeSocket;
    }

    int pathMtu() {
        return pathMtu;
    }

    void remove(UdpPeerTransport transport) {
        peers.remove(transport.remoteAddress(), transport);
    }

    @Override
    public void close() {
        peers.values().forEach(UdpPeerTransport::close);
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** Hands each datagram to the transport of its sender; copies out of Netty's buffer so the link owns the bytes. */
    private static final class Demultiplexer extends SimpleChannelInboundHandler<DatagramPacket> {
        volatile UdpSocket socket;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            final UdpSocket owner = socket;
            final UdpPeerTransport peer = owner == null ? null : owner.peers.get(packet.sender());
            if (peer == null) {
                if (owner != null) {
                    owner.counters.unknownSource.increment();
                }
                return;
            }
            owner.counters.datagramsIn.increment();
            final int len = packet.content().readableBytes();
            final byte[] bytes = new byte[len];
            packet.content().getBytes(packet.content().readerIndex(), bytes);
            peer.deliver(bytes, len);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            final UdpSocket owner = socket;
            if (owner != null) {
                owner.counters.readBatches.increment();
                owner.peers.values().forEach(UdpPeerTransport::readComplete);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and friends surface here; a UDP socket keeps working after them
            LOG.debug("UDP socket error (ignored)", cause);
        }
    }
}
