# Shared by scripts/demo and scripts/bench-bypass: drive the two-site testbed (scripts/vias-sites) and its two VIAS
# controllers. Source it after setting REPO. Functions print progress to stderr and figures to stdout.
# shellcheck shell=bash

SITES_CMD=$REPO/scripts/vias-sites
export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64

say() { echo "== $*" >&2; }
note() { echo "   $*" >&2; }

sites() { "$SITES_CMD" "$@"; }

# The assembly still names its boot features. Karaf rewrites its etc/*.cfg files at boot, and a copy whose
# org.apache.karaf.features.cfg had been cut short there (its first 19 of 69 lines) booted with no features at all:
# 20 bundles, no RESTCONF, three clean restarts and a 10-minute wait before anything said so.
assembly_boots_features() {
    grep -Eq '^featuresBoot *= *[^ ]' "$REPO/karaf-distribution/target/assembly/etc/org.apache.karaf.features.cfg" 2>/dev/null
}

# Builds the distribution when there is none (the first run takes a few minutes) or when it lost its boot features.
ensure_assembly() {
    if [ -x "$REPO/karaf-distribution/target/assembly/bin/karaf" ] && ! assembly_boots_features; then
        say "the distribution's etc/org.apache.karaf.features.cfg names no boot features: rebuilding it"
        VIAS_REBUILD=1
    fi
    if [ ! -x "$REPO/karaf-distribution/target/assembly/bin/karaf" ] || [ "${VIAS_REBUILD:-0}" = 1 ]; then
        say "building the VIAS controller distribution (first time: several minutes)"
        (cd "$REPO" && flock /tmp/vias-odl-build.lock nice ./mvnw -B -ntp -q -DskipTests \
            -pl karaf-distribution -am verify)
    fi
}

# Starts both controllers (in parallel: each boots in its host namespace), waits for them and writes their config.
start_controllers() {
    local i
    # one after the other: on 2 cores two booting controllers starve each other (and AAA's bootstrap has been seen
    # to stall then)
    for i in 1 2; do
        sites controller start "$i"
        sites controller wait "$i" "${VIAS_CONTROLLER_TIMEOUT:-600}"
    done
    for i in 1 2; do sites controller configure "$i"; done
}

# The VIAS pipeline (cookie 0x56a501...) is on both bridges.
wait_pipeline() {
    local i t0=$SECONDS
    for i in 1 2; do
        until sites flows "$i" 2>/dev/null | grep -q 'cookie=0x56a501'; do
            [ $((SECONDS - t0)) -lt 120 ] || { echo "no VIAS pipeline on host $i's bridge after 120 s" >&2; return 1; }
            sleep 1
        done
    done
}

state_json() { # SITE -> the vias:state container as JSON ("{}" when empty or unreachable)
    local out
    out=$(sites rest "$1" GET 'data/vias:state?content=nonconfig' 2>/dev/null | sed '$d')
    jq -ce '."vias:state" // {}' <<<"$out" 2>/dev/null || echo '{}'
}

# "connected" links in vias:state (the overlay's link list), one line per link: peer tx-bytes rx-bytes
links() {
    state_json "$1" | jq -r '(.link // [])[] | select(.state == "connected")
        | "\(."peer-uid") \(.tx.bytes // 0) \(.rx.bytes // 0)"'
}

wait_overlay_link() { # TIMEOUT_S
    local t0=$SECONDS timeout=${1:-120}
    while [ -z "$(links 1)" ] || [ -z "$(links 2)" ]; do
        [ $((SECONDS - t0)) -lt "$timeout" ] || return 1
        sleep 1
    done
    note "overlay link up after $((SECONDS - t0)) s"
}

overlay_bytes() { # SITE -> tx+rx bytes over all links
    links "$1" | awk '{s += $2 + $3} END {print s + 0}'
}

# Bypass rules on a host's bridge (cookie purpose 5 outbound, 6 inbound), as ovs-ofctl prints them.
bypass_rules() { sites flows "$1" 2>/dev/null | grep -E 'cookie=0x56a50[56]' || true; }
bypass_rule_bytes() { bypass_rules "$1" | grep -o 'n_bytes=[0-9]*' | cut -d= -f2 | awk '{s += $1} END {print s + 0}'; }

# The flows in vias:state, one line each: id path bypass-state detected-at active-at requested-at accepted-at (ms;
# 0 when not reached; accepted-at only where this site asked)
flows_state() {
    state_json "$1" | jq -r '(.flow // [])[] | "\(.id) \(.path // "-") \(."bypass-state" // "-") \(."detected-at" // 0) \(."active-at" // 0) \(."requested-at" // 0) \(."accepted-at" // 0)"'
}

# iperf3 server on VM 2.1 (one-off per call), client on VM 1.1: prints received bits/s of the whole run.
iperf_bps() { # SECONDS [extra iperf3 client args...]
    local secs=$1; shift
    sites exec 2:1 -- iperf3 -s -1 -D -p 5201 >/dev/null 2>&1
    sleep 0.3
    # bounded: a stream that stalls (the path broke) must not hang the caller
    sites exec 1:1 -- timeout $((secs + 60)) iperf3 -c 10.254.2.1 -p 5201 -t "$secs" -J "$@" 2>/dev/null \
        | jq -r '.end.sum_received.bits_per_second // .end.sum.bits_per_second // empty'
}

vm_reaches_peer() { # TRIES -> succeeds once VM 1.1 pings VM 2.1 (one 1 s ping per try)
    local _
    for _ in $(seq 1 "$1"); do sites exec 1:1 -- ping -c 1 -W 1 10.254.2.1 >/dev/null 2>&1 && return 0; done
    return 1
}

mbit() { awk -v b="$1" 'BEGIN {printf "%.0f", b / 1e6}'; }
