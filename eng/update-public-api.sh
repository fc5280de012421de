#!/usr/bin/env bash
# Updates src/*/PublicAPI.Unshipped.txt from the compiler's view of the public surface (PublicApiAnalyzers RS0016).
#   bash eng/update-public-api.sh           adds the new public symbols (one solution build)
#   bash eng/update-public-api.sh --reset   rewrites every list from scratch, dropping removed symbols (one build per project)
# Run after an intended change to a public API, then review the diff: it is the API change.
set -euo pipefail
cd "$(dirname "$0")/.."

symbols_of() { # build output, project path -> the project's undeclared public symbols
  grep -E "(warning|error) RS0016" | grep -F "[$PWD/$1]" \
    | sed -E "s/.*Symbol '(.*)' is not part of the declared public API.*/\1/" || true
}

if [ "${1:-}" = "--reset" ]; then
  for project in src/*/*.csproj; do
    dir="$(dirname "$project")"
    printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
    dotnet build "$project" -c Release --no-incremental -p:TreatWarningsAsErrors=false 2>&1 \
      | symbols_of "$project" | LC_ALL=C sort -u >> "$dir/PublicAPI.Unshipped.txt"
    echo "$dir: $(($(wc -l < "$dir/PublicAPI.Unshipped.txt") - 1)) public symbols"
  done
  exit 0
fi

log="$(mktemp)"
dotnet build InterviewBooking.sln -c Release -p:TreatWarningsAsErrors=false > "$log" 2>&1 || true
for project in src/*/*.csproj; do
  file="$(dirname "$project")/PublicAPI.Unshipped.txt"
  added="$(symbols_of "$project" < "$log" | LC_ALL=C sort -u)"
  [ -n "$added" ] || continue
  { tail -n +2 "$file"; printf '%s\n' "$added"; } | LC_ALL=C sort -u > "$file.new"
  { printf '#nullable enable\n'; cat "$file.new"; } > "$file"; rm "$file.new"
  echo "$file: $(printf '%s\n' "$added" | wc -l) symbols added"
done
rm -f "$log"
