#!/usr/bin/env bash
# Starts a local CalDAV server for the CalDAV adapter's tests and prints the lines that point them at it:
#   eval "$(bash eng/start-caldav.sh)"                  # runs until killed (its pid is printed as a comment)
#   eval "$(bash eng/start-caldav.sh --stop-with $$)"   # stops when that process ends (what .ci/run does)
# The server is Debian's radicale (3.1.8 on Debian 12; installed here when missing: apt-get, as root), on 127.0.0.1 with a
# free port, a throwaway storage folder and an htpasswd file of plain-text users (test accounts only). The printed lines are
#   export INTERVIEWBOOKING_TEST_CALDAV=http://127.0.0.1:<port>/
#   export INTERVIEWBOOKING_TEST_CALDAV_USER=<user> INTERVIEWBOOKING_TEST_CALDAV_PASSWORD=<password>
set -euo pipefail
python=/usr/bin/python3   # Debian's interpreter, the one the radicale package installs into

owner=""
if [ "${1:-}" = "--stop-with" ]; then owner="${2:?--stop-with needs a process id}"; fi

if ! "$python" -c "import radicale" 2>/dev/null; then
    echo "start-caldav: installing radicale" >&2
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq radicale; } >&2 \
        || { echo "start-caldav: could not install radicale (needs root and the Debian archive)" >&2; exit 1; }
fi

folder="$(mktemp -d /tmp/interviewbooking-caldav.XXXXXX)"
user=interviewbooking
password=interviewbooking-caldav-test
# Plain htpasswd entries: Debian's 3.1.8 reads plain, md5 and bcrypt (bcrypt needs python3-bcrypt); plain keeps the script
# free of another package, and these are throwaway test accounts.
printf '%s:%s\n%s:%s\n' "$user" "$password" "other" "other-caldav-test" >"$folder/users"
port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
cat >"$folder/config" <<CONFIG
[server]
hosts = 127.0.0.1:$port
[auth]
type = htpasswd
htpasswd_filename = $folder/users
htpasswd_encryption = plain
delay = 0
[rights]
type = owner_only
[storage]
filesystem_folder = $folder/collections
[logging]
level = warning
CONFIG

log="$folder/radicale.log"
nohup "$python" -m radicale --config "$folder/config" </dev/null >"$log" 2>&1 &
pid=$!

# Wait (bounded) until the server answers HTTP.
for _ in $(seq 1 100); do
    if "$python" -c "import socket,sys; s = socket.create_connection(('127.0.0.1', $port), 0.2); s.close()" 2>/dev/null; then break; fi
    kill -0 "$pid" 2>/dev/null || { echo "start-caldav: the server exited:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
done
"$python" -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2).close()" 2>/dev/null \
    || { echo "start-caldav: the server did not start within 10 s; see $log" >&2; kill "$pid"; exit 1; }

if [ -n "$owner" ]; then
    # A detached watcher stops the server once the owner process is gone.
    nohup bash -c "while kill -0 $owner 2>/dev/null; do sleep 1; done; kill $pid 2>/dev/null" </dev/null >/dev/null 2>&1 &
fi

echo "start-caldav: CalDAV server on http://127.0.0.1:$port/, storage in $folder (pid $pid)" >&2
echo "export INTERVIEWBOOKING_TEST_CALDAV=http://127.0.0.1:$port/"
echo "export INTERVIEWBOOKING_TEST_CALDAV_USER=$user INTERVIEWBOOKING_TEST_CALDAV_PASSWORD=$password"
echo "# stop it with: kill $pid"
