/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.impl.security.SecretSeal;
import org.opendaylight.vias.impl.security.TestSeals;
import org.opendaylight.vias.overlay.Uid;
import org.opendaylight.vias.overlay.ice.IceNodeConfig;
import org.opendaylight.vias.overlay.tap.TapOffloads;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.DomainName;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Host;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.IpAddress;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Ipv4Address;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.PortNumber;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.BridgeName;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.Config;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.ConfigBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.DottedQuad;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.OverlayUid;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.IdentityBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.NatBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.StunBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.SwitchBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.TurnBuilder;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.config.XmppBuilder;
import org.opendaylight.yangtools.yang.common.Uint16;

class OverlaySettingsTest {
    private static final SecretSeal SEAL = TestSeals.aaa();
    private static final Path HOME = Path.of("/opt/karaf");

    private static Host ip(final String address) {
        return new Host(new IpAddress(new Ipv4Address(address)));
    }

    private static XmppBuilder xmpp() {
        return new XmppBuilder().setHost(ip("203.0.113.1")).setDomain("vias.test").setUser("site1")
            .setPassword(TestSeals.sealed("secret"));
    }

    private static ConfigBuilder config() {
        return new ConfigBuilder().setXmpp(xmpp().build());
    }

    @Test
    void theOverlayIsOffUntilXmppIsConfigured() {
        assertEquals(Optional.empty(), OverlaySettings.of(null, SEAL));
        assertEquals(Optional.empty(), OverlaySettings.of(new ConfigBuilder().build(), SEAL));
        assertEquals(Optional.empty(), OverlaySettings.of(new ConfigBuilder().setXmpp(xmpp().setPassword(null)
            .build()).build(), SEAL));
        assertEquals(Optional.empty(), OverlaySettings.of(new ConfigBuilder().setXmpp(xmpp().setDomain(null)
            .build()).build(), SEAL));
        assertEquals(Optional.empty(), OverlaySettings.of(new ConfigBuilder().setXmpp(xmpp().setEnabled(false)
            .build()).build(), SEAL));
        assertTrue(OverlaySettings.of(config().build(), SEAL).isPresent());
        assertNull(OverlaySettings.whyOff(config().build(), SEAL));
        assertEquals("disabled (xmpp/enabled is false)", OverlaySettings.whyOff(new ConfigBuilder().setXmpp(xmpp()
            .setEnabled(false).build()).build(), SEAL));
        assertEquals("not configured (missing xmpp/domain xmpp/password)", OverlaySettings.whyOff(
            new ConfigBuilder().setXmpp(xmpp().setDomain(null).setPassword(null).build()).build(), SEAL));
    }

    @Test
    void aPasswordThisControllerDidNotSealKeepsTheOverlayOffAndSaysWhy() {
        final String why = "not configured (xmpp/password is not sealed with this controller's key: store the value "
            + "the seal-secret RPC returns for the password)";
        final Config plain = new ConfigBuilder().setXmpp(xmpp().setPassword("secret").build()).build();
        assertEquals(Optional.empty(), OverlaySettings.of(plain, SEAL));
        assertEquals(why, OverlaySettings.whyOff(plain, SEAL));
        final Config foreign = new ConfigBuilder().setXmpp(xmpp().setPassword(TestSeals.controller().seal("secret"))
            .build()).build();
        assertEquals(Optional.empty(), OverlaySettings.of(foreign, SEAL));
        assertEquals(why, OverlaySettings.whyOff(foreign, SEAL));
        final Config plainTurn = config().setTurn(new TurnBuilder().setHost(ip("203.0.113.1")).setUser("u")
            .setPassword("p").build()).build();
        assertEquals(Optional.empty(), OverlaySettings.of(plainTurn, SEAL));
        assertTrue(OverlaySettings.whyOff(plainTurn, SEAL).startsWith("not configured (turn/password is not sealed"));
        assertEquals("secret", OverlaySettings.of(config().build(), SEAL).orElseThrow().xmppPassword(),
            "the node logs in with the opened password");
    }

    @Test
    void defaultsAreTheYangDefaults() {
        final OverlaySettings s = OverlaySettings.of(config().build(), SEAL).orElseThrow();
        assertNull(s.uid());
        assertEquals("ipop0", s.tapName());
        assertEquals(1280, s.tapMtu());
        assertEquals("etc/vias/identity", s.identityDir());
        assertEquals("vias", s.room());
        assertEquals(5222, s.xmppPort());
        assertNull(s.stunHost());
        assertNull(s.turnHost());
    }

    @Test
    void onlyOverlayContainersMatterForARestart() {
        final Config base = config().build();
        final Config otherNat = config().setNat(new NatBuilder().setEnabled(true).build())
            .setSwitch(new SwitchBuilder().setBridgeName(new BridgeName("br-vias")).build()).build();
        assertEquals(OverlaySettings.of(base, SEAL), OverlaySettings.of(otherNat, SEAL),
            "NAT or switch changes: no restart");
        final Config otherTurn = config().setTurn(new TurnBuilder().setHost(ip("203.0.113.1")).setUser("u")
            .setPassword(TestSeals.sealed("p")).build()).build();
        assertNotEquals(OverlaySettings.of(base, SEAL), OverlaySettings.of(otherTurn, SEAL));
        final Config otherRoom = config().setXmpp(xmpp().setRoom("lab").build()).build();
        assertNotEquals(OverlaySettings.of(base, SEAL), OverlaySettings.of(otherRoom, SEAL));
        final Config otherMtu = config().setIdentity(new IdentityBuilder().setMtu(Uint16.valueOf(1300)).build())
            .build();
        assertNotEquals(OverlaySettings.of(base, SEAL), OverlaySettings.of(otherMtu, SEAL));
    }

    @Test
    void nodeConfigHasAnAddresslessTapAndAnnouncesAddressAndLocation() {
        final Config config = config()
            .setIdentity(new IdentityBuilder().setUid(new OverlayUid("00000000000000000000000000000000000000aa"))
                .setOverlayAddress(new DottedQuad("10.254.0.1")).setTapName(new BridgeName("vias-tap"))
                .setMtu(Uint16.valueOf(1300)).setIdentityDir("/var/lib/vias").setLocation("site-1").build())
            .setXmpp(xmpp().setPort(new PortNumber(Uint16.valueOf(5223))).setRoom("lab").setMucDomain("muc.test")
                .build())
            .setStun(new StunBuilder().setHost(ip("127.0.0.1")).build())
            .setTurn(new TurnBuilder().setHost(new Host(new DomainName("localhost")))
                .setPort(new PortNumber(Uint16.valueOf(3479))).setUser("tu").setPassword(TestSeals.sealed("tp"))
                .build())
            .build();
        final OverlaySettings s = OverlaySettings.of(config, SEAL).orElseThrow();
        final Uid uid = Uid.parse(s.uid());
        final IceNodeConfig node = s.toNodeConfig(uid, HOME);
        assertEquals(uid, node.uid());
        assertEquals("vias-tap", node.tapName());
        assertEquals(-1, node.tapPrefix(), "the TAP is a switch-mode bridge port: no address");
        assertEquals(1300, node.tapMtu());
        assertEquals(TapOffloads.parse(TapOffloads.DEFAULT), node.tapOffloads(),
            "the embedded node's TAP has the standalone node's offloads");
        assertEquals(Path.of("/var/lib/vias"), node.identityDir());
        assertEquals(Map.of("ip", "10.254.0.1", "location", "site-1"), node.capabilities());
        assertEquals("203.0.113.1", node.signaling().host());
        assertEquals(5223, node.signaling().port());
        assertEquals("lab@muc.test", node.signaling().roomJid());
        assertEquals("site1", node.signaling().user());
        assertEquals(new InetSocketAddress("127.0.0.1", 3478), node.ice().stun());
        assertEquals(3479, node.ice().turn().getPort());
        assertEquals("tu", node.ice().turnUser());
        assertEquals("tp", node.ice().turnPassword());
    }

    @Test
    void relativeIdentityDirIsUnderKarafHome() {
        final OverlaySettings s = OverlaySettings.of(config().build(), SEAL).orElseThrow();
        assertEquals(HOME.resolve("etc/vias/identity"), s.toNodeConfig(Uid.parse(
            "00000000000000000000000000000000000000aa"), HOME).identityDir());
        assertEquals("conference.vias.test", s.toNodeConfig(Uid.parse("00000000000000000000000000000000000000aa"),
            HOME).signaling().mucDomain());
    }

    @Test
    void anUnresolvableStunHostNamesTheField() {
        final Config config = config().setStun(new StunBuilder().setHost(new Host(new DomainName(
            "no-such-host.invalid"))).build()).build();
        final OverlaySettings s = OverlaySettings.of(config, SEAL).orElseThrow();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> s.toNodeConfig(Uid.parse("00000000000000000000000000000000000000aa"), HOME));
        assertTrue(e.getMessage().startsWith("stun/host: "), e.getMessage());
    }

    @Test
    void passwordsAreNotPrinted() {
        final String text = OverlaySettings.of(config().setTurn(new TurnBuilder().setHost(ip("203.0.113.1"))
            .setUser("u").setPassword(TestSeals.sealed("turn-secret")).build()).build(), SEAL).orElseThrow().toString();
        assertTrue(!text.contains("secret"), text);
    }
}
