/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.ice;

import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.dtls.Fingerprint;
import org.opendaylight.vias.overlay.signal.ViasSignal;

/**
 * What the {@link LinkMachine} asks its I/O shell to do. Every action about an ICE session names the machine's
 * {@code attempt} number for it; the shell hands that number back with the session's outcome, so the machine can
 * tell a current result from one of a session it has already given up.
 */
public sealed interface LinkAction {

    /** The peer this action is about. */
    Uid peer();

    /** Gather a controlling ICE session and send an OFFER with {@code session} as its id. */
    record Offer(Uid peer, long attempt, String session) implements LinkAction {
    }

    /** Gather a controlled ICE session, send an ANSWER to {@code offer} and start checks with its candidates. */
    record Answer(Uid peer, long attempt, ViasSignal offer) implements LinkAction {
    }

    /** Start the offered session's checks with the peer's ANSWER. */
    record Connect(Uid peer, long attempt, ViasSignal answer) implements LinkAction {
    }

    /**
     * ICE selected a pair: run DTLS over it and add the link to the data plane. The peer is authenticated by the
     * overlay CA if one is configured, else pinned to {@code fingerprint} (never null then).
     */
    record StartLink(Uid peer, long attempt, Fingerprint fingerprint, boolean dtlsClient) implements LinkAction {
    }

    /** Remove the peer's link from the data plane and close its ICE session (if any). */
    record TearDown(Uid peer) implements LinkAction {
    }

    /** Ask the controlling peer for a link (we are ICE-controlled and cannot offer). */
    record SendRequest(Uid peer, String session) implements LinkAction {
    }

    /** Tell the peer we drop the session (idle on-demand link). */
    record SendBye(Uid peer, String session) implements LinkAction {
    }
}
