/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

import java.util.function.Function;

/**
 * The outcome of a packet function: a value, or the reason the packet was dropped. Packet functions return this
 * instead of throwing, so one malformed packet from a nested VM can never break the controller's packet path.
 */
public record PacketResult<T>(T value, DropReason dropped) {

    public PacketResult {
        if ((value == null) == (dropped == null)) {
            throw new IllegalArgumentException("exactly one of value and dropped must be set");
        }
    }

    public static <T> PacketResult<T> ok(final T value) {
        return new PacketResult<>(value, null);
    }

    /** A drop, counted in {@code counter}. */
    public static <T> PacketResult<T> drop(final DropReason reason, final DropCounter counter) {
        counter.count(reason);
        return new PacketResult<>(null, reason);
    }

    public boolean isOk() {
        return value != null;
    }

    /** The same drop with another value type (the drop was already counted). */
    public <U> PacketResult<U> asDrop() {
        if (isOk()) {
            throw new IllegalStateException("not a drop");
        }
        return new PacketResult<>(null, dropped);
    }

    public <U> PacketResult<U> map(final Function<T, U> mapper) {
        return isOk() ? ok(mapper.apply(value)) : asDrop();
    }
}
