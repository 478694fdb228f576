#!/usr/bin/env bash
# Query throughput: dnsperf against DnsSuite, NSD and Knot (and BIND with --with-bind) serving the
# same 100,000-record zone, alternating servers over several rounds since this machine's speed drifts.
# Each server is pinned to core 0 with one worker; dnsperf runs on core 1. Before each measured run the
# server gets a short unmeasured warm-up run (DnsSuite's JIT tiers up during it; the peers are unaffected).
# Server CPU per query sums utime+stime over the server's process tree (/proc/PID/stat) across the run.
# Usage: bench/query/run.sh [--seconds N] [--rounds N] [--warmup N] [--with-bind] [--memory]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

SECONDS_PER_RUN=10; ROUNDS=3; WARMUP=3; SERVERS=(dnssuite nsd knot); MEMORY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --with-bind) SERVERS+=(bind); shift ;;
    --memory) MEMORY=1; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

for tool in dnsperf nsd knotd dig taskset python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install dnsperf nsd knot bind9-dnsutils util-linux" >&2; exit 2; }
done

ZONE=bench.test.
# make_zone FILE COUNT: a zone of COUNT A records host0..hostN.
make_zone() {
  python3 - "$1" "$2" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("$ORIGIN bench.test.\n$TTL 3600\n@ SOA ns1 hostmaster 1 3600 600 1209600 300\n@ NS ns1\nns1 A 192.0.2.1\n")
    for i in range(n):
        f.write(f"host{i} A 10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}\n")
PY
}

build_dnssuite
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(load_average)"
echo "dnssuite ${DNSSUITE_DLL#"$BENCH_ROOT"/} ($(git -C "$BENCH_ROOT" rev-parse --short HEAD)), dotnet $(dotnet --version), $(dpkg-query -W -f '${Package} ${Version}, ' nsd knot dnsperf bind9 2>/dev/null)"
mkdir -p "$WORK/zones"
make_zone "$WORK/zones/bench.test.zone" 100000
python3 - "$WORK/queries.txt" <<'PY'
import random, sys
random.seed(1)
with open(sys.argv[1], "w") as f:
    for _ in range(100000):
        i = random.randrange(110000)  # about 9 % of the names do not exist: NXDOMAIN answers
        f.write(f"host{i}.bench.test A\n")
PY

declare -A QPS LAT LOST CPUUS
run_one() {
  local name=$1 port; port=$(free_port)
  "start_$name" "$name" "$ZONE" "$WORK/zones/bench.test.zone" "$port"
  local pid=$SERVER_PID
  wait_soa "$port" "$ZONE"
  taskset -c 1 dnsperf -s 127.0.0.1 -p "$port" -d "$WORK/queries.txt" -l "$WARMUP" -c 4 -T 1 -q 100 > /dev/null 2>&1
  local before; before=$(cpu_ticks "$pid")
  taskset -c 1 dnsperf -s 127.0.0.1 -p "$port" -d "$WORK/queries.txt" -l "$SECONDS_PER_RUN" -c 4 -T 1 -q 100 > "$WORK/$name.out" 2>&1
  local after; after=$(cpu_ticks "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local qps lat lost completed
  qps=$(awk '/Queries per second/ {print $4}' "$WORK/$name.out")
  lat=$(awk '/Average Latency/ {print $4}' "$WORK/$name.out")
  lost=$(awk '/Queries lost/ {print $3}' "$WORK/$name.out")
  completed=$(awk '/Queries completed/ {print $3}' "$WORK/$name.out")
  local hz; hz=$(getconf CLK_TCK)
  local cpu; cpu=$(python3 -c "print(f'{($after-$before)/$hz*1e6/max($completed,1):.2f}')")
  QPS[$name]="${QPS[$name]:-} $qps"; LAT[$name]="${LAT[$name]:-} $lat"; LOST[$name]="${LOST[$name]:-} $lost"; CPUUS[$name]="${CPUUS[$name]:-} $cpu"
  echo "round $round $name: $qps q/s, mean latency ${lat}s, lost $lost, server CPU ${cpu} us/query (load average $(load_average))"
}

# Each round starts with the next server, so no server always runs right after the same one.
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!SERVERS[@]}"; do run_one "${SERVERS[$(((i + round - 1) % ${#SERVERS[@]}))]}"; done
done

echo
echo "medians over $ROUNDS rounds of ${SECONDS_PER_RUN}s, load average now $(load_average)"
printf '%-10s %12s %14s %10s %16s\n' server 'queries/s' 'latency (ms)' lost 'CPU us/query'
python3 - "${SERVERS[@]}" <<PY
import statistics as st, sys
data = {
$(for s in "${SERVERS[@]}"; do echo "  '$s': ('${QPS[$s]}', '${LAT[$s]}', '${LOST[$s]}', '${CPUUS[$s]}'),"; done)
}
med = lambda s: st.median([float(x) for x in s.split()])
rows = {k: (med(q), med(l) * 1000, med(lo), med(c)) for k, (q, l, lo, c) in data.items()}
for k, (q, l, lo, c) in rows.items():
    print(f"{k:<10} {q:12.0f} {l:14.3f} {lo:10.0f} {c:16.2f}")
others = {k: v for k, v in rows.items() if k != "dnssuite"}
fastest = max(others, key=lambda k: others[k][0])
cheapest = min(others, key=lambda k: others[k][3])
print(f"\nDnsSuite / fastest peer ({fastest}) queries/s ratio: {rows['dnssuite'][0] / others[fastest][0]:.2f}")
print(f"DnsSuite / cheapest peer ({cheapest}) CPU per query ratio: {rows['dnssuite'][3] / others[cheapest][3]:.2f} (lower is better)")
PY

if [ "$MEMORY" = 1 ]; then
  echo; echo "Memory with a 1,000,000-record zone (load = start to first SOA answer; PSS summed over the process tree):"
  make_zone "$WORK/zones/bench.test.zone" 1000000
  declare -A BPR
  for s in "${SERVERS[@]}"; do
    port=$(free_port); start=$(date +%s.%N)
    "start_$s" "$s" "$ZONE" "$WORK/zones/bench.test.zone" "$port"; pid=$SERVER_PID
    wait_soa "$port" "$ZONE"
    load=$(python3 -c "import time; print(f'{time.time()-$start:.1f}')")
    sleep 2  # let a collector or a forked child settle
    pss=$(pss_kib "$pid"); rss=$(rss_kib "$pid")
    BPR[$s]=$((pss * 1024 / 1000000))
    echo "$s: load ${load}s, PSS $((pss / 1024)) MiB, RSS (largest process) $((rss / 1024)) MiB, ${BPR[$s]} bytes/record (load average $(load_average))"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  best=$(for s in "${SERVERS[@]}"; do [ "$s" = dnssuite ] || echo "${BPR[$s]} $s"; done | sort -n | head -1)
  python3 -c "print(f'DnsSuite / leanest peer (${best#* }) bytes/record ratio: {${BPR[dnssuite]} / ${best% *}:.2f} (lower is better)')"
fi
