#!/usr/bin/env bash
# bench/explain-million-rows.sh - the plans of the hot statements on the seeded million-row schema (MillionRowsBenchmarks).
# Turns on auto_explain (EXPLAIN ANALYZE with BUFFERS of every statement) for the benchmark role in the benchmark database of a cluster
# you own, runs the stores' hot statements once (`-- explain`), turns it off again and prints the plans from the server log.
# Run as root (the settings need the superuser), with INTERVIEWBOOKING_TEST_POSTGRES naming that cluster, e.g.
#   export INTERVIEWBOOKING_TEST_POSTGRES="$(IB_PG_CLUSTER=ib_bench IB_PG_PORT=5442 IB_PG_FAST=0 bash eng/start-postgres.sh)"
#   bash bench/explain-million-rows.sh > plans.txt
set -euo pipefail
cs="${INTERVIEWBOOKING_TEST_POSTGRES:?set INTERVIEWBOOKING_TEST_POSTGRES}"
field() { tr ';' '\n' <<<"$cs" | sed -n "s/^$1=//Ip" | head -n1; }
port="$(field Port)"; user="$(field Username)"; db="$(field Database)"
line="$(pg_lsclusters -h | awk -v p="$port" '$3==p')"
[ -n "$line" ] || { echo "no local cluster on port $port" >&2; exit 1; }
ver="$(awk '{print $1}' <<<"$line")"; logfile="$(awk '{print $7}' <<<"$line")"
su_psql() { (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d "$db" -c "$1") >&2; }
settings=(session_preload_libraries=auto_explain auto_explain.log_min_duration=0 auto_explain.log_analyze=on auto_explain.log_buffers=on
          auto_explain.log_timing=on auto_explain.log_nested_statements=off)
reset() { for s in "${settings[@]}"; do su_psql "ALTER ROLE \"$user\" IN DATABASE \"$db\" RESET ${s%%=*}"; done; }
trap reset EXIT
for s in "${settings[@]}"; do su_psql "ALTER ROLE \"$user\" IN DATABASE \"$db\" SET ${s%%=*} = '${s#*=}'"; done
from="$(wc -l < "$logfile")"
dotnet run -c Release --project "$(dirname "$0")/InterviewBooking.Benchmarks" -- explain >&2
sleep 1
tail -n +"$((from + 1))" "$logfile" | sed -n '/duration: .* plan:/,$p'
