# Shared helpers for the benchmark scripts: start peers and DnsSuite on loopback, measure, clean up.
# Every server is started by the script itself, in a temporary folder, and only those PIDs are stopped.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/dnssuite-bench.XXXXXX)}
PIDS=()

cleanup() {
  # "|| true": the calling scripts run with set -e, which also holds in this trap; most PIDs are already gone.
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket
s=socket.socket(); s.bind(("127.0.0.1",0)); p=s.getsockname()[1]; s.close()
u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); u.bind(("127.0.0.1",p)); u.close(); print(p)'
}

# wait_soa PORT ZONE: wait up to 120 s until the server answers the zone's SOA. (Only an answer record counts: dig
# prints its ";; communications error" to stdout too, and a server still loading answers REFUSED or SERVFAIL.)
wait_soa() {
  for _ in $(seq 1 1200); do
    if dig +noall +answer +time=1 +tries=1 -p "$1" @127.0.0.1 "$2" SOA 2>/dev/null | grep -q 'SOA'; then return 0; fi
    sleep 0.1
  done
  echo "server on port $1 did not answer $2 SOA" >&2; return 1
}

# build_dnssuite: Release build of this tree, unless DNSSUITE_DLL names another build's dnssuite.dll (to compare builds).
build_dnssuite() {
  if [ -n "${DNSSUITE_DLL:-}" ]; then return 0; fi
  dotnet build -c Release -v q --nologo "$BENCH_ROOT/src/DnsSuite.Cli" >/dev/null
  DNSSUITE_DLL=$(ls "$BENCH_ROOT"/src/DnsSuite.Cli/bin/Release/net10.0/dnssuite.dll)
}

# start_* NAME ZONE ZONEFILE PORT: starts a server pinned to SERVER_CORES (default core 0) with SERVER_WORKERS UDP
# workers (default 1) and records its PID in SERVER_PID. Each run gets a fresh embedded change log, so every server
# starts from the zone file alone; DNSSUITE_ARGS (an array) adds arguments to DnsSuite's command line.
# Optional additions to the configurations (bench/robust): NSD_RRL (rrl-ratelimit, default 0), NSD_ZONE_EXTRA,
# KNOT_EXTRA (top-level sections), KNOT_ZONE_EXTRA, BIND_OPTIONS_EXTRA, BIND_ZONE_EXTRA; DnsSuite takes DNSSUITE__... variables.
SERVER_CORES=0
SERVER_WORKERS=1
DNSSUITE_ARGS=()
start_dnssuite() {
  DNSSUITE__Server__UdpReceiveLoops=$SERVER_WORKERS taskset -c "$SERVER_CORES" dotnet "$DNSSUITE_DLL" primary "${DNSSUITE_ARGS[@]}" --zones "$(dirname "$3")" --listen "127.0.0.1:$4" --data "$WORK/dnssuite-data-$4" --log-level Warning \
    > "$WORK/dnssuite-$4.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
}

start_nsd() {
  local dir="$WORK/nsd-$4"; mkdir -p "$dir"
  cat > "$dir/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.1@$4
  server-count: $SERVER_WORKERS
  reuseport: $([ "$SERVER_WORKERS" -gt 1 ] && echo yes || echo no)
  username: ""
  zonesdir: "$dir"
  pidfile: "$dir/nsd.pid"
  xfrdfile: "$dir/xfrd.state"
  zonelistfile: "$dir/zone.list"
  database: ""
  logfile: "$dir/nsd.log"
  rrl-ratelimit: ${NSD_RRL:-0}
  verbosity: 0
remote-control:
  control-enable: no
zone:
  name: "$2"
  zonefile: "$3"
${NSD_ZONE_EXTRA:-}
CONF
  taskset -c "$SERVER_CORES" nsd -d -c "$dir/nsd.conf" > "$dir/stdout.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
}

start_knot() {
  local dir="$WORK/knot-$4"; mkdir -p "$dir/storage"
  cat > "$dir/knot.conf" <<CONF
server:
  rundir: "$dir"
  listen: 127.0.0.1@$4
  udp-workers: $SERVER_WORKERS
  tcp-workers: $SERVER_WORKERS
  background-workers: 1
database:
  storage: "$dir/storage"
log:
  - target: stderr
    any: warning
acl:
  - id: local_transfer
    address: 127.0.0.1
    action: transfer
${KNOT_EXTRA:-}
zone:
  - domain: "$2"
    file: "$3"
    zonefile-sync: -1
    journal-content: none
    acl: local_transfer
${KNOT_ZONE_EXTRA:-}
CONF
  taskset -c "$SERVER_CORES" knotd -c "$dir/knot.conf" > "$dir/stdout.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
}

start_bind() {
  local dir="$WORK/bind-$4"; mkdir -p "$dir"
  cat > "$dir/named.conf" <<CONF
options {
  directory "$dir";
  pid-file "$dir/named.pid";
  listen-on port $4 { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify no;
  allow-transfer { 127.0.0.1; };
  ${BIND_OPTIONS_EXTRA:-}
};
controls { };
zone "$2" { type primary; file "$3"; ${BIND_ZONE_EXTRA:-} };
CONF
  taskset -c "$SERVER_CORES" named -g -n "$SERVER_WORKERS" -U "$SERVER_WORKERS" -c "$dir/named.conf" > "$dir/stdout.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
}

# tree_pids PID: the process and its descendants (NSD answers from forked children, Knot and BIND from threads).
tree_pids() {
  local pid=$1 child
  echo "$pid"
  for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do tree_pids "$child"; done
}

# cpu_ticks PID: utime+stime of a process tree, in clock ticks.
cpu_ticks() {
  local total=0 p
  for p in $(tree_pids "$1"); do
    # Fields 14-15 counted after the command name, which may hold spaces ("nsd: server 1").
    total=$((total + $(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12+$13}' || echo 0)))
  done
  echo "$total"
}

# pss_kib PID: proportional set size of a process tree (pages shared after NSD's fork are counted once).
pss_kib() {
  local total=0 p
  for p in $(tree_pids "$1"); do
    total=$((total + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# rss_kib PID: resident set size of the largest process of a tree.
rss_kib() {
  local max=0 p v
  for p in $(tree_pids "$1"); do
    v=$(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    [ "$v" -gt "$max" ] && max=$v
  done
  echo "$max"
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }
