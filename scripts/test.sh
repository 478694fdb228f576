#!/usr/bin/env bash
# The test command: installs the Debian packages the tests need (BIND, Knot, NSD, dig/kdig/nsupdate,
# ldns tools, dnsperf, AFL++ for the fuzzing slice), runs every test of DnsSuite.sln with TRX results in
# artifacts/test-results, and prints as its last line:
#   tests: N passed, N failed[, N skipped]
# Extra arguments go to `dotnet test` (e.g. --filter TestCategory=Interop).
# Exits non-zero when a test failed, `dotnet test` failed, or no test ran.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

packages=(
  bind9 bind9-utils bind9-dnsutils
  knot knot-dnsutils
  nsd
  ldnsutils dnsperf
  iproute2 libcap2-bin
  python3-yaml
  afl++
)

missing=()
for package in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if ((${#missing[@]} > 0)); then
  echo "test.sh: installing Debian packages: ${missing[*]}"
  sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    sudo=(sudo)
  fi

  # Installing bind9, knot and nsd would start their daemons (on port 53, as system services).
  # A policy-rc.d that answers 101 ("action forbidden") stops invoke-rc.d/deb-systemd-invoke from
  # starting anything; an existing policy file is put back afterwards.
  policy=/usr/sbin/policy-rc.d
  backup="$policy.dnssuite-backup"
  restore_policy() {
    "${sudo[@]}" rm -f "$policy"
    if [[ -e "$backup" ]]; then
      "${sudo[@]}" mv -f "$backup" "$policy"
    fi
  }
  if [[ -e "$policy" ]]; then
    "${sudo[@]}" mv -f "$policy" "$backup"
  fi
  trap restore_policy EXIT
  printf '#!/bin/sh\n# Written by DnsSuite scripts/test.sh during apt-get install; removed afterwards.\nexit 101\n' \
    | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod 755 "$policy"

  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${packages[@]}" </dev/null

  restore_policy
  trap - EXIT
fi

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

status=0
dotnet test DnsSuite.sln \
  --logger "trx" \
  --results-directory "$results" \
  --blame-hang-timeout 5m \
  "$@" </dev/null || status=$?

summary_status=0
"$root/scripts/summarize-trx.sh" "$results" || summary_status=$?

if ((status != 0)); then
  exit "$status"
fi
exit "$summary_status"
