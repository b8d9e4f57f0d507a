/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.tap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-frame libc calls with primitive size_t/ssize_t/nfds_t arguments and results, on a plain file. */
class LibCTest {
    private static final int EBADF = 9;

    private Path file;
    private int writeFd = -1;
    private int readFd = -1;

    @BeforeEach
    void open() throws IOException {
        file = Files.createTempFile("libc", ".bin");
        writeFd = LibC.open(file.toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
        readFd = LibC.open(file.toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
        assertTrue(writeFd >= 0 && readFd >= 0, "open " + file);
    }

    @AfterEach
    void close() throws IOException {
        LibC.close(writeFd);
        LibC.close(readFd);
        Files.deleteIfExists(file);
    }

    @Test
    void writeAndReadMoveTheCountedBytes() {
        final byte[] data = new byte[1500];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 3);
        }
        final Memory out = new Memory(4096);
        out.write(0, data, 0, data.length);
        assertEquals(data.length, LibC.write(writeFd, out, data.length));

        final Memory in = new Memory(4096);
        // asks for more than there is: the result is what the file holds, not the request
        assertEquals(data.length, LibC.read(readFd, in, 4096));
        assertArrayEquals(data, in.getByteArray(0, data.length));
        assertEquals(0, LibC.read(readFd, in, 4096), "end of file");
    }

    @Test
    void aFailedCallReturnsMinusOneAndItsErrno() {
        final Memory buf = new Memory(64);
        assertEquals(-1, LibC.read(-1, buf, 64));
        assertEquals(EBADF, Native.getLastError());
        assertEquals(-1, LibC.write(-1, buf, 64));
        assertEquals(EBADF, Native.getLastError());
    }

    @Test
    void pollReportsAReadableDescriptor() {
        // struct pollfd { int fd; short events; short revents; }: a regular file is always readable
        final Memory pollFd = new Memory(8);
        pollFd.setInt(0, readFd);
        pollFd.setShort(4, LibC.POLLIN);
        pollFd.setShort(6, (short) 0);
        assertEquals(1, LibC.poll(pollFd, 1, 0));
        assertEquals(LibC.POLLIN, (short) (pollFd.getShort(6) & LibC.POLLIN));
        assertEquals(0, LibC.poll(pollFd, 0, 0), "no descriptors, no events");
    }
}
