/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.OfctlFormat;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;
import org.opendaylight.yangtools.concepts.Registration;

/**
 * What the VIAS controller application offers to its console commands and to the components that add rules
 * (bypass, NAT): the effective config, the connected bridges and the rules on them. (Those components program their
 * rules with {@code flow.RuleWriter}.)
 */
public interface ViasRuntime {
    /**
     * How old the rule counters shown by readers that come back periodically (bypass state, live view, NAT mapping
     * lists) may be: the switch is asked at most this often for them, as often as OpenFlowPlugin's statistics poll
     * used to read them.
     */
    Duration COUNTERS_MAX_AGE = Duration.ofSeconds(10);

    /**
     * A rule VIAS owns on a bridge as the switch reports it (its flow statistics).
     *
     * @param confirmed the rule VIAS confirmed under this name and cookie, or null when the switch reports one VIAS
     *                  did not (yet) confirm
     */
    record OwnedFlow(String nodeId, short tableId, String name, int priority, long cookie, long packets,
            long bytes, FlowRule confirmed) {

        /**
         * The confirmed rule in ovs-ofctl form, "" when not confirmed. Made on demand: the NAT reads every flow's
         * counters every 2 s, and rendering 20,000 rules it never shows was most of its state thread's garbage.
         */
        public String rendered() {
            return confirmed == null ? "" : OfctlFormat.rule(confirmed);
        }
    }

    /**
     * A bridge connected over OpenFlow.
     *
     * @param ports    OpenFlow port number by port name, as the switch reports them (LOCAL is not included)
     * @param localMac hardware address of the bridge's LOCAL port ("aa:bb:..."), or null when not reported
     */
    record ConnectedBridge(String nodeId, String name, boolean managed, Map<String, Long> ports, String localMac) {
        public ConnectedBridge {
            ports = ports == null ? Map.of() : Map.copyOf(ports);
        }

        public ConnectedBridge(final String nodeId, final String name, final boolean managed) {
            this(nodeId, name, managed, Map.of(), null);
        }

        /** The OpenFlow port number of the port of that name on this bridge. */
        public Optional<Long> portNumber(final String portName) {
            return Optional.ofNullable(ports.get(portName));
        }
    }

    /**
     * Told of config and bridge changes, one call at a time on the manager's thread, after the base pipeline of a
     * bridge has been written. Components that add rules (NAT, bypass) recompute theirs here. Implementations must
     * not block for long: every other listener waits.
     */
    interface Listener {
        /**
         * The config changed (or is being replayed on registration).
         *
         * @param config the {@code vias:config} container as committed; null when none is configured
         */
        default void configChanged(final Config config, final ViasSettings settings) {
        }

        /** A bridge connected, or its name, ports or managed flag changed (also replayed on registration). */
        default void bridgeUpdated(final ConnectedBridge bridge) {
        }

        default void bridgeDisconnected(final String nodeId) {
        }
    }

    /**
     * Registers a listener; the current config and every connected bridge are replayed to it first. Closing the
     * registration stops further calls.
     */
    Registration addListener(Listener listener);

    ViasSettings settings();

    /** Connected bridges by node id. */
    Map<String, ConnectedBridge> bridges();

    /**
     * The VIAS rules (cookie marker 0x56A5) each connected bridge reports now, with counters (the switch is asked);
     * a rule's rendering is filled in when VIAS has it confirmed on that bridge (pipeline: committed to the CONFIG
     * inventory; NAT and bypass: confirmed by a barrier, see {@code RuleWriter}).
     */
    default List<OwnedFlow> ownedFlows() throws Exception {
        return ownedFlows(EnumSet.allOf(Cookie.Purpose.class), Duration.ZERO);
    }

    /**
     * The VIAS rules of {@code purposes} each connected bridge reports, as {@link #ownedFlows()}, from a reading at
     * most {@code maxAge} old ({@link Duration#ZERO}: the switch is asked now). Readers that come back periodically
     * pass an age, so the switch is not asked every time.
     */
    List<OwnedFlow> ownedFlows(Set<Cookie.Purpose> purposes, Duration maxAge) throws Exception;

    /** Recomputes and rewrites the base pipeline on every connected bridge. */
    void reinstallPipeline();

    /** VIAS bundle version. */
    String version();
}
