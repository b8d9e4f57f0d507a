/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.opendaylight.vias.overlay.counters.CertificateRejection;
import org.opendaylight.vias.overlay.counters.DropReason;
import org.opendaylight.vias.overlay.counters.LinkCounters;
import org.opendaylight.vias.overlay.link.SecureLayer;
import org.opendaylight.vias.overlay.transport.DatagramReceiver;
import org.opendaylight.vias.overlay.transport.PacketTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DTLS 1.2 (bctls, JcaTlsCrypto) over any {@link PacketTransport}.
 *
 * <p>bctls pulls datagrams ({@link DatagramTransport#receive} with a timeout) while transports push them. During a
 * handshake received datagrams go through a bounded queue to one thread per link, which handshakes (client or server,
 * decided by the caller, normally by UID order). Once the session is up, the transport's thread decrypts each datagram
 * itself and hands the plaintext up at once: it lends the datagram to bctls and calls {@link DTLSTransport#receive},
 * and the adapter ends that call ({@link NoMoreDatagrams}) when the lent datagram is used up, so nobody waits and no
 * thread is woken per packet (that hand-off was a large part of the overlay's ping time). The link's thread then only
 * supervises: it re-checks the peer's certificate, and re-handshakes when the session dies: a fatal or close alert
 * from the peer, a failure while decrypting, or no authentic record for {@code deadAfterMillis} (keepalives are the
 * link's job). Datagrams that are not DTLS 1.2 records are dropped before bctls sees them; records bctls cannot
 * authenticate are discarded by bctls (RFC 6347 §4.1.2.7).
 */
public final class DtlsLayer implements SecureLayer {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsLayer.class);
    /** DTLS record header: type, version, epoch, sequence number, length. */
    static final int RECORD_HEADER = 13;
    private static final int APPLICATION_DATA = 23;
    /** Header + 8-byte explicit nonce + 16-byte GCM tag, for AES-128-GCM (the only suite we offer). */
    public static final int RECORD_OVERHEAD = RECORD_HEADER + 8 + 16;
    private static final int QUEUE_CAPACITY = 4096;
    /**
     * A server that sees a new ClientHello while its session is up re-accepts once the peer has been silent this
     * long: the peer restarted. Longer than the link keepalive interval (5 s), so a forged ClientHello cannot tear
     * down a session whose peer is alive.
     */
    static final long RESTART_SILENCE_MILLIS = 6000;
    /** How often an established session re-checks the peer's certificate (revocation list, expiry). */
    static final int RECHECK_MILLIS = 1000;

    private final PacketTransport transport;
    private final JcaTlsCrypto crypto;
    private final NodeIdentity identity;
    private final PeerAuthenticator peer;
    private final boolean client;
    private final LinkCounters counters;
    private final String name;
    private final int handshakeTimeoutMillis;
    private final long deadAfterMillis;
    private final BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final ReentrantLock sendLock = new ReentrantLock();
    /** Held while a transport thread decrypts (bctls' receive side is single-threaded) and while sessions change. */
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final Adapter adapter = new Adapter();
    private final LongAdder inlineDatagrams = new LongAdder();
    private final LongAdder handedOffDatagrams = new LongAdder();
    /** Wakes the link thread: a burst is queued, or the session ended on a transport thread. */
    private final Semaphore work = new Semaphore(0);
    /** Datagrams of the current read batch (transport thread only; transports deliver from one thread at a time). */
    private final List<byte[]> readBatch = new ArrayList<>();
    private final boolean batchesReads;

    /** The session whose datagrams transport threads decrypt themselves; null during handshakes. */
    private volatile DTLSTransport inlineSession;
    /** The datagram lent to bctls by the decrypting transport thread (guarded by receiveLock). */
    private byte[] lent;
    /** Plaintext buffer of the decrypting thread (guarded by receiveLock). */
    private byte[] plaintext;
    private volatile PlaintextReceiver plaintextReceiver = (buf, off, len) -> { };
    private volatile long lastAuthenticNanos;
    /** Why decrypting on a transport thread ended the session; the link's thread re-handshakes. */
    private volatile Exception sessionFailure;

    private volatile DTLSTransport session;
    private volatile boolean closed;
    private volatile boolean peerEnded;
    private volatile boolean clientHelloSeen;
    private volatile Thread worker;
    private volatile String lastError;
    private volatile PeerTrust trust;

    /**
     * @param client true to initiate the handshake (the other end must be the server)
     * @param deadAfterMillis tear the session down and re-handshake after this long without an authentic record
     */
    public DtlsLayer(PacketTransport transport, JcaTlsCrypto crypto, NodeIdentity identity,
            PeerAuthenticator peer, boolean client, LinkCounters counters, int handshakeTimeoutMillis,
            long deadAfterMillis) {
        this.transport = transport;
        this.crypto = crypto;
        this.identity = identity;
        this.peer = peer;
        this.client = client;
        this.counters = counters;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.deadAfterMillis = deadAfterMillis;
        this.name = "dtls-" + (client ? "client-" : "server-") + transport.remoteAddress();
        this.batchesReads = transport.endsReadBatches();
    }

    @Override
    public void start(PlaintextReceiver receiver, StateListener state) {
        plaintextReceiver = receiver;
        transport.setReceiver(new DatagramReceiver() {
            @Override
            public void onDatagram(byte[] buf, int off, int len) {
                DtlsLayer.this.onDatagram(buf, off, len);
            }

            @Override
            public void onReadBatchEnd() {
                DtlsLayer.this.onReadBatchEnd();
            }
        });
        final Thread thread = new Thread(() -> run(state), name);
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    /** Transport thread: cheap sanity check, then queue for the DTLS thread. */
    private void onDatagram(byte[] buf, int off, int len) {
        if (!looksLikeDtls12(buf, off, len)) {
            counters.drop(DropReason.NOT_DTLS);
            return;
        }
        if (!client && session != null && isClientHello(buf, off, len)) {
            clientHelloSeen = true;
        }
        final byte[] datagram = off == 0 && len == buf.length ? buf : java.util.Arrays.copyOfRange(buf, off, off + len);
        if (inlineSession != null) {
            if (batchesReads) {
                readBatch.add(datagram);
            } else {
                receiveInline(datagram);
            }
            return;
        }
        if (!received.offer(datagram)) {
            counters.drop(DropReason.QUEUE_FULL);
        }
        if (inlineSession != null) {
            // the session came up while this datagram was queued: it must not wait for the next one
            receiveInline(null);
        }
    }

    /**
     * Transport thread, end of a read batch: a lone datagram is decrypted here at once (no hand-off, no wake-up);
     * a burst goes to the link thread, so decrypting overlaps with the next read (a pipeline over two cores).
     */
    private void onReadBatchEnd() {
        final int n = readBatch.size();
        if (n == 0) {
            return;
        }
        if (n == 1) {
            receiveInline(readBatch.get(0));
        } else {
            for (int i = 0; i < n; i++) {
                if (!received.offer(readBatch.get(i))) {
                    counters.drop(DropReason.QUEUE_FULL);
                }
            }
            handedOffDatagrams.add(n);
            work.release();
        }
        readBatch.clear();
    }

    /** Transport thread: decrypts what the handshake left queued, then {@code datagram} (if any). */
    private void receiveInline(byte[] datagram) {
        receiveLock.lock();
        final PlaintextReceiver receiver = plaintextReceiver;
        batchStart(receiver);
        try {
            final DTLSTransport dtls = inlineSession;
            if (dtls == null) {
                // the session ended meanwhile; the next handshake discards what is queued
                if (datagram != null && !received.offer(datagram)) {
                    counters.drop(DropReason.QUEUE_FULL);
                }
                return;
            }
            byte[] queued;
            while ((queued = received.poll()) != null) {
                decryptLocked(dtls, queued);
            }
            if (datagram != null) {
                decryptLocked(dtls, datagram);
            }
        } finally {
            batchEnd(receiver);
            receiveLock.unlock();
        }
    }

    /** Tells the receiver that the plaintext of one burst follows (it may hold frames back until batchEnd). */
    @SuppressWarnings("checkstyle:IllegalCatch")
    private void batchStart(PlaintextReceiver receiver) {
        try {
            receiver.batchStart();
        } catch (RuntimeException e) {
            LOG.warn("{}: starting a receive batch failed", name, e);
        }
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void batchEnd(PlaintextReceiver receiver) {
        try {
            receiver.batchEnd();
        } catch (RuntimeException e) {
            // a bug above must not kill the transport's thread
            counters.drop(DropReason.SEND_FAILED);
            LOG.warn("{}: ending a receive batch failed", name, e);
        }
    }

    /** Lends {@code datagram} to bctls and hands every application record in it up. Holds receiveLock. */
    private void decryptLocked(DTLSTransport dtls, byte[] datagram) {
        if (sessionFailure != null || peerEnded) {
            return;
        }
        inlineDatagrams.increment();
        lent = datagram;
        // every call either consumes a record or ends with NoMoreDatagrams; the bound only guards against a bctls
        // that returns without reading once closed
        final int maxRecords = datagram.length / RECORD_HEADER + 1;
        // A datagram of application records only (every data packet) is used up once bctls has returned as many
        // records as it holds: stopping there spares the NoMoreDatagrams unwind through bctls' frames (in a profile
        // of lone pings its code-cache lookups took more of the receiving thread than the AES-GCM decryption).
        // Anything else (handshake, alert, a record bctls discards) still ends with NoMoreDatagrams, so nothing is
        // left behind in bctls' record queue.
        final int dataRecords = applicationRecords(datagram);
        int handedUp = 0;
        try {
            for (int i = 0; i < maxRecords && !peerEnded && handedUp != dataRecords; i++) {
                final int n = dtls.receive(plaintext, 0, plaintext.length, 1);
                if (n >= 0) {
                    // only application data counts as a sign of life (see superviseSession)
                    lastAuthenticNanos = System.nanoTime();
                    handedUp++;
                    deliver(n);
                }
            }
        } catch (NoMoreDatagrams e) {
            // the datagram is used up
        } catch (IOException | RuntimeException e) {
            sessionFailure = e;
        } finally {
            lent = null;
        }
        if (sessionFailure != null || peerEnded) {
            work.release();
        }
    }

    private void deliver(int length) {
        try {
            plaintextReceiver.onPlaintext(plaintext, 0, length);
        } catch (RuntimeException e) {
            // a bug above must not end the session or kill the transport's thread: this record is lost
            counters.drop(DropReason.SEND_FAILED);
            LOG.warn("{}: handing a record up failed", name, e);
        }
    }

    /**
     * True if the datagram is a sequence of well-formed DTLS record headers and bodies: content type 20..25, version
     * DTLS 1.0 (0xfeff, allowed in the first ClientHello) or DTLS 1.2 (0xfefd), lengths that add up exactly, and
     * encrypted (epoch &gt; 0) bodies at least as long as the AES-GCM nonce and tag.
     *
     * <p>This is a guard, not only a shortcut: bctls 1.78 treats an encrypted record too short to hold nonce and tag
     * as a fatal decode_error, so a single forged short record from the peer's address would otherwise end the
     * session. Records with bad MACs bctls discards by itself.
     */
    static boolean looksLikeDtls12(byte[] buf, int off, int len) {
        return scanRecords(buf, off, len) >= 0;
    }

    /** The number of records in a datagram if it {@link #looksLikeDtls12} and all are application data, else -1. */
    static int applicationRecords(byte[] datagram) {
        final int scan = scanRecords(datagram, 0, datagram.length);
        return scan > 0 ? scan : -1;
    }

    /**
     * Walks the record headers once for both questions above: -1 if the datagram does not look like DTLS 1.2, 0 if
     * it does but not every record is application data (content type 23), else the number of records.
     */
    private static int scanRecords(byte[] buf, int off, int len) {
        if (len < RECORD_HEADER) {
            return -1;
        }
        final int end = off + len;
        int pos = off;
        int records = 0;
        boolean applicationDataOnly = true;
        while (pos < end) {
            if (end - pos < RECORD_HEADER) {
                return -1;
            }
            final int type = buf[pos] & 0xff;
            final int major = buf[pos + 1] & 0xff;
            final int minor = buf[pos + 2] & 0xff;
            if (type < 20 || type > 25 || major != 0xfe || minor != 0xfd && minor != 0xff) {
                return -1;
            }
            final int epoch = (buf[pos + 3] & 0xff) << 8 | buf[pos + 4] & 0xff;
            final int length = (buf[pos + 11] & 0xff) << 8 | buf[pos + 12] & 0xff;
            if (length > end - pos - RECORD_HEADER || epoch != 0 && length < RECORD_OVERHEAD - RECORD_HEADER) {
                return -1;
            }
            applicationDataOnly &= type == APPLICATION_DATA;
            records++;
            pos += RECORD_HEADER + length;
        }
        return applicationDataOnly ? records : 0;
    }

    private void run(StateListener state) {
        long backoff = 200;
        while (!closed) {
            final DTLSTransport dtls;
            try {
                peerEnded = false;
                clientHelloSeen = false;
                // flights of an earlier, failed attempt would answer the wrong ClientHello (decrypt_error)
                received.clear();
                dtls = handshake();
                counters.handshake(true);
                backoff = 200;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    break;
                }
                counters.handshake(false);
                final CertificateRejection rejection = trust == null ? null : trust.rejection();
                if (rejection != null) {
                    counters.rejected(rejection);
                }
                lastError = "handshake: " + e;
                LOG.warn("{}: handshake failed: {}", name, e.toString());
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5000);
                continue;
            }
            LOG.info("{}: DTLS session up, peer verified by {}", name, peer.describe());
            session = dtls;
            try {
                decryptInline(dtls);
                state.up();
                superviseSession(trust.acceptedLeaf());
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    lastError = "session: " + e;
                    LOG.warn("{}: DTLS session failed: {}", name, e.toString());
                }
            } finally {
                endInline();
                session = null;
                state.down();
                closeQuietly(dtls);
            }
        }
    }

    /** An epoch-0 handshake record carrying a ClientHello (handshake type 1). */
    static boolean isClientHello(byte[] buf, int off, int len) {
        return len > RECORD_HEADER && buf[off] == 22 && buf[off + 3] == 0 && buf[off + 4] == 0
            && buf[off + RECORD_HEADER] == 1;
    }

    private DTLSTransport handshake() throws IOException {
        this.trust = null; // a failure before the new trust exists must not count the previous attempt's reason
        final PeerTrust trust = new PeerTrust(crypto, identity, peer);
        this.trust = trust;
        final AlertListener alerts = (level, description) -> {
            if (level == AlertLevel.fatal || description == AlertDescription.close_notify) {
                peerEnded = true;
            }
        };
        if (client) {
            return new DTLSClientProtocol().connect(
                new OverlayDtlsClient(crypto, trust, handshakeTimeoutMillis, alerts), adapter);
        }
        return new DTLSServerProtocol().accept(
            new OverlayDtlsServer(crypto, trust, handshakeTimeoutMillis, alerts), adapter);
    }

    /** From now on transport threads decrypt this session's datagrams; called before anyone is told it is up. */
    private void decryptInline(DTLSTransport dtls) throws IOException {
        sessionFailure = null;
        lastAuthenticNanos = System.nanoTime();
        receiveLock.lock();
        try {
            plaintext = new byte[Math.max(dtls.getReceiveLimit(), 2048)];
            inlineSession = dtls;
        } finally {
            receiveLock.unlock();
        }
        // records that arrived during the last handshake flight
        receiveInline(null);
    }

    /**
     * Link thread while the session is up: transport threads decrypt (see {@link #receiveInline}); this thread wakes
     * every {@link #RECHECK_MILLIS} or when they report the session's end, and decides whether it lives on.
     */
    private void superviseSession(byte[] peerLeaf) throws IOException {
        long lastRecheck = System.nanoTime();
        while (!closed && !peerEnded) {
            try {
                if (work.tryAcquire(RECHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                    work.drainPermits();
                    // a burst the transport thread handed over (decrypting it here overlaps with its next read)
                    receiveInline(null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            final Exception failure = sessionFailure;
            if (failure instanceof IOException io) {
                throw io;
            } else if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            final long now = System.nanoTime();
            final long silentMillis = TimeUnit.NANOSECONDS.toMillis(now - lastAuthenticNanos);
            if (TimeUnit.NANOSECONDS.toMillis(now - lastRecheck) >= RECHECK_MILLIS) {
                // a revocation or expiry ends a live session within about a second; the re-handshake then fails
                lastRecheck = now;
                final Optional<CertificateRejection> rejection = peer.recheck(peerLeaf);
                if (rejection.isPresent()) {
                    counters.rejected(rejection.get());
                    lastError = "session: peer certificate no longer accepted: " + rejection.get();
                    LOG.warn("{}: peer certificate no longer accepted ({}), ending the session", name,
                        rejection.get());
                    return;
                }
            }
            if (clientHelloSeen && silentMillis > RESTART_SILENCE_MILLIS) {
                LOG.info("{}: new ClientHello from a silent peer: it restarted, re-accepting", name);
                return;
            } else if (silentMillis > deadAfterMillis) {
                LOG.warn("{}: no authentic record for {} ms, re-handshaking", name, deadAfterMillis);
                return;
            }
        }
    }

    /** Back to queueing for the link thread; no transport thread is inside bctls' receive side after this. */
    private void endInline() {
        receiveLock.lock();
        try {
            inlineSession = null;
            plaintext = null;
        } finally {
            receiveLock.unlock();
        }
    }

    @Override
    public boolean isUp() {
        return session != null;
    }

    /** Datagrams waiting for the DTLS thread (tests use it to pace input). */
    int queuedDatagrams() {
        return received.size();
    }

    /** Datagrams decrypted since start (on the transport's thread for lone datagrams, on the link's for bursts). */
    public long inlineDatagrams() {
        return inlineDatagrams.sum();
    }

    /** Datagrams of read bursts the transport thread handed to the link thread to decrypt. */
    public long handedOffDatagrams() {
        return handedOffDatagrams.sum();
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        final DTLSTransport dtls = session;
        if (dtls == null) {
            throw new LinkDownException(name + " is not up");
        }
        // bctls' record layer keeps one write sequence number: senders (TAP queues, control) take turns
        sendLock.lock();
        try {
            dtls.send(buf, off, len);
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public void flush() {
        transport.flush();
    }

    @Override
    public String lastError() {
        return lastError;
    }

    @Override
    public int maxPlaintext() {
        return transport.maxDatagramSize() - RECORD_OVERHEAD;
    }

    @Override
    public void close() {
        closed = true;
        final DTLSTransport dtls = session;
        if (dtls != null) {
            closeQuietly(dtls);
        }
        final Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
        }
        transport.close();
    }

    private void closeQuietly(DTLSTransport dtls) {
        try {
            sendLock.lock();
            try {
                dtls.close();
            } finally {
                sendLock.unlock();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: close", name, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends bctls' receive call on a transport thread once the lent datagram is used up. bctls passes an
     * {@link InterruptedIOException} through without failing the session. Shared and without a stack trace: it is
     * thrown once per datagram.
     */
    static final class NoMoreDatagrams extends InterruptedIOException {
        private static final long serialVersionUID = 1L;
        static final NoMoreDatagrams INSTANCE = new NoMoreDatagrams();

        private NoMoreDatagrams() {
            super("no more datagrams lent");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** Thrown by {@link #send} while no session is up. */
    public static final class LinkDownException extends IOException {
        private static final long serialVersionUID = 1L;

        LinkDownException(String message) {
            super(message);
        }
    }

    /**
     * bctls' view of the transport. Sends from the DTLS thread (handshake flights, retransmissions) go out at once;
     * data records from senders are batched until their {@link #flush()}.
     */
    private final class Adapter implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return Math.max(transport.maxDatagramSize(), 2048);
        }

        @Override
        public int getSendLimit() {
            return transport.maxDatagramSize();
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (closed) {
                throw new IOException(name + " closed");
            }
            if (receiveLock.isHeldByCurrentThread()) {
                // a transport thread decrypting: it lends one datagram, never waits
                final byte[] datagram = lent;
                if (datagram == null) {
                    throw NoMoreDatagrams.INSTANCE;
                }
                lent = null;
                final int n = Math.min(len, datagram.length);
                System.arraycopy(datagram, 0, buf, off, n);
                return n;
            }
            final byte[] datagram;
            try {
                datagram = received.poll(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(name + " interrupted");
            }
            if (datagram == null) {
                return -1;
            }
            final int n = Math.min(len, datagram.length);
            System.arraycopy(datagram, 0, buf, off, n);
            return n;
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            if (Thread.currentThread() == worker || receiveLock.isHeldByCurrentThread()) {
                // handshake flights and bctls' own answers while decrypting: nobody flushes after these
                transport.send(buf, off, len);
            } else {
                transport.sendBatched(buf, off, len);
            }
        }

        @Override
        public void close() {
            // the transport's lifetime is the layer's, not the session's: a re-handshake reuses it
        }
    }
}
