#!/usr/bin/env bash
# Coverage-guided fuzzing with AFL++ and SharpFuzz (fuzz/README.md).
#   fuzz/run.sh [--seconds N] TARGET...     TARGET: message, zonefile, change (default: all three)
# Builds the targets in Release, instruments DnsSuite.Protocol, Zones and ChangeLog in a copy of the output,
# then runs afl-fuzz on each target for N seconds (default 3600) from its seed corpus in fuzz/corpus/TARGET.
# Findings go to artifacts/fuzz/TARGET (FUZZ_WORK overrides artifacts/fuzz). Exits 1 when a target crashed,
# printing the inputs; replay one with: dotnet artifacts/fuzz/bin/DnsSuite.FuzzTargets.dll TARGET < FILE
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds=3600
targets=()
while (($# > 0)); do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    message|zonefile|change) targets+=("$1"); shift ;;
    *) echo "usage: fuzz/run.sh [--seconds N] [message|zonefile|change]..." >&2; exit 2 ;;
  esac
done
((${#targets[@]} > 0)) || targets=(message zonefile change)
command -v afl-fuzz >/dev/null || { echo "missing afl-fuzz: apt-get install afl++ (scripts/test.sh installs it)" >&2; exit 2; }

work="${FUZZ_WORK:-$root/artifacts/fuzz}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet tool restore >/dev/null
dotnet build -c Release -v q --nologo fuzz/DnsSuite.FuzzTargets -o "$work/build" >/dev/null
# sharpfuzz rewrites an assembly in place and refuses one it already rewrote: instrument a fresh copy.
rm -rf "$work/bin"
cp -r "$work/build" "$work/bin"
for assembly in DnsSuite.Protocol DnsSuite.Zones DnsSuite.ChangeLog; do
  dotnet tool run sharpfuzz "$work/bin/$assembly.dll" >/dev/null
done

# The dotnet host is not instrumented (SharpFuzz reports coverage itself); no core pattern or CPU governor is set up
# for afl-fuzz on a shared machine; one .NET start takes longer than afl's default timeout.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
status=0
for target in "${targets[@]}"; do
  findings="$work/$target"
  rm -rf "$findings"
  afl-fuzz -i "fuzz/corpus/$target" -o "$findings" -V "$seconds" -t 10000 -m none -- \
    dotnet "$work/bin/DnsSuite.FuzzTargets.dll" "$target" > "$work/$target.log" 2>&1 || true
  stats="$findings/default/fuzzer_stats"
  if [[ ! -f "$stats" ]]; then
    echo "$target: afl-fuzz did not run; its output:" >&2
    tail -20 "$work/$target.log" >&2
    status=1
    continue
  fi

  value() { awk -v key="$1" '$1 == key { print $3 }' "$stats"; }
  crashes=$(find "$findings/default/crashes" -type f -name 'id:*' | wc -l)
  hangs=$(find "$findings/default/hangs" -type f -name 'id:*' | wc -l)
  echo "$target: $(value execs_done) executions in $(value run_time) s, corpus $(value corpus_count) inputs, $(value bitmap_cvg) coverage, $crashes crashes, $hangs hangs"
  if ((crashes > 0)); then
    status=1
    for crash in "$findings"/default/crashes/id:*; do
      echo "--- $crash"
      dotnet "$work/bin/DnsSuite.FuzzTargets.dll" "$target" < "$crash" 2>&1 | head -20 || true
    done
  fi
done
exit "$status"
