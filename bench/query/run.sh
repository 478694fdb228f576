#!/usr/bin/env bash
# Query throughput and CPU per query: dnsperf against DnsSuite, NSD and Knot (and BIND with --with-bind) serving the
# same zone, over UDP and TCP, with one and with several workers, alternating servers over several rounds since this
# machine's speed drifts. With one worker each server is pinned to core 0 and dnsperf to core 1; with N workers the
# server gets cores 0..N-1 and dnsperf, still on core 1, offers a fixed rate. Before each measured run the server gets
# an unmeasured warm-up run (DnsSuite's JIT tiers up during it; the peers are unaffected). Server CPU per query sums
# utime+stime over the server's process tree (/proc/PID/stat) across the run. --mixed adds DnsSuite alone, idle and
# while a producer applies changes to the zone being queried through its change log. docs/benchmarks.md describes it.
# Usage: bench/query/run.sh [--seconds N] [--rounds N] [--warmup N] [--records N] [--transports "udp tcp"]
#                           [--loops "1 2"] [--rate N] [--mixed CHANGES_PER_SECOND] [--with-bind] [--memory]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

SECONDS_PER_RUN=10; ROUNDS=3; WARMUP=10; RECORDS=100000; TRANSPORTS="udp tcp"; LOOPS="1"; RATE=60000; MIXED=0
SERVERS=(dnssuite nsd knot); MEMORY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --records) RECORDS=$2; shift 2 ;;
    --transports) TRANSPORTS=$2; shift 2 ;;
    --loops) LOOPS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --mixed) MIXED=$2; shift 2 ;;
    --with-bind) SERVERS+=(bind); shift ;;
    --memory) MEMORY=1; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

for tool in dnsperf nsd knotd dig curl taskset python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install dnsperf nsd knot bind9-dnsutils curl util-linux" >&2; exit 2; }
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
if [ "$MIXED" != 0 ]; then
  dotnet build -c Release -v q --nologo "$BENCH_ROOT/bench/DnsSuite.Bench.Query" >/dev/null
  PRODUCER="$BENCH_ROOT/bench/DnsSuite.Bench.Query/bin/Release/net10.0/DnsSuite.Bench.Query.dll"
fi
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(load_average)"
echo "dnssuite ${DNSSUITE_DLL#"$BENCH_ROOT"/} ($(git -C "$BENCH_ROOT" rev-parse --short HEAD)), dotnet $(dotnet --version), $(dpkg-query -W -f '${Package} ${Version}, ' nsd knot dnsperf bind9 2>/dev/null)"
mkdir -p "$WORK/zones"
make_zone "$WORK/zones/bench.test.zone" "$RECORDS"
python3 - "$WORK/queries.txt" "$RECORDS" <<'PY'
import random, sys
random.seed(1)
names = int(sys.argv[2]) * 11 // 10  # about 9 % of the names do not exist: NXDOMAIN answers
with open(sys.argv[1], "w") as f:
    for _ in range(100000):
        f.write(f"host{random.randrange(names)}.bench.test A\n")
PY
echo "zone: $RECORDS A records; queries: 100,000 random names, ~9 % NXDOMAIN"

declare -A QPS LAT LOST CPUUS MAXLAT APPLIED
# run_one NAME TRANSPORT LOOPS [CHANGES_PER_SECOND]: one measured dnsperf run against a fresh server; with a rate of
# changes (0 for the idle runs beside them) the figures go to the mixed-load table.
run_one() {
  local name=$1 transport=$2 loops=$3 changes=${4:-0} port key label rate_args=()
  port=$(free_port)
  key="$transport/$loops/$name"; label="$name"
  if [ "$loops" -gt 1 ]; then rate_args=(-Q "$RATE"); fi
  if [ $# -gt 3 ]; then key="mixed$changes/$name"; label="$name + $changes changes/s"; fi
  SERVER_CORES=$(seq -s, 0 $((loops - 1))) SERVER_WORKERS=$loops
  local http; http=$(free_port)
  DNSSUITE_ARGS=(--http "127.0.0.1:$http")
  "start_$name" "$name" "$ZONE" "$WORK/zones/bench.test.zone" "$port"
  local pid=$SERVER_PID
  wait_soa "$port" "$ZONE"
  local perf=(taskset -c 1 dnsperf -s 127.0.0.1 -p "$port" -m "$transport" -d "$WORK/queries.txt" -c 4 -T 1 -q 100 "${rate_args[@]}")
  "${perf[@]}" -l "$WARMUP" > /dev/null 2>&1
  local applied_before=0 producer=""
  if [ "$changes" != 0 ]; then
    # The producer shares dnsperf's core; it starts first and outlasts the measured run.
    taskset -c 1 dotnet "$PRODUCER" changes "$WORK/dnssuite-data-$port" "$ZONE" "$RECORDS" "$changes" $((SECONDS_PER_RUN + 3)) > "$WORK/producer.out" &
    producer=$!; PIDS+=("$producer")
    sleep 1
    applied_before=$(applied_changes "$http")
  fi
  local before; before=$(cpu_ticks "$pid")
  "${perf[@]}" -l "$SECONDS_PER_RUN" > "$WORK/$name.out" 2>&1
  local after; after=$(cpu_ticks "$pid")
  local applied=0
  if [ -n "$producer" ]; then
    applied=$(( $(applied_changes "$http") - applied_before ))
    wait "$producer"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local qps lat lost completed max
  qps=$(awk '/Queries per second/ {print $4}' "$WORK/$name.out")
  lat=$(awk '/Average Latency/ {print $4; exit}' "$WORK/$name.out")
  max=$(awk '/Average Latency/ {gsub(/\)/, "", $8); print $8; exit}' "$WORK/$name.out")
  lost=$(awk '/Queries lost/ {print $3}' "$WORK/$name.out")
  completed=$(awk '/Queries completed/ {print $3}' "$WORK/$name.out")
  local hz; hz=$(getconf CLK_TCK)
  local cpu; cpu=$(python3 -c "print(f'{($after-$before)/$hz*1e6/max($completed,1):.2f}')")
  QPS[$key]="${QPS[$key]:-} $qps"; LAT[$key]="${LAT[$key]:-} $lat"; LOST[$key]="${LOST[$key]:-} $lost"; CPUUS[$key]="${CPUUS[$key]:-} $cpu"
  MAXLAT[$key]="${MAXLAT[$key]:-} $max"; APPLIED[$key]="${APPLIED[$key]:-} $applied"
  echo "round $round $transport, $loops worker(s), $label: $qps q/s, mean latency ${lat}s, lost $lost, server CPU ${cpu} us/query$([ "$changes" != 0 ] && echo ", $applied changes applied during the run") (load average $(load_average))"
}

# applied_changes HTTP_PORT: change records DnsSuite has applied so far (its Prometheus counter).
applied_changes() {
  curl -s "http://127.0.0.1:$1/metrics" | awk '/^dnssuite_changelog_records_applied_total/ {print $2}'
}

# summary TITLE KEY_PREFIX: medians over the rounds and DnsSuite's ratios to the fastest and the cheapest peer.
summary() {
  echo
  echo "$1: medians over $ROUNDS rounds of ${SECONDS_PER_RUN}s, load average now $(load_average)"
  printf '%-10s %12s %14s %10s %16s\n' server 'queries/s' 'latency (ms)' lost 'CPU us/query'
  python3 - <<PY
import statistics as st
data = {
$(for s in "${SERVERS[@]}"; do k="$2/$s"; echo "  '$s': ('${QPS[$k]}', '${LAT[$k]}', '${LOST[$k]}', '${CPUUS[$k]}'),"; done)
}
med = lambda s: st.median([float(x) for x in s.split()])
rows = {k: (med(q), med(l) * 1000, med(lo), med(c)) for k, (q, l, lo, c) in data.items()}
for k, (q, l, lo, c) in rows.items():
    print(f"{k:<10} {q:12.0f} {l:14.3f} {lo:10.0f} {c:16.2f}")
others = {k: v for k, v in rows.items() if k != "dnssuite"}
fastest = max(others, key=lambda k: others[k][0])
cheapest = min(others, key=lambda k: others[k][3])
print(f"DnsSuite / fastest peer ({fastest}) queries/s ratio: {rows['dnssuite'][0] / others[fastest][0]:.2f}")
print(f"DnsSuite / cheapest peer ({cheapest}) CPU per query ratio: {rows['dnssuite'][3] / others[cheapest][3]:.2f} (lower is better)")
PY
}

for loops in $LOOPS; do
  for transport in $TRANSPORTS; do
    # Each round starts with the next server, so no server always runs right after the same one.
    for round in $(seq 1 "$ROUNDS"); do
      for i in "${!SERVERS[@]}"; do run_one "${SERVERS[$(((i + round - 1) % ${#SERVERS[@]}))]}" "$transport" "$loops"; done
    done
  done
done

for loops in $LOOPS; do
  for transport in $TRANSPORTS; do
    if [ "$loops" -gt 1 ]; then
      summary "$transport, $loops workers on cores 0-$((loops - 1)), dnsperf on core 1 offering $RATE queries/s" "$transport/$loops"
    else
      summary "$transport, 1 worker on core 0, dnsperf on core 1" "$transport/$loops"
    fi
  done
done

if [ "$MIXED" != 0 ]; then
  echo; echo "Mixed load: DnsSuite over UDP with 1 worker on core 0, idle and while $MIXED changes/s are applied to the zone queried:"
  for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then run_one dnssuite udp 1 0; run_one dnssuite udp 1 "$MIXED"
    else run_one dnssuite udp 1 "$MIXED"; run_one dnssuite udp 1 0; fi
  done
  python3 - <<PY
import statistics as st
med = lambda s: st.median([float(x) for x in s.split()])
rows = {
  "idle": ("${QPS[mixed0/dnssuite]}", "${LAT[mixed0/dnssuite]}", "${MAXLAT[mixed0/dnssuite]}", "${CPUUS[mixed0/dnssuite]}", "${APPLIED[mixed0/dnssuite]}"),
  "mixed": ("${QPS[mixed$MIXED/dnssuite]}", "${LAT[mixed$MIXED/dnssuite]}", "${MAXLAT[mixed$MIXED/dnssuite]}", "${CPUUS[mixed$MIXED/dnssuite]}", "${APPLIED[mixed$MIXED/dnssuite]}"),
}
print(f"\n{'':<8} {'queries/s':>12} {'mean ms':>9} {'max ms':>9} {'CPU us/query':>14} {'changes/s applied':>18}")
for k, (qs, l, mx, c, a) in rows.items():
    print(f"{k:<8} {med(qs):12.0f} {med(l)*1000:9.3f} {med(mx)*1000:9.1f} {med(c):14.2f} {med(a)/$SECONDS_PER_RUN:18.0f}")
print(f"mixed / idle queries/s: {med(rows['mixed'][0]) / med(rows['idle'][0]):.2f} (the server's CPU per query includes applying the changes)")
PY
fi

if [ "$MEMORY" = 1 ]; then
  echo; echo "Memory with a 1,000,000-record zone (load = start to first SOA answer; PSS summed over the process tree):"
  make_zone "$WORK/zones/bench.test.zone" 1000000
  SERVER_CORES=0 SERVER_WORKERS=1 DNSSUITE_ARGS=()
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
