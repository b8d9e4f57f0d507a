#!/usr/bin/env python3
"""Load for scripts/bench-nat-scale, run inside a nested VM's namespace: new TCP connections to an outside host,
each from a source port never used before in the run, so that each one is a new NAT mapping (first packet punted to
the controller, mapping rules written and confirmed, SYN sent on).

  nat_load.py fill    HOST PORT FIRST_PORT COUNT RATE
      COUNT connections at RATE per second; prints "made N failed M".
  nat_load.py measure HOST PORT FIRST_PORT RATE SECONDS CONTROLLER_PID [SWITCH_PID]
      connections offered at RATE per second for SECONDS; prints one line of figures:
      offered/s, made/s (connected within the window and its 3 s tail), failed, connect latency p50 and p99 in ms
      (SYN to SYN-ACK: the first packet's trip through the controller plus one round trip), and the controller's
      CPU over the window in % of one core (from /proc/PID/stat), the switch's (ovs-vswitchd, SWITCH_PID; "-"
      without it), this load generator's own CPU and the whole
      machine's busy CPU over the window (% of one core, all cores together, from /proc/stat), the 1-minute load
      average at the window's end, the next unused source port and the controller's three busiest threads over the
      window (name=% of one core, comma-separated).
      With NAT_LOAD_TRACE=FILE, each connection is appended to FILE: its start (Unix time), seconds since the
      window began, latency in ms ("-" when it failed), to lay beside a GC log.

  nat_load.py serve   PORT
      the outside host: accepts and drops connections on PORT, as fast as they come.

Connections are closed with a reset as soon as they are up (the mapping outlives them until its idle timeout), so
the client holds no sockets and leaves no TIME_WAIT.
"""
import errno
import os
import selectors
import socket
import struct
import sys
import time

CONNECT_TIMEOUT = 3.0
LINGER_RESET = struct.pack("ii", 1, 0)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[11], fields[12]: utime, stime (stat fields 14 and 15) in clock ticks
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds():
    """This load generator's own CPU (user + system) so far."""
    t = os.times()
    return t.user + t.system


def machine_busy():
    """(busy, total) clock ticks of all the machine's CPUs so far, from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def thread_ticks(pid):
    """{tid: (name, utime + stime in clock ticks)} of a process's threads; threads that end meanwhile are skipped."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                head, tail = f.read().rsplit(")", 1)
        except OSError:
            continue
        fields = tail.split()
        out[tid] = (head.split("(", 1)[1].replace(" ", "_"), int(fields[11]) + int(fields[12]))
    return out


def busiest(before, after, seconds, n=3):
    hz = os.sysconf("SC_CLK_TCK")
    spent = []
    for tid, (name, ticks) in after.items():
        delta = ticks - before.get(tid, (name, 0))[1]
        if delta > 0:
            spent.append((delta / hz / seconds * 100, name))
    spent.sort(reverse=True)
    return ",".join(f"{name}={pct:.0f}%" for pct, name in spent[:n]) or "-"


def run(host, port, first_port, rate, count=None, seconds=None):
    """Offers connections at `rate`/s; returns (latencies in s of those made, failures, wall seconds offered)."""
    sel = selectors.DefaultSelector()
    pending = {}
    latencies = []
    trace = []  # (wall-clock start, latency in s or None when it failed), kept for NAT_LOAD_TRACE
    failed = 0
    start = time.monotonic()
    i = 0
    while True:
        now = time.monotonic()
        more = (count is None or i < count) and (seconds is None or now - start < seconds)
        if not more and not pending:
            break
        if more and now >= start + i / rate:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
            try:
                s.bind(("", first_port + i))
            except OSError as e:
                sys.exit(f"nat_load: cannot bind source port {first_port + i}: {e}")
            rc = s.connect_ex((host, port))
            if rc not in (0, errno.EINPROGRESS):
                failed += 1
                s.close()
            else:
                pending[s] = time.monotonic()
                sel.register(s, selectors.EVENT_WRITE)
            i += 1
            continue
        wait = 0.05 if not more else max(0.0, min(0.05, start + i / rate - now))
        for key, _ in sel.select(wait):
            s = key.fileobj
            began = pending.pop(s)
            sel.unregister(s)
            if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                latencies.append(time.monotonic() - began)
                trace.append((began, latencies[-1]))
            else:
                failed += 1
                trace.append((began, None))
            s.close()
        now = time.monotonic()
        for s, began in list(pending.items()):
            if now - began > CONNECT_TIMEOUT:
                pending.pop(s)
                sel.unregister(s)
                s.close()
                failed += 1
                trace.append((began, None))
    write_trace(trace, start)
    return latencies, failed, time.monotonic() - start, i


def write_trace(trace, start):
    """Appends one line per connection to the file NAT_LOAD_TRACE names (if set): its start as Unix time, seconds
    since the window began and its latency in ms ("-" when it failed), to be laid beside a GC log or a profile."""
    path = os.environ.get("NAT_LOAD_TRACE")
    if not path:
        return
    offset = time.time() - time.monotonic()
    with open(path, "a") as f:
        for began, latency in sorted(trace):
            shown = "-" if latency is None else f"{latency * 1000:.1f}"
            f.write(f"{began + offset:.4f} {began - start:.4f} {shown}\n")


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def serve(port):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", port))
    server.listen(4096)
    while True:
        conn, _ = server.accept()
        conn.close()


def main():
    mode = sys.argv[1]
    if mode == "serve":
        serve(int(sys.argv[2]))
        return
    host, port, first_port = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if mode == "fill":
        count, rate = int(sys.argv[5]), float(sys.argv[6])
        latencies, failed, _, _ = run(host, port, first_port, rate, count=count)
        print(f"made {len(latencies)} failed {failed}")
    elif mode == "measure":
        rate, seconds, pid = float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
        switch = int(sys.argv[8]) if len(sys.argv) > 8 and sys.argv[8] else None
        switch0 = cpu_seconds(switch) if switch else 0
        cpu0, threads0, wall0 = cpu_seconds(pid), thread_ticks(pid), time.monotonic()
        own0, busy0 = own_cpu_seconds(), machine_busy()
        latencies, failed, wall, offered = run(host, port, first_port, rate, seconds=seconds)
        elapsed = time.monotonic() - wall0
        cpu = (cpu_seconds(pid) - cpu0) / elapsed * 100
        own = (own_cpu_seconds() - own0) / elapsed * 100
        switch_cpu = f"{(cpu_seconds(switch) - switch0) / elapsed * 100:.0f}" if switch else "-"
        busy = machine_busy()
        machine = (busy[0] - busy0[0]) / max(1, busy[1] - busy0[1]) * 100 * os.cpu_count()
        with open("/proc/loadavg") as f:
            load = f.read().split()[0]
        top = busiest(threads0, thread_ticks(pid), elapsed)
        print(f"offered {offered / seconds:.0f}/s made {len(latencies) / wall:.0f}/s failed {failed} "
              f"p50 {percentile(latencies, 50) * 1000:.1f} ms p99 {percentile(latencies, 99) * 1000:.1f} ms "
              f"cpu {cpu:.0f} % switch {switch_cpu} % gen {own:.0f} % machine {machine:.0f} % load {load} "
              f"next-port {first_port + offered} threads {top}")
    else:
        sys.exit(f"nat_load: unknown mode {mode}")


if __name__ == "__main__":
    main()
