#!/usr/bin/env bash
# eng/start-postgres.sh - install (when missing) and start a throwaway PostgreSQL for the tests, CI and benchmarks.
# Debian/Ubuntu, run as root (CI runs as root; the server itself runs as the 'postgres' user, since PostgreSQL refuses root).
# Idempotent: a second run re-uses the cluster, role and database and prints the same string.
# stdout: ONE line, an Npgsql connection string. Everything else goes to stderr.
#   usage:  export INTERVIEWBOOKING_TEST_POSTGRES="$(bash eng/start-postgres.sh)"
#   stop:   pg_ctlcluster <version> interviewbooking stop      (drop: pg_dropcluster --stop <version> interviewbooking)
# Settings (environment): IB_PG_CLUSTER, IB_PG_PORT, IB_PG_USER, IB_PG_PASSWORD, IB_PG_DB, and IB_PG_FAST=1 (the default) for
# fsync/synchronous_commit/full_page_writes off: a test server only. IB_PG_FAST applies when the cluster is created.
set -euo pipefail

PG_CLUSTER="${IB_PG_CLUSTER:-interviewbooking}"   # a dedicated cluster; Debian's 'main' is left alone
PG_PORT="${IB_PG_PORT:-5433}"
PG_USER="${IB_PG_USER:-interviewbooking}"
PG_PASSWORD="${IB_PG_PASSWORD:-interviewbooking_pw}"
PG_DB="${IB_PG_DB:-interviewbooking_test}"
PG_FAST="${IB_PG_FAST:-1}"

log() { echo "start-postgres: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then log "must run as root (use sudo)"; exit 1; fi

# 1. Install when missing (never upgrades an existing install). btree_gist ships in the server package (contrib).
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null; then
  log "installing PostgreSQL from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql postgresql-contrib >&2
fi
PG_VER="$(ls /usr/lib/postgresql | sort -V | tail -n1)"
BIN="/usr/lib/postgresql/$PG_VER/bin"

# 2. Create the cluster once (pg_createcluster runs initdb as 'postgres'; its configuration lives in /etc/postgresql).
install -d -o postgres -g postgres -m 2775 /var/run/postgresql
if ! pg_lsclusters -h | awk -v v="$PG_VER" -v c="$PG_CLUSTER" '$1==v && $2==c {f=1} END {exit !f}'; then
  log "creating cluster $PG_VER/$PG_CLUSTER on port $PG_PORT"
  pg_createcluster "$PG_VER" "$PG_CLUSTER" --port "$PG_PORT" >&2 -- --auth-local=peer --auth-host=scram-sha-256
  conf="/etc/postgresql/$PG_VER/$PG_CLUSTER/conf.d/90-interviewbooking.conf"
  { echo "listen_addresses = '127.0.0.1'"; echo "max_connections = 300"
    if [ "$PG_FAST" = 1 ]; then echo "fsync = off"; echo "synchronous_commit = off"; echo "full_page_writes = off"; fi
  } > "$conf"
fi
PG_PORT="$(pg_lsclusters -h | awk -v v="$PG_VER" -v c="$PG_CLUSTER" '$1==v && $2==c {print $3}')"

# 3. Start unless running (pg_ctlcluster status: 0 running, 3 stopped); needs no systemd.
if ! pg_ctlcluster "$PG_VER" "$PG_CLUSTER" status >/dev/null 2>&1; then
  log "starting cluster $PG_VER/$PG_CLUSTER"
  pg_ctlcluster "$PG_VER" "$PG_CLUSTER" start >&2
fi
for _ in $(seq 1 60); do
  "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.5
done
"$BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" >&2

# 4. Role, database and btree_gist (idempotent). The role may create schemas in its database: each test class makes its own.
psql_su() { (cd / && PGOPTIONS="-c client_min_messages=warning" runuser -u postgres -- "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@") >&2; }
psql_su -d postgres -v u="$PG_USER" -v pw="$PG_PASSWORD" -v db="$PG_DB" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'u') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'u') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'u', :'pw') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'u') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
psql_su -d "$PG_DB" -c 'CREATE EXTENSION IF NOT EXISTS btree_gist'

echo "Host=127.0.0.1;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASSWORD;Database=$PG_DB"
