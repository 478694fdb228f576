#!/usr/bin/env bash
# Hostile input against DnsSuite, NSD, Knot and BIND serving the same 10,000-record zone, each with its defaults and
# transfers allowed from 127.0.0.1 (docs/robustness.md):
#   - UDP fuzz: mutated queries at a fixed rate with a valid control query every 1,000 (answered, QR=1 answered,
#     largest amplification, still alive);
#   - TCP idle and slow attacks: 1,000 connections from 100 loopback addresses, idle or stalled after one octet and
#     opened again when closed, while 36 normal TCP queries come from 127.0.0.1 (answered, descriptors and memory
#     before/during/after, UDP afterwards);
#   - the idle timeout of one connection on a quiet server;
#   - stalled transfers: 20 AXFRs that never read, then 10 AXFRs and 5 queries that do;
#   - an RRL flood: 5,000 identical ANY queries a second for 4 s, every server limiting at 100 responses a second
#     (DnsSuite Server:RateLimit, BIND rate-limit, Knot mod-rrl, NSD rrl-ratelimit), slip 2;
#   - DnsSuite only: resident memory before, during and after a burst of rejected 4 MB change messages.
# Servers run one after another (pinned to core 0, the attacks to core 1).
#   bench/robust/run.sh [--quick] [--memory-only]    --quick: fewer fuzz packets and a shorter memory burst;
#                                                    --memory-only: DnsSuite's memory around the burst alone
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

PACKETS=100000
BURST=50
MEMORY_ONLY=""
for option in "$@"; do
  case "$option" in
    --quick) PACKETS=20000; BURST=10 ;;
    --memory-only) MEMORY_ONLY=1 ;;
    *) echo "usage: bench/robust/run.sh [--quick] [--memory-only]" >&2; exit 2 ;;
  esac
done
ZONE=bench.test.
RRL_RATE=100
ATTACKS="$BENCH_ROOT/bench/robust/attacks.py"

for tool in nsd knotd named dig taskset python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install nsd knot bind9 bind9-dnsutils util-linux" >&2; exit 2; }
done

make_zone() {
  python3 - "$1" "$2" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("$ORIGIN bench.test.\n$TTL 3600\n@ SOA ns1 hostmaster 1 3600 600 1209600 300\n@ NS ns1\nns1 A 192.0.2.1\n")
    f.write('@ TXT "' + "x" * 200 + '"\n@ MX 10 ns1\n@ AAAA 2001:db8::1\n')
    for i in range(n):
        f.write(f"host{i} A 10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}\n")
PY
}

# start_robust NAME ...: lib.sh's start_NAME with transfers allowed from 127.0.0.1 and, when RRL is set, response rate
# limiting at RRL responses a second with slip 2 (DnsSuite Server:RateLimit, BIND rate-limit, Knot mod-rrl, NSD rrl-*).
start_robust() {
  local name=$1; shift
  export DNSSUITE__Transfers__AllowTransfer__0=127.0.0.1 NSD_ZONE_EXTRA="  provide-xfr: 127.0.0.1 NOKEY"
  if [[ -n "${RRL:-}" ]]; then
    export DNSSUITE__Server__RateLimit__ResponsesPerSecond=$RRL NSD_RRL=$RRL KNOT_ZONE_EXTRA="    module: mod-rrl/limit" \
      KNOT_EXTRA=$'mod-rrl:\n  - id: limit\n    rate-limit: '"$RRL"$'\n    slip: 2' \
      BIND_OPTIONS_EXTRA="rate-limit { responses-per-second $RRL; slip 2; };"
  else
    unset DNSSUITE__Server__RateLimit__ResponsesPerSecond NSD_RRL KNOT_EXTRA KNOT_ZONE_EXTRA BIND_OPTIONS_EXTRA
  fi
  "start_$name" "$name" "$@"
}

# run_server NAME RESULTS TESTS...: starts NAME, runs the attacks, appends their JSON lines to RESULTS, stops it.
run_server() {
  local name=$1 results=$2; shift 2
  local port; port=$(free_port)
  start_robust "$name" "$ZONE" "$WORK/zones/bench.test.zone" "$port"
  local pid=$SERVER_PID
  wait_soa "$port" "$ZONE"
  taskset -c 1 python3 "$ATTACKS" --port "$port" --pid "$pid" --zone "$ZONE" --packets "$PACKETS" "$@" \
    | sed "s/^{/{\"server\": \"$name\", /" >> "$results"
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
}

build_dnssuite
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(load_average)"
echo "dnssuite ${DNSSUITE_DLL#"$BENCH_ROOT"/} ($(git -C "$BENCH_ROOT" rev-parse --short HEAD)), dotnet $(dotnet --version), $(dpkg-query -W -f '${Package} ${Version}, ' nsd knot bind9 2>/dev/null)"
mkdir -p "$WORK/zones"
make_zone "$WORK/zones/bench.test.zone" 10000
RESULTS="$WORK/results.jsonl"
: > "$RESULTS"
for server in $([[ -n "$MEMORY_ONLY" ]] || echo dnssuite nsd knot bind); do
  RRL="" run_server "$server" "$RESULTS" udpfuzz idletimeout tcpidle tcpslow xfrstall
  RRL=$RRL_RATE run_server "$server" "$RESULTS" rrl
done

# DnsSuite's memory around a burst of rejected large change messages (docs/robustness.md, "Bounded logs and memory").
memory_burst() {
  local data="$WORK/burst-data" port; port=$(free_port)
  mkdir -p "$WORK/burst-zones"; cp "$WORK/zones/bench.test.zone" "$WORK/burst-zones/"
  taskset -c 0 dotnet "$DNSSUITE_DLL" primary --zones "$WORK/burst-zones" --listen "127.0.0.1:$port" --data "$data" --log-level Warning \
    > "$WORK/burst.log" 2>&1 &
  local pid=$!; PIDS+=("$pid")
  wait_soa "$port" "$ZONE"
  # The baseline is a server that has rejected a small change and applied one (its code for both is compiled), settled.
  python3 -c 'import json; print(json.dumps({"version": 1, "zone": "bench.test.", "prerequisites": [{"require": "name-in-use", "name": "nonexistent"}], "operations": [{"op": "ADD", "name": "small", "ttl": 60, "type": "A", "rdata": "192.0.2.97"}]}))' > "$WORK/small.json"
  dotnet "$DNSSUITE_DLL" publish raw "$WORK/small.json" --data "$data" > /dev/null
  dotnet "$DNSSUITE_DLL" publish add bench.test. warm 60 A 192.0.2.98 --data "$data" > /dev/null
  for _ in $(seq 1 600); do dig +short -p "$port" @127.0.0.1 warm.bench.test A | grep -q 192.0.2.98 && break; sleep 0.1; done
  sleep 2
  local before; before=$(rss_kib "$pid")
  python3 - "$WORK/big.json" <<'PY'
import json, sys
# About 4 MB that passes publish's own checks and that the primary rejects (the prerequisite fails): it parses it all.
txt = " ".join(['"' + "x" * 250 + '"'] * 240)
operations = [{"op": "ADD", "name": f"big{i}", "ttl": 60, "type": "TXT", "rdata": txt} for i in range(66)]
json.dump({"version": 1, "zone": "bench.test.", "prerequisites": [{"require": "name-in-use", "name": "nonexistent"}], "operations": operations}, open(sys.argv[1], "w"))
PY
  local peak=$before
  for _ in $(seq 1 "$BURST"); do
    dotnet "$DNSSUITE_DLL" publish raw "$WORK/big.json" --data "$data" > /dev/null
    local now; now=$(rss_kib "$pid"); ((now > peak)) && peak=$now
  done
  dotnet "$DNSSUITE_DLL" publish add bench.test. after 60 A 192.0.2.99 --data "$data" > /dev/null
  for _ in $(seq 1 600); do
    dig +short -p "$port" @127.0.0.1 after.bench.test A | grep -q 192.0.2.99 && break
    local now; now=$(rss_kib "$pid"); ((now > peak)) && peak=$now
    sleep 0.1
  done
  sleep 10
  local after; after=$(rss_kib "$pid")
  local lines longest
  lines=$(wc -l < "$WORK/burst.log"); longest=$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$WORK/burst.log")
  echo "{\"server\": \"dnssuite\", \"test\": \"memory\", \"messages\": $BURST, \"rss_kib\": [$before, $peak, $after], \"log_lines\": $lines, \"longest_log_line\": $longest}" >> "$RESULTS"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
memory_burst

python3 - "$RESULTS" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
by = {}
for r in rows:
    by.setdefault(r["test"], {})[r["server"]] = r
servers = ["dnssuite", "nsd", "knot", "bind"]

def table(title, header, cells):
    print(f"\n{title}")
    print(("%-9s" + " %s" * len(header)) % ("server", *header))
    for s in servers:
        if s in cells:
            print(("%-9s" + " %s" * len(header)) % (s, *cells[s]))

f = by.get("udpfuzz", {})
table("UDP fuzz (mutated queries; a control query every 1,000)", ["controls answered", "QR=1 answered", "max amplification", "alive"],
      {s: [f"{r['controls_answered']}/{r['controls']}".rjust(17), str(r["qr_answered"]).rjust(13), f"{r['max_amplification']}x (type {r['max_amplification_qtype']})".rjust(17), str(r["alive"]).rjust(5)] for s, r in f.items()})
for test, title in [("tcpidle", "TCP: 1,000 idle connections (from 100 addresses, reopened when closed)"), ("tcpslow", "TCP: 1,000 connections stalled after one octet")]:
    t = by.get(test, {})
    table(title, ["normal TCP answered", "attack held", "fds before/during/after", "RSS MiB before/during/after", "UDP after"],
          {s: [f"{r['answered']}/{r['of']}".rjust(19), str(r["attack_held"]).rjust(11), "/".join(map(str, r["fd"])).rjust(23),
               "/".join(f"{v / 1024:.0f}" for v in r["rss_kib"]).rjust(27), f"{r['udp_answered']}/{r['udp_of']}".rjust(9)] for s, r in t.items()})
i = by.get("idletimeout", {})
table("TCP idle timeout (one connection, quiet server)", ["closed after (s)"], {s: [str(r["idle_timeout_s"]).rjust(16)] for s, r in i.items()})
x = by.get("xfrstall", {})
table("Stalled transfers (20 AXFRs that never read)", ["10 AXFRs meanwhile", "TCP queries", "stalled cut in 16 s", "AXFR after"],
      {s: [", ".join(f"{k} {v}" for k, v in sorted(r["during_stall"].items())).rjust(24), f"{r['tcp_answered']}/{r['tcp_of']}".rjust(11), f"{r['stalled_cut_within_16s']}/{r['stalled']}".rjust(19), str(r["axfr_after"]).rjust(10)] for s, r in x.items()})
q = by.get("rrl", {})
table("RRL flood (identical ANY queries from one address, limit 100/s, slip 2)", ["queries", "full answers", "truncated (slip)", "bytes out/in", "control UDP"],
      {s: [str(r["queries"]).rjust(7), str(r["full_answers"]).rjust(12), str(r["truncated"]).rjust(16), str(r["bytes_ratio"]).rjust(12), f"{r['control_udp']}/10".rjust(11)] for s, r in q.items()})
m = by.get("memory", {}).get("dnssuite")
if m:
    b, p, a = m["rss_kib"]
    print(f"\nDnsSuite, {m['messages']} rejected change messages of 4 MB: RSS {b / 1024:.0f} MiB before, {p / 1024:.0f} MiB peak, {a / 1024:.0f} MiB 10 s after ({100 * (a - b) / b:+.1f} %); {m['log_lines']} log lines, the longest {m['longest_log_line']} characters")
PY
