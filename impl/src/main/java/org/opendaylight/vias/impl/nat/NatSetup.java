/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.nat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendaylight.vias.nat.NatConfig;
import org.opendaylight.vias.rules.Ipv4Prefix;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Nat;

/**
 * The {@code vias:config/nat} container as the NAT service runs it: the validated {@link NatConfig} plus the host's
 * uplink (its network and upstream router, for the next hop of translated packets). Pure; the same checks serve
 * the commit cohort (every message names the YANG field) and the service.
 *
 * @param uplink the host's network on the uplink (public-address/public-prefix-length)
 * @param upstreamGateway the router for off-link destinations, or null
 */
public record NatSetup(NatConfig nat, Ipv4Prefix uplink, Integer upstreamGateway) {
    /** Below this, the NAT's classify punts (priority 2000 in table 0) would lose to the pipeline's ARP/ICMP rules. */
    public static final int MAX_PIPELINE_PRIORITY = 1999;
    public static final int DEFAULT_PREFIX_LENGTH = 24;

    /** NatConfig's field names in its messages, and the YANG leaves they come from. */
    private static final Map<String, String> FIELD_NAMES = Map.of(
        "nestedLan", "nat/internal-network",
        "gatewayIp", "nat/gateway-address",
        "gatewayMac", "nat/gateway-mac",
        "hostIp", "nat/public-address",
        "portLow", "nat/port-range-start",
        "portHigh", "nat/port-range-end",
        "idleTimeoutSeconds", "nat/mapping-idle-timeout");

    /** The leaves of {@code config/nat} as text and numbers; null means "not set". */
    public record Fields(Boolean enabled, String internalNetwork, String gatewayAddress, String gatewayMac,
            String publicAddress, Integer portRangeStart, Integer portRangeEnd, Integer idleTimeout,
            Integer publicPrefixLength, String upstreamGateway, Integer pipelinePriority) {

        boolean isEnabled() {
            return Boolean.TRUE.equals(enabled);
        }

        int start() {
            return portRangeStart != null ? portRangeStart : NatConfig.DEFAULT_PORT_LOW;
        }

        int end() {
            return portRangeEnd != null ? portRangeEnd : NatConfig.DEFAULT_PORT_HIGH;
        }
    }

    /** The fields of a committed config (null config or container: NAT off, defaults). */
    public static Fields fields(final Config config) {
        final Nat nat = config == null ? null : config.getNat();
        final Integer priority = config == null || config.getSwitch() == null
            || config.getSwitch().getPipelinePriority() == null ? null
            : config.getSwitch().getPipelinePriority().toJava();
        if (nat == null) {
            return new Fields(false, null, null, null, null, null, null, null, null, null, priority);
        }
        return new Fields(nat.getEnabled(),
            nat.getInternalNetwork() == null ? null : nat.getInternalNetwork().getValue(),
            nat.getGatewayAddress() == null ? null : nat.getGatewayAddress().getValue(),
            nat.getGatewayMac() == null ? null : nat.getGatewayMac().getValue(),
            nat.getPublicAddress() == null ? null : nat.getPublicAddress().getValue(),
            nat.getPortRangeStart() == null ? null : nat.getPortRangeStart().getValue().toJava(),
            nat.getPortRangeEnd() == null ? null : nat.getPortRangeEnd().getValue().toJava(),
            nat.getMappingIdleTimeout() == null ? null : nat.getMappingIdleTimeout().toJava(),
            nat.getPublicPrefixLength() == null ? null : (int) nat.getPublicPrefixLength().toJava(),
            nat.getUpstreamGateway() == null ? null : nat.getUpstreamGateway().getValue(),
            priority);
    }

    /**
     * The problems of these fields, each starting with its YANG path, empty when acceptable. The port range is
     * always checked; the rest only when NAT is enabled (then every address must be set and consistent).
     */
    public static List<String> problems(final Fields fields) {
        final List<String> out = new ArrayList<>();
        final int start = fields.start();
        final int end = fields.end();
        if (start < 1024) {
            out.add("nat/port-range-start: must be 1024..65535 (ports below 1024 are the host's), was " + start);
        }
        if (end < 1024) {
            out.add("nat/port-range-end: must be 1024..65535, was " + end);
        } else if (end < start) {
            out.add("nat/port-range-end: " + end + " is below nat/port-range-start " + start);
        }
        if (!fields.isEnabled() || !out.isEmpty()) {
            return out;
        }
        try {
            NatConfig.parse(fields.internalNetwork(), fields.gatewayAddress(), fields.gatewayMac(),
                fields.publicAddress(), start, end,
                fields.idleTimeout() != null ? fields.idleTimeout() : NatConfig.DEFAULT_IDLE_TIMEOUT_SECONDS);
        } catch (IllegalArgumentException e) {
            final String message = e.getMessage().replaceFirst("^invalid NAT config: ", "");
            for (String problem : message.split("; ")) {
                out.add(yangNames(problem));
            }
        }
        if (fields.pipelinePriority() != null && fields.pipelinePriority() > MAX_PIPELINE_PRIORITY) {
            out.add("switch/pipeline-priority: must be at most " + MAX_PIPELINE_PRIORITY + " while nat/enabled is "
                + "true (the NAT's ARP/ICMP punts in table 0 use priority 2000), was " + fields.pipelinePriority());
        }
        if (fields.upstreamGateway() != null && fields.publicAddress() != null) {
            try {
                final int router = Ipv4Prefix.parseAddress(fields.upstreamGateway());
                final Ipv4Prefix uplink = uplink(fields);
                if (!uplink.contains(router)) {
                    out.add("nat/upstream-gateway: " + fields.upstreamGateway() + " is not on the host's network "
                        + uplink + " (nat/public-address/nat/public-prefix-length)");
                } else if (router == Ipv4Prefix.parseAddress(fields.publicAddress())) {
                    out.add("nat/upstream-gateway: must not be the host's own address");
                }
            } catch (IllegalArgumentException e) {
                out.add("nat/upstream-gateway: '" + fields.upstreamGateway() + "' is not an IPv4 address ("
                    + e.getMessage() + ")");
            }
        }
        return out;
    }

    /**
     * What the NAT service runs: empty when NAT is disabled.
     *
     * @throws IllegalArgumentException when enabled with problems (all listed, each naming its field)
     */
    public static Optional<NatSetup> of(final Fields fields) {
        final List<String> problems = problems(fields);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        if (!fields.isEnabled()) {
            return Optional.empty();
        }
        final NatConfig nat = NatConfig.parse(fields.internalNetwork(), fields.gatewayAddress(), fields.gatewayMac(),
            fields.publicAddress(), fields.start(), fields.end(),
            fields.idleTimeout() != null ? fields.idleTimeout() : NatConfig.DEFAULT_IDLE_TIMEOUT_SECONDS);
        return Optional.of(new NatSetup(nat, uplink(fields),
            fields.upstreamGateway() == null ? null : Ipv4Prefix.parseAddress(fields.upstreamGateway())));
    }

    private static Ipv4Prefix uplink(final Fields fields) {
        final int length = fields.publicPrefixLength() != null ? fields.publicPrefixLength() : DEFAULT_PREFIX_LENGTH;
        final int host = Ipv4Prefix.parseAddress(fields.publicAddress());
        return new Ipv4Prefix(host & Ipv4Prefix.mask(length), length);
    }

    private static String yangNames(final String problem) {
        String out = problem;
        for (Map.Entry<String, String> entry : FIELD_NAMES.entrySet()) {
            out = out.replaceAll("\\b" + entry.getKey() + "\\b", entry.getValue());
        }
        return out;
    }
}
