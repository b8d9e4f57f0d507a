/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.overlay.Ipv4;

class FlowKeyTest {
    @Test
    void parsesTcpAndUdpAtAnOffset() {
        final byte[] frame = TestFrames.tcp("10.0.0.1", 40000, "10.0.1.2", 5201, 100);
        final byte[] shifted = new byte[frame.length + 7];
        System.arraycopy(frame, 0, shifted, 7, frame.length);
        assertEquals(Optional.of(FlowKey.tcp("10.0.0.1", 40000, "10.0.1.2", 5201)),
            FlowKey.parse(shifted, 7, frame.length));
        assertEquals(Optional.of(FlowKey.udp("192.168.1.2", 53, "192.168.1.3", 9999)),
            FlowKey.parse(TestFrames.udp("192.168.1.2", 53, "192.168.1.3", 9999, 64), 0, 64));
    }

    @Test
    void parsesHeapAndDirectBuffers() {
        final byte[] frame = TestFrames.udp("10.0.0.1", 1, "10.0.0.2", 2, 200);
        final ByteBuffer direct = ByteBuffer.allocateDirect(200).put(frame).flip();
        assertEquals(Optional.of(FlowKey.udp("10.0.0.1", 1, "10.0.0.2", 2)), FlowKey.parse(direct));
        assertEquals(0, direct.position());
        assertEquals(FlowKey.parse(ByteBuffer.wrap(frame)), FlowKey.parse(direct));
    }

    @Test
    void canonicalFormIsSharedByBothDirections() {
        final FlowKey forward = FlowKey.tcp("10.0.0.9", 80, "10.0.0.1", 40000);
        assertFalse(forward.isCanonical());
        assertEquals(forward.canonical(), forward.reversed().canonical());
        assertTrue(forward.canonical().isCanonical());
        // Unsigned comparison: 200.x sorts after 10.x although it is negative as an int.
        assertEquals(Ipv4.parse("10.0.0.1"), FlowKey.tcp("200.0.0.1", 1, "10.0.0.1", 2).canonical().srcIp());
        // Same address: the port decides.
        assertEquals(1, FlowKey.udp("10.0.0.1", 9, "10.0.0.1", 1).canonical().srcPort());
    }

    @Test
    void rejectsInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> new FlowKey(1, 1, 1, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new FlowKey(FlowKey.TCP, 1, 70000, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Ipv4.parse("10.0.0.256"));
        assertEquals("tcp 10.0.0.1:1 -> 10.0.0.2:2", FlowKey.tcp("10.0.0.1", 1, "10.0.0.2", 2).toString());
    }
}
