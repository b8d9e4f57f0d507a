/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opendaylight.vias.impl.ViasRuntime.ConnectedBridge;
import org.opendaylight.vias.impl.config.ViasSettings;
import org.opendaylight.vias.rules.Cookie;
import org.opendaylight.vias.rules.FlowAction;
import org.opendaylight.vias.rules.FlowMatch;
import org.opendaylight.vias.rules.FlowRule;
import org.opendaylight.vias.rules.Table;

/**
 * The base pipeline VIAS installs on every managed bridge, as a pure function of the config.
 *
 * <pre>
 * table 0 (CLASSIFY)  prio P   arp                         -&gt; NORMAL      (stays on the normal/overlay path)
 *                     prio P   icmp                        -&gt; NORMAL
 *                     prio P   dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 (multicast, broadcast) -&gt; NORMAL
 *                     prio 0   *                           -&gt; goto 10     (bypass enabled)
 *                                                          -&gt; goto 20     (bypass disabled)
 * table 10 (BYPASS)   prio 0   *                           -&gt; goto 20     (only when bypass is enabled)
 * table 20 (NAT)      prio 0   *                           -&gt; goto 30
 * table 30 (SWITCH)   prio 0   *                           -&gt; NORMAL
 * </pre>
 *
 * <p>P is {@code config/switch/pipeline-priority}. Bypass rules (table 10) and NAT rules (table 20) are added by
 * their own components at priorities above 0 in their tables; the table-miss rules here make every table fall
 * through to the next, so an empty bypass or NAT table changes nothing. Every rule carries a
 * {@link Cookie.Purpose#PIPELINE} cookie whose id says which rule it is ({@link #ID_ARP} ...).
 *
 * <p>With {@code config/switch/uplink-port} set and that port on the bridge ({@link #rules(ViasSettings,
 * ConnectedBridge)}), three rules isolate the underlay from the nested VMs' L2 segment (U = uplink port number):
 * <pre>
 * table 0             prio P+1 in_port=U                   -&gt; goto 10     (bypass inbound rules, then NAT)
 *                     prio P+1 in_port=LOCAL               -&gt; output:U   (the host's own underlay traffic)
 * table 30 (SWITCH)   prio 1   in_port=U                   -&gt; LOCAL       (what no bypass or NAT rule took)
 * </pre>
 * An underlay packet thus never reaches NORMAL (no L2 loop between uplink and the overlay's tap, no nested-VM
 * port sees underlay frames), still passes the NAT table (its incoming entries), and nested-VM frames reach the
 * underlay only through a bypass or NAT rule. NORMAL floods from nested-VM ports may still reach the uplink and
 * LOCAL; operators can mark the uplink no-flood. Bypass rules sit above all of these at priority P+2
 * ({@link #bypassPriority}).
 */
public final class BasePipeline {
    public static final String PREFIX = "vias-";
    public static final long ID_ARP = 1;
    public static final long ID_ICMP = 2;
    public static final long ID_MULTICAST = 3;
    public static final long ID_CLASSIFY_DEFAULT = 4;
    public static final long ID_BYPASS_DEFAULT = 10;
    public static final long ID_NAT_DEFAULT = 20;
    public static final long ID_SWITCH_DEFAULT = 30;
    public static final long ID_UPLINK_IN = 5;
    public static final long ID_LOCAL_OUT = 6;
    public static final long ID_UPLINK_TO_LOCAL = 31;

    public static final String ARP = PREFIX + "classify-arp";
    public static final String ICMP = PREFIX + "classify-icmp";
    public static final String MULTICAST = PREFIX + "classify-multicast";
    public static final String CLASSIFY_DEFAULT = PREFIX + "classify-default";
    public static final String BYPASS_DEFAULT = PREFIX + "bypass-default";
    public static final String NAT_DEFAULT = PREFIX + "nat-default";
    public static final String SWITCH_DEFAULT = PREFIX + "switch-default";
    public static final String UPLINK_IN = PREFIX + "classify-uplink";
    public static final String LOCAL_OUT = PREFIX + "classify-local";
    public static final String UPLINK_TO_LOCAL = PREFIX + "switch-uplink-local";
    /** Priority of the uplink's fall-through to LOCAL in the switch table. */
    public static final int UPLINK_FALLBACK_PRIORITY = 1;

    private BasePipeline() {
    }

    /** Priority of the bypass rules in table 10: above the uplink rules of table 0's priority. */
    public static int bypassPriority(final ViasSettings settings) {
        return settings.pipelinePriority() + 2;
    }

    /**
     * The OpenFlow port number of the configured uplink on {@code bridge}, when one is configured and the bridge has
     * a port of that name.
     */
    public static Optional<Long> uplinkPort(final ViasSettings settings, final ConnectedBridge bridge) {
        if (settings.uplinkPort().isEmpty() || bridge == null) {
            return Optional.empty();
        }
        return bridge.portNumber(settings.uplinkPort().orElseThrow());
    }

    /**
     * The rules for one bridge: {@link #rules(ViasSettings)} plus, when {@code switch/uplink-port} is set and the
     * bridge has that port, the uplink isolation rules.
     */
    public static List<FlowRule> rules(final ViasSettings settings, final ConnectedBridge bridge) {
        final Optional<Long> uplink = uplinkPort(settings, bridge);
        if (uplink.isEmpty()) {
            return rules(settings);
        }
        final long port = uplink.orElseThrow();
        final int above = settings.pipelinePriority() + 1;
        final List<FlowRule> rules = new ArrayList<>();
        rules.add(FlowRule.gotoNext(UPLINK_IN, Table.CLASSIFY, above, cookie(ID_UPLINK_IN),
            FlowMatch.builder().inPort(port).build(), settings.bypassEnabled() ? Table.BYPASS : Table.NAT));
        rules.add(FlowRule.permanent(LOCAL_OUT, Table.CLASSIFY, above, cookie(ID_LOCAL_OUT),
            FlowMatch.builder().inPort(FlowAction.LOCAL).build(), List.of(FlowAction.output(port))));
        rules.addAll(rules(settings));
        rules.add(FlowRule.permanent(UPLINK_TO_LOCAL, Table.SWITCH, UPLINK_FALLBACK_PRIORITY,
            cookie(ID_UPLINK_TO_LOCAL), FlowMatch.builder().inPort(port).build(),
            List.of(FlowAction.output(FlowAction.LOCAL))));
        return List.copyOf(rules);
    }

    /** The rules without uplink isolation, in table order; names are unique per bridge. */
    public static List<FlowRule> rules(final ViasSettings settings) {
        final int prio = settings.pipelinePriority();
        final List<FlowAction> normal = List.of(FlowAction.normal());
        final List<FlowRule> rules = new ArrayList<>();
        rules.add(FlowRule.permanent(ARP, Table.CLASSIFY, prio, cookie(ID_ARP),
            FlowMatch.builder().ethType(FlowMatch.ETH_ARP).build(), normal));
        rules.add(FlowRule.permanent(ICMP, Table.CLASSIFY, prio, cookie(ID_ICMP),
            FlowMatch.builder().ipProto(FlowMatch.PROTO_ICMP).build(), normal));
        rules.add(FlowRule.permanent(MULTICAST, Table.CLASSIFY, prio, cookie(ID_MULTICAST),
            FlowMatch.builder().ethDst(FlowMatch.GROUP_BIT, FlowMatch.GROUP_BIT).build(), normal));
        if (settings.bypassEnabled()) {
            rules.add(FlowRule.gotoNext(CLASSIFY_DEFAULT, Table.CLASSIFY, 0, cookie(ID_CLASSIFY_DEFAULT),
                FlowMatch.ANY, Table.BYPASS));
            rules.add(FlowRule.gotoNext(BYPASS_DEFAULT, Table.BYPASS, 0, cookie(ID_BYPASS_DEFAULT), FlowMatch.ANY,
                Table.NAT));
        } else {
            rules.add(FlowRule.gotoNext(CLASSIFY_DEFAULT, Table.CLASSIFY, 0, cookie(ID_CLASSIFY_DEFAULT),
                FlowMatch.ANY, Table.NAT));
        }
        rules.add(FlowRule.gotoNext(NAT_DEFAULT, Table.NAT, 0, cookie(ID_NAT_DEFAULT), FlowMatch.ANY, Table.SWITCH));
        rules.add(FlowRule.permanent(SWITCH_DEFAULT, Table.SWITCH, 0, cookie(ID_SWITCH_DEFAULT), FlowMatch.ANY,
            normal));
        return List.copyOf(rules);
    }

    private static Cookie cookie(final long id) {
        return Cookie.of(Cookie.Purpose.PIPELINE, id);
    }
}
