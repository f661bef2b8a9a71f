#!/bin/sh
# Runs a command in a private network namespace whose loopback also holds 192.0.2.2 (TEST-NET-1, RFC 5737):
# a non-loopback address a test can listen on and connect to, with no network beyond the namespace.
# As root a plain `unshare --net`; otherwise in a user namespace mapped to root. Exits 77 when no such
# namespace can be made here (the caller says so instead of pretending the test ran).
set -eu
if [ "$(id -u)" -eq 0 ]; then userns=''; else userns='--map-root-user'; fi
setup='ip link set lo up && ip addr add 192.0.2.2/32 dev lo'
# shellcheck disable=SC2086
unshare --net $userns sh -c "$setup" 2>/dev/null || exit 77
# shellcheck disable=SC2086
exec unshare --net $userns sh -c "$setup && exec \"\$@\"" sh "$@"
