/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.rules;

/**
 * The OpenFlow 1.3 actions VIAS uses, applied in list order ("apply-actions"). Rewrites of L4 ports carry their
 * IP protocol because OpenFlow 1.3 sets tcp_src and udp_src as different fields.
 */
public sealed interface FlowAction {

    /** OFPP_LOCAL: the bridge's own (host) interface. Valid as an output and as an in_port match. */
    long LOCAL = 0xfffffffeL;

    /** Output to a switch port by number, or to {@link #LOCAL}. */
    record Output(long port) implements FlowAction {
        public Output {
            if (port != LOCAL && (port <= 0 || port > 0xffffff00L)) {
                throw new IllegalArgumentException("port: must be a physical port number, was " + port);
            }
        }
    }

    /** OFPP_NORMAL: the switch's own L2 forwarding. */
    record Normal() implements FlowAction {
    }

    /** OFPP_CONTROLLER, so the controller sees the packet (ARP for the NAT gateway, ICMP NAT). */
    record Controller(int maxLength) implements FlowAction {
        /** OFPCML_NO_BUFFER: send the whole packet, the switch buffers nothing. */
        public static final int NO_BUFFER = 0xffff;
    }

    /** OFPP_IN_PORT: back out of the port the packet came in on. */
    record InPort() implements FlowAction {
    }

    record SetEthSrc(MacAddress mac) implements FlowAction {
    }

    record SetEthDst(MacAddress mac) implements FlowAction {
    }

    record SetIpv4Src(int address) implements FlowAction {
    }

    record SetIpv4Dst(int address) implements FlowAction {
    }

    record SetTpSrc(short ipProto, int port) implements FlowAction {
        public SetTpSrc {
            checkL4(ipProto, port);
        }
    }

    record SetTpDst(short ipProto, int port) implements FlowAction {
        public SetTpDst {
            checkL4(ipProto, port);
        }
    }

    private static void checkL4(final short ipProto, final int port) {
        if (ipProto != FlowMatch.PROTO_TCP && ipProto != FlowMatch.PROTO_UDP) {
            throw new IllegalArgumentException("ipProto: L4 port rewrite needs tcp or udp, was " + ipProto);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: must be 0..65535, was " + port);
        }
    }

    static FlowAction output(final long port) {
        return new Output(port);
    }

    static FlowAction normal() {
        return new Normal();
    }

    static FlowAction controller() {
        return new Controller(Controller.NO_BUFFER);
    }
}
