#!/usr/bin/env bash
# Packs the librdkafka.redist stand-in (see README.md) into build/local-feed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/pack.csproj" <<'PROJECT'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
    <IncludeBuildOutput>false</IncludeBuildOutput>
    <NoBuild>true</NoBuild>
  </PropertyGroup>
</Project>
PROJECT
dotnet pack "$work/pack.csproj" --nologo -v q -p:NuspecFile="$here/librdkafka.redist.nuspec" \
  -p:NuspecBasePath="$here" -o "$here/../local-feed"
