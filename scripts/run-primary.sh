#!/usr/bin/env bash
# Runs the main job: a single-node DnsSuite primary serving the zone files in conf/zones on
# 127.0.0.1:5353. Extra arguments go to `dnssuite primary`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
out="$root/artifacts/bin/dnssuite"
dotnet build src/DnsSuite.Cli/DnsSuite.Cli.csproj -c Release -o "$out" -nologo -v quiet
exec "$out/dnssuite" primary --zones conf/zones --listen 127.0.0.1:5353 "$@"
