#!/usr/bin/env python3
"""Lays scripts/bench-nat-scale's connection trace beside the controller's GC log: which slow first packets fell in
a JVM pause (docs/scale.md, "The p99 tail at 500/s").

  nat_trace_gc.py TRACE GC_LOG [SLOW_MS]

TRACE is what NAT_LOAD_TRACE=TRACE wrote (one line per connection: start as Unix time, seconds since its window
began, latency in ms or "-"); GC_LOG a JVM log with safepoints and wall-clock times, e.g. from
  EXTRA_JAVA_OPTS="-Xlog:gc*,safepoint:file=GC_LOG:time,uptime,level,tags"
For each window (the fills and the measured rows, in order) it prints the connections, their p99, how many took
longer than SLOW_MS (default 50), how many of those overlapped a safepoint longer than 5 ms (a failed one counts
as 3 s long), and the safepoints over 10 ms in the window, by name and length (and how much of that was the wait
for threads to reach it).
"""
import datetime
import re
import sys

SAFEPOINT = re.compile(r"\[(\S+?)([+-]\d{4})\].*\[safepoint\s*\] Safepoint \"(\w+)\".*Reaching safepoint: (\d+) ns,"
                       r"(?: Cleanup: \d+ ns,)? At safepoint: \d+ ns, Total: (\d+) ns")
FAILED_SECONDS = 3.0


def safepoints(path):
    """[(start, end, name, reaching seconds)] in Unix time."""
    out = []
    with open(path) as f:
        for line in f:
            m = SAFEPOINT.match(line)
            if not m:
                continue
            end = datetime.datetime.strptime(m.group(1) + m.group(2), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
            total = int(m.group(5)) / 1e9
            out.append((end - total, end, m.group(3), int(m.group(4)) / 1e9))
    return out


def windows(path):
    """The trace's windows: lists of (start, latency in s or None), split where the offset since start drops."""
    out, current, previous = [], [], None
    with open(path) as f:
        for line in f:
            start, offset, latency = line.split()
            offset = float(offset)
            if previous is not None and offset < previous:
                out.append(current)
                current = []
            previous = offset
            current.append((float(start), None if latency == "-" else float(latency) / 1000))
    if current:
        out.append(current)
    return out


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))] if ordered else float("nan")


def main():
    trace, gc_log = sys.argv[1], sys.argv[2]
    slow_limit = (float(sys.argv[3]) if len(sys.argv) > 3 else 50.0) / 1000
    pauses = safepoints(gc_log)
    for i, window in enumerate(windows(trace)):
        first, last = window[0][0], window[-1][0] + FAILED_SECONDS
        made = [latency for _, latency in window if latency is not None]
        slow = [(start, latency) for start, latency in window if latency is None or latency > slow_limit]
        in_pause = sum(1 for start, latency in slow
                       if any(begin < start + (latency or FAILED_SECONDS) and end > start and end - begin > 0.005
                              for begin, end, _, _ in pauses))
        long = [p for p in pauses if p[1] > first and p[0] < last and p[1] - p[0] > 0.01]
        print(f"window {i}: {len(window)} connections, p99 {percentile(made, 99) * 1000:.1f} ms, "
              f"{len(slow)} over {slow_limit * 1000:.0f} ms, {in_pause} of them in a pause; safepoints over 10 ms: "
              + (", ".join(f"{begin - first:.2f}s {name} {(end - begin) * 1000:.0f} ms (reaching {reach * 1000:.0f})"
                           for begin, end, name, reach in long) or "none"))


if __name__ == "__main__":
    main()
