/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.overlay.meter;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A JMH-free microbenchmark of the hot path: meters synthetic TCP frames of many flows and prints ns/frame.
 * Run: {@code java -cp overlay/target/classes org.opendaylight.vias.overlay.meter.FlowMeterBenchmark
 * [millionFrames=20] [flows=10000] [threads=1]}. The clock is the real {@link System#nanoTime()}, as in production.
 */
public final class FlowMeterBenchmark {
    private static final int FRAME_LENGTH = 1514;

    private FlowMeterBenchmark() {
    }

    public static void main(String[] args) throws InterruptedException {
        final long frames = (long) (arg(args, 0, 20) * 1_000_000);
        final int flows = (int) arg(args, 1, 10_000);
        final int threads = (int) arg(args, 2, 1);
        final AtomicLong heavy = new AtomicLong();
        final FlowMeter meter = new FlowMeter(MeterConfig.DEFAULT, NanoClock.SYSTEM, h -> heavy.incrementAndGet());
        final byte[][] templates = new byte[flows][];
        for (int i = 0; i < flows; i++) {
            templates[i] = frame(0x0a00_0000 | i, 10_000 + i % 50_000, 0x0a01_0000 | i % 4096, 5201);
        }
        // Warm-up so the JIT has compiled the path before the timed run.
        run(meter, templates, Math.min(frames, 2_000_000), 1);
        final long start = System.nanoTime();
        run(meter, templates, frames, threads);
        final long elapsed = System.nanoTime() - start;
        final FlowMeter.Counters counters = meter.counters();
        System.out.printf("%d frames, %d flows, %d thread(s): %.1f ns/frame (%.1f Mframes/s), %d heavy, %d evicted%n",
            frames, flows, threads, (double) elapsed * threads / frames, frames * 1e3 / elapsed,
            counters.heavyFlows(), counters.evictedForSpace());
    }

    private static void run(FlowMeter meter, byte[][] templates, long frames, int threads)
            throws InterruptedException {
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final int offset = t * 7919;
            workers[t] = new Thread(() -> {
                final long perThread = frames / threads;
                int flow = offset % templates.length;
                for (long i = 0; i < perThread; i++) {
                    meter.record(templates[flow], 0, FRAME_LENGTH);
                    flow = flow + 1 == templates.length ? 0 : flow + 1;
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    /** A TCP/IPv4 Ethernet frame of FRAME_LENGTH bytes (headers filled, payload zero). */
    static byte[] frame(int srcIp, int srcPort, int dstIp, int dstPort) {
        final byte[] f = new byte[FRAME_LENGTH];
        f[0] = 0x02;
        f[6] = 0x02;
        f[12] = 0x08;
        f[14] = 0x45;
        final int total = FRAME_LENGTH - 14;
        f[16] = (byte) (total >>> 8);
        f[17] = (byte) total;
        f[22] = 64;
        f[23] = FlowKey.TCP;
        putInt(f, 26, srcIp);
        putInt(f, 30, dstIp);
        f[34] = (byte) (srcPort >>> 8);
        f[35] = (byte) srcPort;
        f[36] = (byte) (dstPort >>> 8);
        f[37] = (byte) dstPort;
        return f;
    }

    private static void putInt(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    private static double arg(String[] args, int index, double fallback) {
        return args.length > index ? Double.parseDouble(args[index]) : fallback;
    }
}
