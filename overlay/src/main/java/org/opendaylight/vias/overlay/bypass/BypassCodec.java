/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import java.util.ArrayList;
import java.util.List;
import org.opendaylight.vias.overlay.Ipv4;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.meter.FlowKey;

/**
 * Encodes and decodes bypass control messages (big-endian, fixed layout per type, see overlay/BYPASS.md). Decoding is
 * total: any byte array yields a message or a {@link DecodeError}, never an exception, because the input comes from
 * the network.
 */
public final class BypassCodec {
    public static final int VERSION = 1;
    /** "VB": tells bypass messages from other control messages sharing the overlay's control channel. */
    public static final int MAGIC = 0x5642;
    public static final int HEADER_LENGTH = 40;
    /** Bypass ids fit the 40-bit flow id of a VIAS OpenFlow cookie. */
    public static final long MAX_ID = (1L << 40) - 1;
    /** Keeps a keepalive within 1,066 bytes, under the overlay's 1,280-byte minimum MTU. */
    public static final int MAX_KEEPALIVE_IDS = 128;

    static final int REQUEST_BODY = 24;
    static final int ACCEPT_BODY = 8;
    /** An ACCEPT with a flags byte (bit 0: the path is opened first); sent only when a flag is set. */
    static final int ACCEPT_BODY_FLAGS = 9;
    static final int ACCEPT_OPENING = 1;

    private BypassCodec() {
    }

    /** Outcome of {@link #decode}: exactly one of message and error is set. */
    public record Result(BypassMessage message, DecodeError error) {
        static Result ok(BypassMessage message) {
            return new Result(message, null);
        }

        static Result error(DecodeError error) {
            return new Result(null, error);
        }

        public boolean isOk() {
            return message != null;
        }
    }

    public static byte[] encode(BypassMessage message) {
        final byte[] out = new byte[HEADER_LENGTH + bodyLength(message)];
        putU16(out, 0, MAGIC);
        out[2] = VERSION;
        out[3] = (byte) message.type().code();
        message.sender().write(out, 4);
        putLong(out, 24, message.sequence());
        putLong(out, 32, message.id());
        final int b = HEADER_LENGTH;
        // Java 17: no pattern switch yet, so dispatch on the type byte and cast.
        switch (message.type()) {
            case REQUEST -> {
                final BypassMessage.Request r = (BypassMessage.Request) message;
                out[b] = (byte) r.flow().protocol();
                putInt(out, b + 2, r.flow().srcIp());
                putU16(out, b + 6, r.flow().srcPort());
                putInt(out, b + 8, r.flow().dstIp());
                putU16(out, b + 12, r.flow().dstPort());
                putInt(out, b + 14, r.endpoint().ip());
                putU16(out, b + 18, r.endpoint().port());
                putU16(out, b + 20, r.allocatedPort());
                out[b + 22] = (byte) r.capabilities().maxVersion();
                out[b + 23] = (byte) r.capabilities().features();
            }
            case ACCEPT -> {
                final BypassMessage.Accept a = (BypassMessage.Accept) message;
                putInt(out, b, a.endpoint().ip());
                putU16(out, b + 4, a.endpoint().port());
                putU16(out, b + 6, a.allocatedPort());
                if (a.opening()) {
                    out[b + 8] = ACCEPT_OPENING;
                }
            }
            case REJECT -> out[b] = (byte) ((BypassMessage.Reject) message).reason().code();
            case TEARDOWN -> out[b] = (byte) ((BypassMessage.Teardown) message).reason().code();
            case KEEPALIVE -> {
                final List<Long> ids = ((BypassMessage.Keepalive) message).ids();
                putU16(out, b, ids.size());
                for (int i = 0; i < ids.size(); i++) {
                    putLong(out, b + 2 + 8 * i, ids.get(i));
                }
            }
            case CONFIRM, TEARDOWN_ACK -> {
                // header only
            }
            default -> throw new IllegalStateException("unreachable: " + message.type());
        }
        return out;
    }

    private static int bodyLength(BypassMessage message) {
        return switch (message.type()) {
            case REQUEST -> REQUEST_BODY;
            case ACCEPT -> ((BypassMessage.Accept) message).opening() ? ACCEPT_BODY_FLAGS : ACCEPT_BODY;
            case REJECT, TEARDOWN -> 1;
            case KEEPALIVE -> {
                final int count = ((BypassMessage.Keepalive) message).ids().size();
                if (count > MAX_KEEPALIVE_IDS) {
                    throw new IllegalArgumentException("keepalive: at most " + MAX_KEEPALIVE_IDS + " ids");
                }
                yield 2 + 8 * count;
            }
            case CONFIRM, TEARDOWN_ACK -> 0;
        };
    }

    public static Result decode(byte[] in) {
        if (in == null || in.length < HEADER_LENGTH) {
            return Result.error(in != null && in.length >= 2 && u16(in, 0) != MAGIC
                ? DecodeError.BAD_MAGIC : DecodeError.TRUNCATED);
        }
        if (u16(in, 0) != MAGIC) {
            return Result.error(DecodeError.BAD_MAGIC);
        }
        if ((in[2] & 0xff) != VERSION) {
            return Result.error(DecodeError.UNSUPPORTED_VERSION);
        }
        final MessageType type = MessageType.ofCode(in[3] & 0xff);
        if (type == null) {
            return Result.error(DecodeError.UNKNOWN_TYPE);
        }
        final int body = in.length - HEADER_LENGTH;
        if (!lengthFits(type, body, in)) {
            return Result.error(DecodeError.BAD_LENGTH);
        }
        final Uid sender = Uid.read(in, 4);
        final long sequence = getLong(in, 24);
        final long id = getLong(in, 32);
        final boolean idOk = type == MessageType.KEEPALIVE ? id == 0 : id > 0 && id <= MAX_ID;
        if (sequence <= 0 || !idOk) {
            return Result.error(DecodeError.BAD_FIELD);
        }
        final int b = HEADER_LENGTH;
        final BypassMessage message = switch (type) {
            case REQUEST -> request(in, sender, sequence, id);
            case ACCEPT -> {
                final UnderlayEndpoint endpoint = endpoint(getInt(in, b), u16(in, b + 4));
                final int allocated = u16(in, b + 6);
                final int flags = body == ACCEPT_BODY_FLAGS ? in[b + 8] & 0xff : 0;
                yield endpoint == null || allocated == 0 || (flags & ~ACCEPT_OPENING) != 0 ? null
                    : new BypassMessage.Accept(sender, sequence, id, endpoint, allocated, flags != 0);
            }
            case REJECT -> new BypassMessage.Reject(sender, sequence, id, RejectReason.ofCode(in[b] & 0xff));
            case CONFIRM -> new BypassMessage.Confirm(sender, sequence, id);
            case TEARDOWN -> new BypassMessage.Teardown(sender, sequence, id, TeardownReason.ofCode(in[b] & 0xff));
            case TEARDOWN_ACK -> new BypassMessage.TeardownAck(sender, sequence, id);
            case KEEPALIVE -> keepalive(in, sender, sequence);
        };
        return message == null ? Result.error(DecodeError.BAD_FIELD) : Result.ok(message);
    }

    private static boolean lengthFits(MessageType type, int body, byte[] in) {
        return switch (type) {
            case REQUEST -> body == REQUEST_BODY;
            case ACCEPT -> body == ACCEPT_BODY || body == ACCEPT_BODY_FLAGS;
            case REJECT, TEARDOWN -> body == 1;
            case CONFIRM, TEARDOWN_ACK -> body == 0;
            case KEEPALIVE -> body >= 2 && u16(in, HEADER_LENGTH) <= MAX_KEEPALIVE_IDS
                && body == 2 + 8 * u16(in, HEADER_LENGTH);
        };
    }

    private static BypassMessage request(byte[] in, Uid sender, long sequence, long id) {
        final int b = HEADER_LENGTH;
        final int protocol = in[b] & 0xff;
        final int srcIp = getInt(in, b + 2);
        final int srcPort = u16(in, b + 6);
        final int dstIp = getInt(in, b + 8);
        final int dstPort = u16(in, b + 12);
        final UnderlayEndpoint endpoint = endpoint(getInt(in, b + 14), u16(in, b + 18));
        final int allocated = u16(in, b + 20);
        final int maxVersion = in[b + 22] & 0xff;
        if (protocol != FlowKey.TCP && protocol != FlowKey.UDP || in[b + 1] != 0 || !Ipv4.isUnicast(srcIp)
                || !Ipv4.isUnicast(dstIp) || srcPort == 0 || dstPort == 0 || endpoint == null || allocated == 0
                || maxVersion < 1) {
            return null;
        }
        return new BypassMessage.Request(sender, sequence, id, new FlowKey(protocol, srcIp, srcPort, dstIp, dstPort),
            endpoint, allocated, new Capabilities(maxVersion, in[b + 23] & 0xff));
    }

    private static BypassMessage keepalive(byte[] in, Uid sender, long sequence) {
        final int count = u16(in, HEADER_LENGTH);
        final List<Long> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final long id = getLong(in, HEADER_LENGTH + 2 + 8 * i);
            if (id <= 0 || id > MAX_ID) {
                return null;
            }
            ids.add(id);
        }
        return new BypassMessage.Keepalive(sender, sequence, ids);
    }

    private static UnderlayEndpoint endpoint(int ip, int port) {
        return Ipv4.isUnicast(ip) && port != 0 ? new UnderlayEndpoint(ip, port) : null;
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | b[p + 1] & 0xff;
    }

    private static int getInt(byte[] b, int p) {
        return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff;
    }

    private static long getLong(byte[] b, int p) {
        return (long) getInt(b, p) << 32 | getInt(b, p + 4) & 0xffff_ffffL;
    }

    private static void putU16(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 8);
        b[p + 1] = (byte) v;
    }

    private static void putInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int p, long v) {
        putInt(b, p, (int) (v >>> 32));
        putInt(b, p + 4, (int) v);
    }
}
