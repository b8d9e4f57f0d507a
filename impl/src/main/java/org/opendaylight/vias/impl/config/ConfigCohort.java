/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.config;

import com.google.common.util.concurrent.FluentFuture;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.opendaylight.mdsal.common.api.DataValidationFailedException;
import org.opendaylight.mdsal.common.api.PostCanCommitStep;
import org.opendaylight.mdsal.dom.api.DOMDataTreeCandidate;
import org.opendaylight.mdsal.dom.api.DOMDataTreeCommitCohort;
import org.opendaylight.vias.impl.nat.NatSetup;
import org.opendaylight.vias.impl.security.SecretSeal;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Bypass;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Identity;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Nat;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Stun;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Switch;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Trust;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Turn;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.Xmpp;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.data.api.YangInstanceIdentifier;
import org.opendaylight.yangtools.yang.data.api.YangInstanceIdentifier.NodeIdentifier;
import org.opendaylight.yangtools.yang.data.api.schema.LeafNode;
import org.opendaylight.yangtools.yang.data.api.schema.NormalizedNode;
import org.opendaylight.yangtools.yang.data.api.schema.NormalizedNodes;
import org.opendaylight.yangtools.yang.model.api.EffectiveModelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes part in every commit that touches {@code vias:config} in the CONFIGURATION datastore and vetoes it when
 * {@link ConfigValidator} finds a problem, so bad config never reaches the listeners that program switches. The
 * veto is a {@link DataValidationFailedException} whose message names the field; RESTCONF returns it to the client.
 */
public final class ConfigCohort implements DOMDataTreeCommitCohort {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigCohort.class);
    public static final YangInstanceIdentifier CONFIG_PATH = YangInstanceIdentifier.of(Config.QNAME);

    private final Supplier<Collection<String>> connectedBridges;
    private final SecretSeal seal;

    public ConfigCohort(final Supplier<Collection<String>> connectedBridges, final SecretSeal seal) {
        this.connectedBridges = connectedBridges;
        this.seal = seal;
    }

    @Override
    public FluentFuture<PostCanCommitStep> canCommit(final Object txId, final EffectiveModelContext ctx,
            final Collection<DOMDataTreeCandidate> candidates) {
        for (DOMDataTreeCandidate candidate : candidates) {
            final NormalizedNode after = candidate.getRootNode().dataAfter();
            if (after == null) {
                continue;
            }
            final List<String> problems = new java.util.ArrayList<>(
                ConfigValidator.problems(proposed(after), connectedBridges.get()));
            problems.addAll(ConfigValidator.overlayProblems(overlayLeaves(after), seal));
            problems.addAll(ConfigValidator.bypassProblems(proposedBypass(after)));
            if (!problems.isEmpty()) {
                final String message = String.join("; ", problems);
                LOG.info("VIAS: rejecting config commit {}: {}", txId, message);
                return FluentFuture.from(com.google.common.util.concurrent.Futures.immediateFailedFuture(
                    new DataValidationFailedException(YangInstanceIdentifier.class,
                        candidate.getRootPath().getRootIdentifier(), message)));
            }
        }
        return PostCanCommitStep.NOOP_SUCCESSFUL_FUTURE;
    }

    /** Reads the checked leaves out of a proposed {@code vias:config} container. */
    static ConfigValidator.Proposed proposed(final NormalizedNode config) {
        final String bridge = leaf(config, Switch.QNAME, "bridge-name").map(Object::toString).orElse(null);
        final Integer start = leaf(config, Nat.QNAME, "port-range-start").map(ConfigCohort::toInt).orElse(null);
        final Integer end = leaf(config, Nat.QNAME, "port-range-end").map(ConfigCohort::toInt).orElse(null);
        final Long pps = leaf(config, Bypass.QNAME, "threshold-packets-per-second").map(ConfigCohort::toLong)
            .orElse(null);
        final Long bps = leaf(config, Bypass.QNAME, "threshold-bytes-per-second").map(ConfigCohort::toLong)
            .orElse(null);
        final Map<String, String> addresses = new HashMap<>();
        leaf(config, Identity.QNAME, "overlay-address")
            .ifPresent(v -> addresses.put("identity/overlay-address", v.toString()));
        leaf(config, Nat.QNAME, "gateway-address").ifPresent(v -> addresses.put("nat/gateway-address", v.toString()));
        leaf(config, Nat.QNAME, "public-address").ifPresent(v -> addresses.put("nat/public-address", v.toString()));
        final Map<String, String> networks = new HashMap<>();
        leaf(config, Nat.QNAME, "internal-network")
            .ifPresent(v -> networks.put("nat/internal-network", v.toString()));
        // NAT (issue #6): the whole nat container, checked by NatSetup
        final NatSetup.Fields nat = new NatSetup.Fields(
            leaf(config, Nat.QNAME, "enabled").map(v -> Boolean.valueOf(v.toString())).orElse(null),
            leaf(config, Nat.QNAME, "internal-network").map(Object::toString).orElse(null),
            leaf(config, Nat.QNAME, "gateway-address").map(Object::toString).orElse(null),
            leaf(config, Nat.QNAME, "gateway-mac").map(Object::toString).orElse(null),
            leaf(config, Nat.QNAME, "public-address").map(Object::toString).orElse(null),
            start, end,
            leaf(config, Nat.QNAME, "mapping-idle-timeout").map(ConfigCohort::toInt).orElse(null),
            leaf(config, Nat.QNAME, "public-prefix-length").map(ConfigCohort::toInt).orElse(null),
            leaf(config, Nat.QNAME, "upstream-gateway").map(Object::toString).orElse(null),
            leaf(config, Switch.QNAME, "pipeline-priority").map(ConfigCohort::toInt).orElse(null));
        return new ConfigValidator.Proposed(bridge, start, end, pps, bps, addresses, networks, nat);
    }

    /** The overlay's leaves ({@code identity}, {@code xmpp}, {@code stun}, {@code turn}) that are set, as text. */
    static Map<String, String> overlayLeaves(final NormalizedNode config) {
        final Map<String, String> out = new HashMap<>();
        final Map<QName, List<String>> leaves = Map.of(
            Identity.QNAME, List.of("uid", "overlay-address", "tap-name", "mtu", "identity-dir", "location"),
            Xmpp.QNAME, List.of("host", "port", "enabled", "domain", "user", "password", "room", "muc-domain"),
            Stun.QNAME, List.of("host", "port"),
            Turn.QNAME, List.of("host", "port", "user", "password"),
            Trust.QNAME, List.of("xmpp-ca", "ca", "revocations"));
        leaves.forEach((container, names) -> names.forEach(name -> leaf(config, container, name)
            .ifPresent(v -> out.put(container.getLocalName() + "/" + name, v.toString()))));
        return out;
    }

    /** Reads the bypass leaves (and the NAT range they must not overlap) out of a proposed config. */
    static ConfigValidator.ProposedBypass proposedBypass(final NormalizedNode config) {
        return new ConfigValidator.ProposedBypass(
            leaf(config, Bypass.QNAME, "port-range-start").map(ConfigCohort::toInt).orElse(null),
            leaf(config, Bypass.QNAME, "port-range-end").map(ConfigCohort::toInt).orElse(null),
            leaf(config, Nat.QNAME, "port-range-start").map(ConfigCohort::toInt).orElse(null),
            leaf(config, Nat.QNAME, "port-range-end").map(ConfigCohort::toInt).orElse(null),
            leaf(config, Bypass.QNAME, "underlay-address").map(Object::toString).orElse(null));
    }

    private static Long toLong(final Object value) {
        return value instanceof Number n ? n.longValue() : Long.valueOf(value.toString());
    }

    private static Integer toInt(final Object value) {
        return value instanceof Number n ? n.intValue() : Integer.valueOf(value.toString());
    }

    private static Optional<Object> leaf(final NormalizedNode config, final QName container, final String leaf) {
        return NormalizedNodes.findNode(config, new NodeIdentifier(container),
                new NodeIdentifier(QName.create(container, leaf)))
            .filter(LeafNode.class::isInstance)
            .map(node -> ((LeafNode<?>) node).body());
    }
}
