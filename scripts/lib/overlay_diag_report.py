"""Prints what scripts/overlay-diag collected: CPU by process and thread around the stream, the ping's legs."""
import json
import re
import statistics
import subprocess
import sys

HZ = 100  # USER_HZ: /proc stat ticks


def threads(path):
    """tid -> (name, user ticks, system ticks) from concatenated /proc/PID/task/*/stat lines."""
    out = {}
    for line in open(path):
        m = re.match(r'(\d+) \((.*)\) (.*)', line.strip())
        if m:
            f = m.group(3).split()
            out[m.group(1)] = (m.group(2), int(f[11]), int(f[12]))
    return out


def cpu(d):
    _, ovs1, ovs2, _, j1, j2 = open(f'{d}/pids').read().split()
    before = list(map(int, open(f'{d}/stat-before').read().split()[1:]))
    after = list(map(int, open(f'{d}/stat-after').read().split()[1:]))
    total = sum(after) - sum(before)
    idle = (after[3] - before[3]) + (after[4] - before[4])
    bps = json.load(open(f'{d}/iperf.json'))['end']['sum_received']['bits_per_second']
    secs = total / HZ / 2
    gbit = bps / 1e9 * secs
    print(f'stream {bps / 1e6:.0f} Mbit/s over {secs:.1f} s: {total / HZ:.1f} CPU-s, idle {idle / HZ:.1f}')
    named = [(ovs1, 'ovs-vswitchd host 1'), (ovs2, 'ovs-vswitchd host 2'), (j1, 'controller 1 (sender)'),
             (j2, 'controller 2 (receiver)')]
    rest = total
    for pid, name in named:
        b, a = threads(f'{d}/cpu-{pid}-before'), threads(f'{d}/cpu-{pid}-after')
        rows = []
        for tid, (tname, u, s) in a.items():
            bu, bs = (b[tid][1], b[tid][2]) if tid in b else (0, 0)
            if u + s - bu - bs > 0:
                rows.append((u + s - bu - bs, u - bu, s - bs, tname))
        rows.sort(reverse=True)
        sub = sum(r[0] for r in rows)
        rest -= sub
        print(f'{name:26s} {sub / HZ:6.2f} CPU-s {100 * sub / total:3.0f} %  {sub / HZ / gbit:.2f} CPU-s/Gbit')
        for t, u, s, tname in rows[:6]:
            print(f'    {tname:24s} {t / HZ:6.2f} (user {u / HZ:.2f}, sys {s / HZ:.2f})')
    print(f'{"everything else":26s} {rest / HZ:6.2f} CPU-s {100 * rest / total:3.0f} %')


def packets(d, name):
    out = subprocess.run(['tcpdump', '-tt', '-nn', '-r', f'{d}/pcap-{name}'], capture_output=True, text=True).stdout
    return [(float(line.split()[0]), line) for line in out.splitlines()]


def legs(d):
    p = {n: packets(d, n) for n in ['h1vm1', 'h1tap', 'h1local', 'h1up0', 'h2up0', 'h2local', 'h2tap', 'h2vm1']}

    def icmp(n, kind, seq):
        return next((t for t, l in p[n] if kind in l and f'seq {seq},' in l), None)

    def udp(n, src, t0, t1):
        return next((t for t, l in p[n] if t0 <= t <= t1 and l.split()[2].startswith(src)), None)

    names = ['OVS h1 VM -> TAP', 'node 1 send (TAP -> LOCAL)', 'OVS h1 LOCAL -> uplink', 'LAN',
             'OVS h2 uplink -> LOCAL', 'node 2 receive (LOCAL -> TAP)', 'OVS h2 TAP -> VM', 'VM 2.1 answers',
             'OVS h2 VM -> TAP', 'node 2 send', 'OVS h2 LOCAL -> uplink', 'LAN', 'OVS h1 uplink -> LOCAL',
             'node 1 receive', 'OVS h1 TAP -> VM']
    rows = []
    for seq in sorted({int(m) for _, l in p['h1vm1'] for m in re.findall(r'seq (\d+),', l)}):
        a, b = icmp('h1vm1', 'request', seq), icmp('h1tap', 'request', seq)
        g, h = icmp('h2tap', 'request', seq), icmp('h2vm1', 'request', seq)
        i, j = icmp('h2vm1', 'reply', seq), icmp('h2tap', 'reply', seq)
        o, q = icmp('h1tap', 'reply', seq), icmp('h1vm1', 'reply', seq)
        if None in (a, b, g, h, i, j, o, q):
            continue
        h1, h2 = '10.220.0.11', '10.220.0.12'
        ts = [a, b, udp('h1local', h1, b, g), udp('h1up0', h1, b, g), udp('h2up0', h1, b, g),
              udp('h2local', h1, b, g), g, h, i, j, udp('h2local', h2, j, o), udp('h2up0', h2, j, o),
              udp('h1up0', h2, j, o), udp('h1local', h2, j, o), o, q]
        if None not in ts:
            rows.append([(ts[k + 1] - ts[k]) * 1000 for k in range(15)] + [(q - a) * 1000])
    print(f'ping legs, medians of {len(rows)} pings (ms):')
    for k, name in enumerate(names + ['round trip']):
        v = [r[k] for r in rows]
        print(f'  {name:30s} {statistics.median(v):6.3f}  ({min(v):.3f}-{max(v):.3f})')


if __name__ == '__main__':
    cpu(sys.argv[1])
    legs(sys.argv[1])
