# NAT router behaviours for the testbeds (scripts/testbed, scripts/vias-sites): iptables rules in a router namespace
# whose public side is the interface "wan" and whose one host sits behind it. Source it; nat_rules returns 1 (with a
# message) on an unknown type.
# shellcheck shell=bash

NAT_TYPES_KNOWN="one-to-one full-cone port-restricted symmetric"

# The NAT behaviours, all on the router's "wan" side (RFC 4787 terms in brackets):
nat_rules() { # ns type wanip hostip
    local ns=$1 type=$2 wan=$3 host=$4
    local ipt="ip netns exec $ns iptables"
    ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1
    # Unsolicited packets addressed to the router itself are dropped before their conntrack entry is confirmed, as a
    # firewalling home router does. Without this, a peer's early ICE check to wan:p leaves an inbound entry that makes
    # the host's own later packet to that peer clash and get a different source port (not cone behaviour any more).
    $ipt -A INPUT -i wan -m conntrack --ctstate NEW,INVALID -j DROP
    case "$type" in
    one-to-one)
        # A cloud VM's public address: the whole wan address is the host's. Outbound: SNAT to it, ports unchanged
        # (one host, so no clashes) [endpoint-independent mapping, port-preserving]; inbound: everything, any
        # protocol, DNAT-ed to the host [endpoint-independent filtering]. Nothing is left for the router itself.
        $ipt -t nat -A POSTROUTING -o wan -j SNAT --to-source "$wan"
        $ipt -t nat -A PREROUTING -i wan -j DNAT --to-destination "$host"
        ;;
    port-restricted)
        # Linux MASQUERADE keeps the source port when it is free and reuses the mapping for every destination
        # [endpoint-independent mapping]; conntrack only lets back replies from the exact address:port that was
        # sent to [address-and-port-dependent filtering] => port-restricted cone.
        $ipt -t nat -A POSTROUTING -o wan -j MASQUERADE
        ;;
    symmetric)
        # --random-fully picks a fresh random source port for each new conntrack entry, i.e. per destination
        # [address-and-port-dependent mapping], with the same conntrack filtering => symmetric NAT.
        $ipt -t nat -A POSTROUTING -o wan -j MASQUERADE --random-fully
        ;;
    full-cone)
        # Outbound: SNAT to the WAN address, keeping the source port (the site has one host, so no clashes)
        # [endpoint-independent mapping host:p -> wan:p]. Inbound: every UDP packet to wan:p that is not a reply is
        # DNAT-ed to host:p whoever sent it [endpoint-independent filtering]. Because the DNAT does not depend on
        # conntrack state, anyone who learned wan:p (e.g. from STUN) can reach host:p => full cone.
        $ipt -t nat -A POSTROUTING -o wan -j SNAT --to-source "$wan"
        $ipt -t nat -A PREROUTING -i wan -p udp -j DNAT --to-destination "$host"
        ;;
    *)
        echo "unknown NAT type '$type': use one of $NAT_TYPES_KNOWN" >&2
        return 1
        ;;
    esac
}
