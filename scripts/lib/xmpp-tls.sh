#!/usr/bin/env bash
# XMPP over TLS for the testbeds: a test CA and a Prosody server certificate it signs, and the Prosody config lines
# that require encryption with it. Shared by scripts/testbed, scripts/vias-sites and the Java tests that start a
# Prosody of their own.
#
#   . scripts/lib/xmpp-tls.sh; xmpp_tls_make DIR DOMAIN; xmpp_tls_prosody_config DIR >>prosody.cfg.lua
#   scripts/lib/xmpp-tls.sh make DIR DOMAIN          the same from a program (prints DIR/xmpp-ca.crt)
#   scripts/lib/xmpp-tls.sh prosody-config DIR       prints the config lines
#
# DIR/xmpp-ca.crt is what the VIAS nodes trust (xmpp.tls-ca / trust/xmpp-ca); DIR/xmpp-ca.key stays in DIR.
# EC P-256, valid 30 days; the server certificate names DOMAIN and conference.DOMAIN (subjectAltName), which is what
# the client checks against its xmpp.domain.
# shellcheck shell=bash

xmpp_tls_make() {
    local dir=$1 domain=$2
    mkdir -p "$dir"
    (
        umask 077
        openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
            -subj "/CN=VIAS testbed XMPP CA" -addext "basicConstraints=critical,CA:TRUE" \
            -addext "keyUsage=critical,keyCertSign,cRLSign" \
            -keyout "$dir/xmpp-ca.key" -out "$dir/xmpp-ca.crt" 2>/dev/null
        openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$domain" \
            -keyout "$dir/xmpp-server.key" -out "$dir/xmpp-server.csr" 2>/dev/null
        printf 'subjectAltName=DNS:%s,DNS:conference.%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
            "$domain" "$domain" >"$dir/xmpp-server.ext"
        openssl x509 -req -in "$dir/xmpp-server.csr" -CA "$dir/xmpp-ca.crt" -CAkey "$dir/xmpp-ca.key" \
            -CAcreateserial -days 30 -extfile "$dir/xmpp-server.ext" -out "$dir/xmpp-server.crt" 2>/dev/null
    ) || { echo "xmpp-tls: openssl could not make the XMPP certificates in $dir" >&2; return 1; }
    rm -f "$dir/xmpp-server.csr" "$dir/xmpp-server.ext" "$dir/xmpp-ca.srl"
    chmod 644 "$dir/xmpp-ca.crt" "$dir/xmpp-server.crt"
}

# Prosody (0.12) lines: the certificate for every host, STARTTLS required before authentication.
xmpp_tls_prosody_config() {
    local dir=$1
    cat <<EOF
ssl = { key = "$dir/xmpp-server.key"; certificate = "$dir/xmpp-server.crt" }
c2s_require_encryption = true
allow_unencrypted_plain_auth = false
EOF
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-}" in
    make) xmpp_tls_make "$2" "$3"; echo "$2/xmpp-ca.crt" ;;
    prosody-config) xmpp_tls_prosody_config "$2" ;;
    *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
fi
