#!/usr/bin/env bash
# Starts a local SMTP server for the SMTP adapter's tests and prints the line that points them at it:
#   eval "$(bash eng/start-smtp.sh)"                  # runs until killed (its pid is printed as a comment)
#   eval "$(bash eng/start-smtp.sh --stop-with $$)"   # stops when this shell ends (what .ci/run does)
# The server is Debian's python3-aiosmtpd (installed here when missing: apt-get, as root), on 127.0.0.1 with a
# free port; it writes every message to a new folder. The printed line is
#   export INTERVIEWBOOKING_TEST_SMTP=127.0.0.1:<port>:<folder>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python=/usr/bin/python3   # Debian's interpreter, the one python3-aiosmtpd installs into

owner=""
if [ "${1:-}" = "--stop-with" ]; then owner="${2:?--stop-with needs a process id}"; fi

if ! "$python" -c "import aiosmtpd" 2>/dev/null; then
    echo "start-smtp: installing python3-aiosmtpd" >&2
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq python3-aiosmtpd; } >&2 \
        || { echo "start-smtp: could not install python3-aiosmtpd (needs root and the Debian archive)" >&2; exit 1; }
fi

folder="$(mktemp -d /tmp/interviewbooking-smtp.XXXXXX)"
ready="$folder.port"
log="$folder.log"
nohup "$python" "$here/smtp-sink.py" "$folder" "$ready" $owner </dev/null >"$log" 2>&1 &
pid=$!

# Wait (bounded) for the server to write its port.
for _ in $(seq 1 100); do
    [ -s "$ready" ] && break
    kill -0 "$pid" 2>/dev/null || { echo "start-smtp: the server exited:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
done
[ -s "$ready" ] || { echo "start-smtp: the server did not start within 10 s; see $log" >&2; kill "$pid"; exit 1; }

echo "start-smtp: SMTP server on 127.0.0.1:$(cat "$ready"), messages in $folder (pid $pid)" >&2
echo "export INTERVIEWBOOKING_TEST_SMTP=127.0.0.1:$(cat "$ready"):$folder"
echo "# stop it with: kill $pid"
