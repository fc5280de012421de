#!/usr/bin/env bash
# bench/load-run.sh - the web API under load: the web sample's JSON API and Stripe webhook on 127.0.0.1, driven by
# bench/InterviewBooking.LoadRun (starts racing for popular slots, webhook deliveries each signed afresh, 1-2 copies to either
# instance), first on the in-memory stores (1 instance), then on PostgreSQL (2 instances on one database, a schema of the run's own,
# dropped afterwards). Bounded: at most --requests measured starts (after --warmup untimed ones) and --duration seconds per run;
# loopback only. Not a CI step.
#   usage:  bash bench/load-run.sh [generator options, e.g. --requests 3000 --duration 60 --concurrency 16]
#   PostgreSQL: INTERVIEWBOOKING_LOAD_POSTGRES (or INTERVIEWBOOKING_TEST_POSTGRES) names the server; without either that run is skipped.
#   Exit code: 0 both runs had no error and every invariant of the stress verdict at 0; 1 otherwise; 2 bad options.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build -c Release bench/InterviewBooking.LoadRun -v quiet -nologo >&2
run=(dotnet bench/InterviewBooking.LoadRun/bin/Release/net10.0/InterviewBooking.LoadRun.dll)
status=0

echo "load-run: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"
"${run[@]}" --store inmemory "$@" || status=$?

connection="${INTERVIEWBOOKING_LOAD_POSTGRES:-${INTERVIEWBOOKING_TEST_POSTGRES:-}}"
if [ -n "$connection" ]; then
  echo "load-run: $(uptime | sed 's/.*load average/load average/')"
  "${run[@]}" --store postgres --instances 2 --connection "$connection" "$@" || { s=$?; [ "$status" -ge "$s" ] || status=$s; }
else
  echo "load-run: no PostgreSQL server named (INTERVIEWBOOKING_LOAD_POSTGRES or INTERVIEWBOOKING_TEST_POSTGRES): the PostgreSQL run is skipped" >&2
fi

echo "load-run: $(uptime | sed 's/.*load average/load average/')"
exit "$status"
