#!/usr/bin/env bash
# UPDATE round trip: DnsSuite's primary (embedded log) and BIND 9.18 serving the same zone, alternating servers over
# several rounds. Each server is started fresh per round, pinned to core 0; the client (bench/update/client.py) runs on
# core 1 and sends one unsigned UPDATE at a time over UDP, waiting for each answer. Per round and server: the first
# UPDATE after start (an applied one), then COUNT updates each of three kinds: a prerequisite that fails (NXDOMAIN),
# a no-op (adds a record the zone has), and applied (a new A record each). Figures are microseconds per round trip.
# Usage: bench/update/run.sh [--count N] [--rounds N]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

COUNT=2000; ROUNDS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --count) COUNT=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

for tool in named dig taskset python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install bind9 bind9-dnsutils util-linux python3" >&2; exit 2; }
done

ZONE=bench.test.
CLIENT="$(dirname "$0")/client.py"
export DNSSUITE__Update__RequireTsig=false DNSSUITE__Update__Policy__0="grant * zonesub ANY"
BIND_ZONE_EXTRA="allow-update { 127.0.0.1; };"

build_dnssuite
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(load_average)"
echo "dnssuite ${DNSSUITE_DLL#"$BENCH_ROOT"/} ($(git -C "$BENCH_ROOT" rev-parse --short HEAD)), dotnet $(dotnet --version), $(dpkg-query -W -f '${Package} ${Version}' bind9 2>/dev/null)"

declare -A RESULT
KINDS=(first prereq noop applied)
run_one() {
  local name=$1 round=$2 port; port=$(free_port)
  # A fresh zone file per run: BIND writes its journal beside it.
  local dir="$WORK/zones-$name-$round"; mkdir -p "$dir"
  printf '$ORIGIN bench.test.\n$TTL 3600\n@ SOA ns1 hostmaster 1 3600 600 1209600 300\n@ NS ns1\nns1 A 192.0.2.1\nwww A 192.0.2.2\n' > "$dir/bench.test.zone"
  "start_$name" "$name" "$ZONE" "$dir/bench.test.zone" "$port"
  local pid=$SERVER_PID
  wait_soa "$port" "$ZONE"
  local first; first=$(taskset -c 1 python3 "$CLIENT" "$port" "$ZONE" applied 1)
  RESULT[$name,first,$round]=${first%% *}
  for kind in prereq noop applied; do
    RESULT[$name,$kind,$round]=$(taskset -c 1 python3 "$CLIENT" "$port" "$ZONE" "$kind" "$COUNT")
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

for round in $(seq 1 "$ROUNDS"); do
  for name in dnssuite bind; do run_one "$name" "$round"; done
done

# median_of NAME KIND FIELD: the median over the rounds of one field (first, median, p90, p99).
median_of() {
  local values=() round
  for round in $(seq 1 "$ROUNDS"); do
    values+=("$(echo "${RESULT[$1,$2,$round]}" | tr ' ' '\n' | sed -n "s/^$3=//p")")
  done
  printf '%s\n' "${values[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

echo
echo "UPDATE round trip over UDP, microseconds (median over $ROUNDS rounds of $COUNT updates each; first = the first UPDATE after start)"
printf '%-8s %-9s %8s %8s %8s   %s\n' kind server median p90 p99 "ratio dnssuite/bind (median)"
for kind in prereq noop applied; do
  d=$(median_of dnssuite "$kind" median); b=$(median_of bind "$kind" median)
  printf '%-8s %-9s %8s %8s %8s\n' "$kind" dnssuite "$d" "$(median_of dnssuite "$kind" p90)" "$(median_of dnssuite "$kind" p99)"
  printf '%-8s %-9s %8s %8s %8s   %s\n' "$kind" bind "$b" "$(median_of bind "$kind" p90)" "$(median_of bind "$kind" p99)" "$(awk -v d="$d" -v b="$b" 'BEGIN {printf "%.2f", d / b}')"
done
for name in dnssuite bind; do
  values=(); for round in $(seq 1 "$ROUNDS"); do values+=("${RESULT[$name,first,$round]#first=}"); done
  printf 'first    %-9s %s (each round)\n' "$name" "${values[*]}"
done
