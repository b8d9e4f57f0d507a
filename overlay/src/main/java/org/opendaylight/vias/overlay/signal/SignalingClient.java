/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.signal;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.java7.XmppHostnameVerifier;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MucEnterConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's XMPP presence in its overlay: logs in with Smack, joins the overlay's MUC room with its
 * {@link ViasSignal} presence (nickname = overlay UID), reports other members and the offers/answers addressed to it,
 * and sends its own. When the connection drops it reconnects with exponential backoff (0.5 s doubling up to
 * {@link SignalingConfig#reconnectMaxMillis()}) and rejoins; P2P links never depend on the XMPP connection, so links
 * that are up stay up meanwhile. Malformed {@code <vias>} stanzas are counted and dropped. The connection is TLS
 * only (STARTTLS required, the server certificate checked against {@link SignalingConfig#tlsCa()} and the XMPP
 * domain): a server without TLS or with a certificate we do not trust is refused with a message saying which.
 */
public final class SignalingClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingClient.class);

    static {
        ProviderManager.addExtensionProvider(ViasSignal.ELEMENT, ViasSignal.NAMESPACE, new ViasSignalProvider());
    }

    /** What signaling tells the node. Called from Smack's threads: must return quickly and not throw. */
    public interface Listener {
        /** A member of the overlay announced itself (also again after it or we reconnected). */
        void peerPresent(ViasSignal presence);

        /** A member left the room (or its XMPP connection went away). */
        void peerGone(String uid);

        /** An offer, answer or bye addressed to us. */
        void signal(ViasSignal signal);

        /** Signaling went down (false) or is back and joined (true). */
        default void connected(boolean up) {
        }
    }

    private final SignalingConfig config;
    private final ViasSignal self;
    private final Listener listener;
    private final XMPPTCPConnection connection;
    private final MultiUserChat muc;
    private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "xmpp-reconnect");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicInteger failedAttempts = new AtomicInteger();
    private volatile boolean closed;
    private volatile boolean joined;
    private volatile long loginMillis = -1;

    public SignalingClient(SignalingConfig config, ViasSignal self, Listener listener) {
        if (self.kind() != SignalKind.PRESENCE) {
            throw new IllegalArgumentException("self must be a presence signal");
        }
        this.config = config;
        this.self = self;
        this.listener = listener;
        try {
            final XMPPTCPConnectionConfiguration conf = XMPPTCPConnectionConfiguration.builder()
                .setHostAddressByNameOrIp(config.host())
                .setPort(config.port())
                .setXmppDomain(config.domain())
                .setUsernameAndPassword(config.user(), config.password())
                .setResource("vias-" + self.uid().substring(0, 8))
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(XmppTrust.trustManager(config.tlsCa()))
                .setHostnameVerifier(new XmppHostnameVerifier())
                .setConnectTimeout(config.connectTimeoutMillis())
                .setSendPresence(true)
                .build();
            connection = new XMPPTCPConnection(conf);
            final EntityBareJid room = JidCreate.entityBareFrom(config.roomJid());
            muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(room);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid xmpp.domain / overlay.name: " + e.getMessage(), e);
        }
        connection.setParsingExceptionCallback(failure -> {
            malformed.incrementAndGet();
            LOG.warn("dropped unparsable XMPP stanza: {}", failure.getParsingException().toString());
        });
        muc.addParticipantListener(this::onPresence);
        muc.addMessageListener(this::onMessage);
        connection.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                onConnectionLost(e);
            }
        });
    }

    /**
     * Connects, logs in and joins the overlay room. Fails fast with a message naming the configuration field for a
     * wrong password, an unknown user or an unreachable server; no reconnect is attempted then.
     */
    public void connect() throws SignalingException {
        final String who = config.user() + "@" + config.domain();
        final long start = System.nanoTime();
        try {
            connection.connect();
        } catch (IOException | SmackException | XMPPException | InterruptedException e) {
            connection.disconnect();
            final String tls = XmppTrust.tlsFailure(e, config);
            throw new SignalingException(tls != null ? tls : "cannot reach XMPP server " + config.host() + ":"
                + config.port() + " (xmpp.host/xmpp.port): " + e, e);
        }
        try {
            connection.login();
        } catch (SASLErrorException e) {
            connection.disconnect();
            throw new SignalingException("XMPP login as " + who + " rejected by the server ("
                + e.getSASLFailure().getSASLErrorString() + "): check xmpp.user and xmpp.password", e);
        } catch (IOException | SmackException | XMPPException | InterruptedException e) {
            connection.disconnect();
            throw new SignalingException("XMPP login as " + who + " failed: " + e, e);
        }
        loginMillis = (System.nanoTime() - start) / 1_000_000;
        try {
            join();
        } catch (Exception e) {
            connection.disconnect();
            throw new SignalingException("cannot join overlay room " + config.roomJid()
                + " (overlay.name/xmpp.muc-domain): " + e, e);
        }
        LOG.info("signaling up: {} in room {} (login took {} ms)", who, config.roomJid(), loginMillis);
    }

    private void join() throws Exception {
        final MucEnterConfiguration enter = muc.getEnterConfigurationBuilder(Resourcepart.from(self.uid()))
            .withPresence(p -> p.addExtension(self))
            .requestNoHistory()
            .timeoutAfter(config.connectTimeoutMillis())
            .build();
        if (muc.isJoined()) {
            muc.join(enter); // leaves the stale occupancy first
        } else {
            muc.createOrJoin(enter);
        }
        joined = true;
        listener.connected(true);
    }

    private void onConnectionLost(Exception e) {
        if (closed) {
            return;
        }
        joined = false;
        LOG.warn("XMPP connection lost ({}); reconnecting with backoff, P2P links stay up", e.toString());
        listener.connected(false);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        final int n = failedAttempts.getAndIncrement();
        final long delay = Math.min(config.reconnectMaxMillis(), 500L << Math.min(n, 10));
        reconnector.schedule(this::reconnect, delay, TimeUnit.MILLISECONDS);
    }

    private void reconnect() {
        if (closed) {
            return;
        }
        try {
            if (!connection.isConnected()) {
                connection.connect();
            }
            if (!connection.isAuthenticated()) {
                connection.login();
            }
            join();
            failedAttempts.set(0);
            reconnects.incrementAndGet();
            LOG.info("XMPP reconnected and rejoined {}", config.roomJid());
        } catch (Exception e) {
            final String tls = XmppTrust.tlsFailure(e, config);
            if (tls != null) {
                LOG.warn("XMPP reconnect refused: {}", tls);
            } else {
                LOG.info("XMPP reconnect attempt failed: {}", e.toString());
            }
            if (connection.isConnected() && !joined) {
                connection.disconnect();
            }
            scheduleReconnect();
        }
    }

    private void onPresence(Presence presence) {
        try {
            final String nick = presence.getFrom().getResourceOrEmpty().toString();
            if (nick.equals(self.uid())) {
                return;
            }
            if (presence.getType() == Presence.Type.unavailable) {
                listener.peerGone(nick);
                return;
            }
            final ViasSignal signal = extract(presence);
            if (signal == null) {
                return;
            }
            if (signal.kind() != SignalKind.PRESENCE || !signal.uid().equals(nick)) {
                malformed.incrementAndGet();
                LOG.warn("dropped presence of {}: kind {} uid {} does not match its nickname", nick, signal.kind(),
                    signal.uid());
                return;
            }
            listener.peerPresent(signal);
        } catch (RuntimeException e) {
            malformed.incrementAndGet();
            LOG.warn("dropped presence {}", presence, e);
        }
    }

    private void onMessage(Message message) {
        try {
            final ViasSignal signal = extract(message);
            if (signal == null || !self.uid().equals(signal.to())) {
                return;
            }
            final String nick = message.getFrom() == null ? "" : message.getFrom().getResourceOrEmpty().toString();
            if (signal.kind() == SignalKind.PRESENCE || !signal.uid().equals(nick)) {
                malformed.incrementAndGet();
                LOG.warn("dropped {} from {}: uid {} does not match its nickname", signal.kind(), nick, signal.uid());
                return;
            }
            listener.signal(signal);
        } catch (RuntimeException e) {
            malformed.incrementAndGet();
            LOG.warn("dropped message {}", message, e);
        }
    }

    /** The stanza's {@code <vias>} element, null if none; malformed ones are counted and give null. */
    private ViasSignal extract(org.jivesoftware.smack.packet.Stanza stanza) {
        final ExtensionElement ext = stanza.getExtensionElement(ViasSignal.ELEMENT, ViasSignal.NAMESPACE);
        if (ext instanceof ViasSignal signal) {
            return signal;
        }
        if (ext instanceof ViasSignalProvider.Malformed bad) {
            malformed.incrementAndGet();
            LOG.warn("dropped malformed <vias> from {}: {}", stanza.getFrom(), bad.reason());
        }
        return null;
    }

    /** Sends an offer/answer/bye into the room. */
    public void send(ViasSignal signal) throws IOException {
        if (!joined) {
            throw new IOException("signaling is not connected");
        }
        try {
            muc.sendMessage(muc.buildMessage().addExtension(signal));
        } catch (SmackException.NotConnectedException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("signaling send failed: " + e, e);
        }
    }

    public boolean isJoined() {
        return joined && connection.isAuthenticated();
    }

    /** Whether the XMPP stream is TLS-encrypted (always once connected: cleartext is refused). */
    public boolean isSecure() {
        return connection.isSecureConnection();
    }

    public long malformedCount() {
        return malformed.get();
    }

    public long reconnectCount() {
        return reconnects.get();
    }

    /** Time from connect() to authenticated, for the setup-time benchmark; -1 before login. */
    public long loginMillis() {
        return loginMillis;
    }

    @Override
    public void close() {
        closed = true;
        joined = false;
        reconnector.shutdownNow();
        try {
            if (muc.isJoined() && connection.isAuthenticated()) {
                muc.leave();
            }
        } catch (Exception e) {
            LOG.debug("leaving room failed", e);
        }
        connection.disconnect();
    }
}
