#!/usr/bin/env bash
# Propagation: (1) a dnssuite primary on its embedded log with BIND, Knot and a dnssuite secondary as its
# secondaries (also-notify to their loopback ports): changes are appended to the log at a steady rate by
# bench/DnsSuite.Bench.Propagation, which polls every secondary over UDP until it answers each new name and
# prints produce-to-answer p50/p90/p99 per secondary. (2) AXFR of a 1,000,000-record zone from Knot and BIND
# serving the same zone file and from a dnssuite secondary of that Knot, alternating servers over several rounds, timed around `dig +noall +stats`;
# medians and DnsSuite/peer ratios.
# Servers run on core 0, the producer/poller and dig on core 1 (taskset).
# Usage: bench/propagation/run.sh [--changes N] [--rate PER_SECOND] [--records N] [--rounds N] [--skip-axfr] [--skip-propagation]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

CHANGES=300; RATE=20; RECORDS=1000000; ROUNDS=3; AXFR=1; PROPAGATION=1
while [ $# -gt 0 ]; do
  case "$1" in
    --changes) CHANGES=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --records) RECORDS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --skip-axfr) AXFR=0; shift ;;
    --skip-propagation) PROPAGATION=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

for tool in named knotd dig taskset python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install bind9 knot bind9-dnsutils util-linux" >&2; exit 2; }
done

build_dnssuite
dotnet build -c Release -v q --nologo "$BENCH_ROOT/bench/DnsSuite.Bench.Propagation" >/dev/null
PROBE_DLL=$(ls "$BENCH_ROOT"/bench/DnsSuite.Bench.Propagation/bin/Release/net10.0/DnsSuite.Bench.Propagation.dll)
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(load_average)"
echo "dnssuite ${DNSSUITE_DLL#"$BENCH_ROOT"/} ($(git -C "$BENCH_ROOT" rev-parse --short HEAD)), dotnet $(dotnet --version), $(dpkg-query -W -f '${Package} ${Version}, ' knot bind9 bind9-dnsutils 2>/dev/null)"

# make_zone FILE ZONE COUNT: a zone of COUNT A records host0..hostN.
make_zone() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
path, zone, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(path, "w") as f:
    f.write(f"$ORIGIN {zone}\n$TTL 3600\n@ SOA ns1 hostmaster 1 3600 600 1209600 300\n@ NS ns1\nns1 A 192.0.2.1\n")
    for i in range(n):
        f.write(f"host{i} A 10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}\n")
PY
}

# start_bind_secondary ZONE PRIMARY_PORT PORT / start_knot_secondary ...: secondaries that refresh on NOTIFY, with IXFR.
start_bind_secondary() {
  local dir="$WORK/bind-secondary-$3"; mkdir -p "$dir"
  cat > "$dir/named.conf" <<CONF
options {
  directory "$dir";
  pid-file "$dir/named.pid";
  listen-on port $3 { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify no;
  serial-query-rate 1000;
  min-refresh-time 1;
  min-retry-time 1;
  max-retry-time 5;
};
controls { };
zone "$1" { type secondary; file "$dir/zone.db"; masterfile-format text; primaries { 127.0.0.1 port $2; }; allow-notify { 127.0.0.1; }; request-ixfr yes; };
CONF
  taskset -c 0 named -g -n 1 -U 1 -c "$dir/named.conf" > "$dir/stdout.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
}

start_knot_secondary() {
  local dir="$WORK/knot-secondary-$3"; mkdir -p "$dir/storage"
  cat > "$dir/knot.conf" <<CONF
server:
  rundir: "$dir"
  listen: 127.0.0.1@$3
  udp-workers: 1
  tcp-workers: 1
  background-workers: 1
database:
  storage: "$dir/storage"
log:
  - target: stderr
    any: warning
remote:
  - id: primary
    address: 127.0.0.1@$2
acl:
  - id: notify_from_primary
    address: 127.0.0.1
    action: notify
template:
  - id: default
    storage: "$dir"
    journal-content: changes
zone:
  - domain: $1
    file: "$dir/zone.db"
    master: primary
    acl: notify_from_primary
    retry-max-interval: 5
CONF
  taskset -c 0 knotd -c "$dir/knot.conf" > "$dir/stdout.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
}

start_dnssuite_secondary() {
  taskset -c 0 dotnet "$DNSSUITE_DLL" secondary --listen "127.0.0.1:$3" --data "$WORK/dnssuite-secondary-$3" --zone "$1@127.0.0.1:$2" --log-level Warning \
    > "$WORK/dnssuite-secondary-$3.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
}

if [ "$PROPAGATION" = 1 ]; then
  ZONE=prop.test.
  mkdir -p "$WORK/prop-zones"
  make_zone "$WORK/prop-zones/prop.test.zone" "$ZONE" 1000
  primary=$(free_port); bind=$(free_port); knot=$(free_port); ours=$(free_port)
  DNSSUITE__Transfers__AllowTransfer__0=127.0.0.1 DNSSUITE__Notify__AlsoNotify__0=127.0.0.1:$bind \
  DNSSUITE__Notify__AlsoNotify__1=127.0.0.1:$knot DNSSUITE__Notify__AlsoNotify__2=127.0.0.1:$ours \
    start_dnssuite primary "$ZONE" "$WORK/prop-zones/prop.test.zone" "$primary"
  wait_soa "$primary" "$ZONE"
  start_bind_secondary "$ZONE" "$primary" "$bind"
  start_knot_secondary "$ZONE" "$primary" "$knot"
  DNSSUITE__Transfers__AllowTransfer__0=127.0.0.1 start_dnssuite_secondary "$ZONE" "$primary" "$ours"
  for port in "$bind" "$knot" "$ours"; do wait_soa "$port" "$ZONE"; done
  echo
  echo "Propagation: $CHANGES changes at $RATE/s to the primary's embedded log; NOTIFY delay is the default (Notify:Delay)"
  taskset -c 1 dotnet "$PROBE_DLL" "$WORK/dnssuite-data-$primary" "$ZONE" "$CHANGES" "$RATE" bind="$bind" knot="$knot" dnssuite="$ours"
  for port in "$bind" "$knot" "$ours"; do
    [ "$(dig +short -p "$port" @127.0.0.1 "$ZONE" SOA)" = "$(dig +short -p "$primary" @127.0.0.1 "$ZONE" SOA)" ] || echo "secondary on $port did not end at the primary's serial" >&2
  done
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
fi

if [ "$AXFR" = 1 ]; then
  ZONE=bench.test.
  mkdir -p "$WORK/zones"
  make_zone "$WORK/zones/bench.test.zone" "$ZONE" "$RECORDS"
  echo
  echo "AXFR of a $RECORDS-record zone (dig +noall +stats on core 1, wall time), $ROUNDS rounds alternating servers:"
  # DnsSuite serves it as a secondary of the Knot instance: the primary cannot seed a zone this large from a zone
  # file (the seeder writes the zone as one change message, and the embedded log takes at most 16 MiB per record).
  # The AXFR responder is the same for both roles.
  SERVERS=(dnssuite knot bind)
  declare -A PORT SECS
  for s in knot bind dnssuite; do
    PORT[$s]=$(free_port)
    if [ "$s" = dnssuite ]; then
      DNSSUITE__Transfers__AllowTransfer__0=127.0.0.1 DNSSUITE__Secondary__TransferTimeout=00:01:00 start_dnssuite_secondary "$ZONE" "${PORT[knot]}" "${PORT[$s]}"
    else
      "start_$s" "$s" "$ZONE" "$WORK/zones/bench.test.zone" "${PORT[$s]}"
    fi
    wait_soa "${PORT[$s]}" "$ZONE"
  done
  # Unmeasured first transfer of each: DnsSuite encodes a version's AXFR once and reuses it, Knot and BIND warm up too.
  for s in "${SERVERS[@]}"; do taskset -c 1 dig +noall +stats -p "${PORT[$s]}" @127.0.0.1 "$ZONE" AXFR > /dev/null; done
  for round in $(seq 1 "$ROUNDS"); do
    for i in "${!SERVERS[@]}"; do
      s=${SERVERS[$(((i + round - 1) % ${#SERVERS[@]}))]}
      start=$(date +%s.%N)
      taskset -c 1 dig +noall +stats -p "${PORT[$s]}" @127.0.0.1 "$ZONE" AXFR > "$WORK/axfr-$s.out"
      secs=$(python3 -c "import time; print(f'{time.time()-$start:.3f}')")
      grep -q "XFR size: $((RECORDS + 4)) records" "$WORK/axfr-$s.out" || { echo "$s: unexpected AXFR: $(grep 'XFR size' "$WORK/axfr-$s.out")" >&2; }
      SECS[$s]="${SECS[$s]:-} $secs"
      echo "round $round $s: ${secs}s, $(grep -o 'XFR size: .*' "$WORK/axfr-$s.out") (load average $(load_average))"
    done
  done
  python3 - <<PY
import statistics as st
data = {$(for s in "${SERVERS[@]}"; do echo "'$s': '${SECS[$s]}',"; done)}
med = {k: st.median(float(x) for x in v.split()) for k, v in data.items()}
print()
for k, v in med.items():
    print(f"{k:<10} median {v:.3f} s")
for peer in ("knot", "bind"):
    print(f"DnsSuite / {peer} AXFR time ratio: {med['dnssuite'] / med[peer]:.2f} (lower is better)")
PY
fi
