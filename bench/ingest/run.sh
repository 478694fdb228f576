#!/usr/bin/env bash
# bench/ingest: change-log ingestion into a 1,000,000-record zone, on the embedded log and on the librdkafka mock
# cluster (docs/benchmarks.md, "bench/ingest"). No peer has an equivalent, so it prints absolute figures and the
# load average. Usage: bench/ingest/run.sh [records] [tail] [kafka-tail] [latency-samples]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
build_dnssuite
dotnet build -c Release -v q --nologo "$BENCH_ROOT/bench/DnsSuite.Bench.Ingest" >/dev/null
echo "dnssuite: $DNSSUITE_DLL"
# The bench process and the primary it starts share both cores: ingestion runs on one thread of the primary.
dotnet "$BENCH_ROOT/bench/DnsSuite.Bench.Ingest/bin/Release/net10.0/DnsSuite.Bench.Ingest.dll" "$DNSSUITE_DLL" \
  "${1:-1000000}" "${2:-100000}" "${3:-100000}" "${4:-200}"
