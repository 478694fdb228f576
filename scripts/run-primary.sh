#!/usr/bin/env bash
# Runs the main job: a single-node DnsSuite primary serving the zone files in conf/zones on
# 127.0.0.1:5353. Extra arguments go to `dnssuite primary`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
# A gen0 budget of 128 MiB, as the container has (docs/configuration.md, "The .NET runtime"); set it to override.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x8000000}"
out="$root/artifacts/bin/dnssuite"
dotnet build src/DnsSuite.Cli/DnsSuite.Cli.csproj -c Release -o "$out" -nologo -v quiet
exec "$out/dnssuite" primary --zones conf/zones --listen 127.0.0.1:5353 "$@"
