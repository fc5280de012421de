#!/usr/bin/env bash
# Regenerates src/*/PublicAPI.Unshipped.txt from the compiler's view of the public surface (PublicApiAnalyzers RS0016/RS0017).
# Run after an intended change to a public API, then review the diff: it is the API change.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/*.csproj; do
  dir="$(dirname "$project")"
  printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  dotnet build "$project" -c Release --no-incremental -p:TreatWarningsAsErrors=false 2>&1 \
    | grep -E "warning RS0016|error RS0016" | grep -F "[$PWD/$project]" \
    | sed -E "s/.*Symbol '(.*)' is not part of the declared public API.*/\1/" \
    | LC_ALL=C sort -u >> "$dir/PublicAPI.Unshipped.txt" || true
  echo "$dir: $(($(wc -l < "$dir/PublicAPI.Unshipped.txt") - 1)) public symbols"
done
