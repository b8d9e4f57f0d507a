/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.bypass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.meter.FlowKey;

class BypassCodecTest {
    static final Uid A = Uid.parse("0a".repeat(20));
    static final FlowKey FLOW = FlowKey.tcp("192.168.1.2", 40000, "192.168.2.3", 5201);

    static List<BypassMessage> samples() {
        return List.of(
            new BypassMessage.Request(A, 1, 7, FLOW, UnderlayEndpoint.of("203.0.113.1", 40001), 40001,
                Capabilities.CURRENT),
            new BypassMessage.Accept(A, 2, 7, UnderlayEndpoint.of("198.51.100.7", 50002), 30000),
            new BypassMessage.Reject(A, 3, 7, RejectReason.POLICY),
            new BypassMessage.Confirm(A, 4, BypassCodec.MAX_ID),
            new BypassMessage.Teardown(A, 5, 7, TeardownReason.IDLE),
            new BypassMessage.TeardownAck(A, Long.MAX_VALUE, 7),
            new BypassMessage.Keepalive(A, 6, List.of()),
            new BypassMessage.Keepalive(A, 7, List.of(1L, 2L, BypassCodec.MAX_ID)));
    }

    @Test
    void roundTripsEveryType() {
        for (BypassMessage message : samples()) {
            final byte[] bytes = BypassCodec.encode(message);
            final BypassCodec.Result result = BypassCodec.decode(bytes);
            assertTrue(result.isOk(), message + ": " + result.error());
            assertEquals(message, result.message());
            assertArrayEquals(bytes, BypassCodec.encode(result.message()));
        }
    }

    @Test
    void hasTheDocumentedLayout() {
        final byte[] request = BypassCodec.encode(samples().get(0));
        assertEquals(BypassCodec.HEADER_LENGTH + 24, request.length);
        assertEquals('V', request[0]);
        assertEquals('B', request[1]);
        assertEquals(1, request[2]);
        assertEquals(MessageType.REQUEST.code(), request[3]);
        assertEquals(0x0a, request[4]);
        assertEquals(1, request[31]);
        assertEquals(7, request[39]);
        assertEquals(FlowKey.TCP, request[40]);
        assertEquals(42, BypassCodec.encode(samples().get(6)).length);
    }

    @Test
    void anAcceptCarriesTheOpeningFlagOnlyWhenSet() {
        final BypassMessage.Accept plain = new BypassMessage.Accept(A, 2, 7, UnderlayEndpoint.of("198.51.100.7",
            50002), 30000);
        final BypassMessage.Accept opening = new BypassMessage.Accept(A, 2, 7, UnderlayEndpoint.of("198.51.100.7",
            50002), 30000, true);
        assertEquals(48, BypassCodec.encode(plain).length);
        final byte[] encoded = BypassCodec.encode(opening);
        assertEquals(49, encoded.length);
        assertEquals(opening, BypassCodec.decode(encoded).message());
        assertEquals(DecodeError.BAD_FIELD, BypassCodec.decode(mutate(encoded, 48, 3)).error());
        final BypassMessage.Request filtered = new BypassMessage.Request(A, 1, 7, FlowKey.tcp("192.168.1.2", 4000,
            "192.168.2.3", 5201), UnderlayEndpoint.of("203.0.113.1", 30001), 30001,
            Capabilities.CURRENT.withFiltered(true));
        final BypassMessage.Request decoded = (BypassMessage.Request) BypassCodec.decode(BypassCodec.encode(filtered))
            .message();
        assertTrue(decoded.capabilities().filtered());
        assertTrue(decoded.capabilities().supportsOpening());
        assertEquals(false, decoded.capabilities().withFiltered(false).filtered());
    }

    @Test
    void refusesWithAReason() {
        final byte[] good = BypassCodec.encode(samples().get(1));
        assertEquals(DecodeError.TRUNCATED, BypassCodec.decode(new byte[0]).error());
        assertEquals(DecodeError.TRUNCATED, BypassCodec.decode(null).error());
        assertEquals(DecodeError.TRUNCATED, BypassCodec.decode(java.util.Arrays.copyOf(good, 39)).error());
        assertEquals(DecodeError.BAD_LENGTH, BypassCodec.decode(java.util.Arrays.copyOf(good, 47)).error());
        // 49: an accept with a flags byte of 0 (unknown flags are a bad field, below); 50 is no accept at all
        assertEquals(DecodeError.BAD_LENGTH, BypassCodec.decode(java.util.Arrays.copyOf(good, 50)).error());
        assertEquals(DecodeError.BAD_MAGIC, BypassCodec.decode(mutate(good, 0, 0)).error());
        assertEquals(DecodeError.UNSUPPORTED_VERSION, BypassCodec.decode(mutate(good, 2, 2)).error());
        assertEquals(DecodeError.UNKNOWN_TYPE, BypassCodec.decode(mutate(good, 3, 99)).error());
        assertEquals(DecodeError.BAD_FIELD, BypassCodec.decode(zeroSequence(good)).error());
        // id beyond 40 bits
        assertEquals(DecodeError.BAD_FIELD, BypassCodec.decode(mutate(good, 34, 1)).error());
        // endpoint port 0
        assertEquals(DecodeError.BAD_FIELD, BypassCodec.decode(mutate(mutate(good, 44, 0), 45, 0)).error());
        final byte[] request = BypassCodec.encode(samples().get(0));
        assertEquals(DecodeError.BAD_FIELD, BypassCodec.decode(mutate(request, 40, 1)).error());
        assertEquals(DecodeError.BAD_FIELD, BypassCodec.decode(mutate(request, 41, 1)).error());
        assertEquals(DecodeError.BAD_FIELD, BypassCodec.decode(mutate(request, 48, 224)).error());
        assertNull(BypassCodec.decode(request).error());
        // an unknown reason from a newer peer is still a refusal
        final byte[] reject = BypassCodec.encode(samples().get(2));
        assertEquals(RejectReason.OTHER,
            ((BypassMessage.Reject) BypassCodec.decode(mutate(reject, 40, 200)).message()).reason());
        // NAT_UNSUPPORTED is code 10 on the wire (a version-1 peer that predates it reads OTHER)
        final byte[] nat = mutate(reject, 40, RejectReason.NAT_UNSUPPORTED.code());
        assertEquals(10, RejectReason.NAT_UNSUPPORTED.code());
        assertEquals(RejectReason.NAT_UNSUPPORTED, ((BypassMessage.Reject) BypassCodec.decode(nat).message()).reason());
    }

    /** At least 100,000 random and mutated inputs: never an exception, and whatever decodes re-encodes the same. */
    @Test
    void fuzz() {
        final Random random = new Random(20_261_125);
        final List<byte[]> seeds = new ArrayList<>();
        for (BypassMessage message : samples()) {
            seeds.add(BypassCodec.encode(message));
        }
        final Map<DecodeError, Integer> errors = new EnumMap<>(DecodeError.class);
        int decoded = 0;
        for (int i = 0; i < 200_000; i++) {
            final byte[] input;
            if (i % 4 == 0) {
                input = new byte[random.nextInt(200)];
                random.nextBytes(input);
            } else {
                final byte[] seed = seeds.get(random.nextInt(seeds.size()));
                final int length = random.nextInt(8) == 0 ? random.nextInt(seed.length + 20) : seed.length;
                input = java.util.Arrays.copyOf(seed, length);
                final int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips && input.length > 0; f++) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
            }
            final BypassCodec.Result result = BypassCodec.decode(input);
            if (result.isOk()) {
                decoded++;
                final BypassCodec.Result again = BypassCodec.decode(BypassCodec.encode(result.message()));
                assertEquals(result.message(), again.message());
            } else {
                errors.merge(result.error(), 1, Integer::sum);
            }
        }
        // The mutations reach every refusal and still leave many valid messages.
        assertEquals(DecodeError.values().length, errors.size(), errors.toString());
        assertTrue(decoded > 10_000, "decoded " + decoded);
    }

    private static byte[] mutate(byte[] in, int index, int value) {
        final byte[] out = in.clone();
        out[index] = (byte) value;
        return out;
    }

    private static byte[] zeroSequence(byte[] in) {
        final byte[] out = in.clone();
        java.util.Arrays.fill(out, 24, 32, (byte) 0);
        return out;
    }
}
