/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.tap;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few libc calls TAP I/O needs. read/write/poll are JNA direct-mapped (static natives: no proxy, no varargs
 * marshalling) because they run once per frame; the rarely used calls are direct-mapped too, with fixed arguments
 * (ioctl is variadic in C, but the x86-64/aarch64 ABI passes a pointer the same way either way).
 *
 * <p>The per-frame calls take and return only primitives and pointers: {@code size_t}, {@code ssize_t} and
 * {@code nfds_t} are Java {@code long} (64 bits on the LP64 platforms the TAP code runs on). A {@code NativeLong}
 * there made JNA convert each argument and result through Java (a reflective constructor per result), tens of
 * microseconds per packet on a cold CPU (see docs/overlay-performance.md, "Lone-packet latency").
 */
final class LibC {
    static final int O_RDWR = 0x0002;
    static final int O_NONBLOCK = 0x0800;
    static final int O_CLOEXEC = 0x80000;
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final short POLLIN = 0x0001;
    static final int AF_INET = 2;
    static final int SOCK_DGRAM = 2;

    static {
        if (Native.SIZE_T_SIZE != Long.BYTES) {
            throw new IllegalStateException("TAP I/O needs a 64-bit size_t, this platform's has "
                + Native.SIZE_T_SIZE + " bytes");
        }
        Native.register("c");
    }

    private LibC() {
    }

    static native int open(String path, int flags);

    static native int close(int fd);

    /** ssize_t read(int, void *, size_t). */
    static native long read(int fd, Pointer buf, long count);

    /** ssize_t write(int, const void *, size_t). */
    static native long write(int fd, Pointer buf, long count);

    /** int poll(struct pollfd *, nfds_t, int). */
    static native int poll(Pointer fds, long nfds, int timeoutMillis);

    static native int ioctl(int fd, NativeLong request, Pointer arg);

    /** ioctl whose argument is a value, not a pointer (TUNSETOFFLOAD). */
    static native int ioctl(int fd, NativeLong request, NativeLong arg);

    static native int socket(int domain, int type, int protocol);

    static native String strerror(int errnum);
}
