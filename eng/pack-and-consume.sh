#!/usr/bin/env bash
# Packs every src/ project, then builds two throwaway consumers outside the repository that reference only the packed packages from a
# local folder (as a user's project would), each compiled from the README's own quick-start block, as pasted: implicit usings off, no
# global usings, warnings as errors. A snippet that does not compile fails this script.
#   console: README <!-- quickstart:console -->, run; it must book (exit 0).
#   web:     README <!-- quickstart:web --> with the README's appsettings.json (<!-- quickstart:appsettings -->), served on 127.0.0.1 on a
#            free port and driven with curl through the whole flow: start, pay (the simulated gateway's webhook), return check, get
#            (Booked), reschedule, cancel, health; every status code and JSON body is checked. The server is always stopped.
# Also fails when a package's nuspec declares a System.Configuration.ConfigurationManager dependency (it must not reach consumers).
#   bash eng/pack-and-consume.sh              packs with a build
#   bash eng/pack-and-consume.sh --no-build   packs what `dotnet build -c Release` built (CI, right after its build)
# Runs as root with no stdin; every network call goes to 127.0.0.1 with a bounded timeout.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "pack-and-consume: FAILED: $*" >&2; [ -f "$work/web.log" ] && tail -n 40 "$work/web.log" >&2; exit 1; }

pack_args=()
[ "${1:-}" = "--no-build" ] && pack_args+=(--no-build)
# A version of its own, so no package cached from an earlier run stands in for this build.
version="0.1.0-consume.$(date +%s)"

dotnet pack "$repo/InterviewBooking.sln" -c Release -o "$work/packages" -p:Version="$version" --nologo -v quiet "${pack_args[@]}"
ls "$work/packages"/*.nupkg "$work/packages"/*.snupkg >/dev/null

for package in "$work/packages"/*.nupkg; do
  if unzip -p "$package" '*.nuspec' | grep -qi 'id="System.Configuration.ConfigurationManager"'; then
    fail "$(basename "$package") declares a System.Configuration.ConfigurationManager dependency"
  fi
done

# The text between <!-- quickstart:NAME --> and <!-- /quickstart:NAME --> in README.md, without the code fence lines.
snippet() {
  awk -v name="$1" '
    $0 == "<!-- quickstart:" name " -->" { inside = 1; next }
    $0 == "<!-- /quickstart:" name " -->" { inside = 0; found = 1; next }
    inside && /^```/ { next }
    inside { print }
    END { if (!found) exit 1 }' "$repo/README.md" || fail "README.md has no quickstart:$1 block"
}

# Found by both consumers (NuGet reads the nuget.config of every parent folder), on top of the machine's own sources.
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="interviewbooking-local" value="$work/packages" />
  </packageSources>
</configuration>
XML

consumer_project() { # sdk, package references... -> a project file with no implicit or global usings
  local sdk="$1"; shift
  printf '<Project Sdk="%s">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFramework>net10.0</TargetFramework>\n' "$sdk"
  printf '    <Nullable>enable</Nullable>\n    <ImplicitUsings>disable</ImplicitUsings>\n    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>\n  </PropertyGroup>\n  <ItemGroup>\n'
  for reference in "$@"; do printf '    <PackageReference Include="%s" Version="%s" />\n' "${reference%@*}" "${reference#*@}"; done
  printf '  </ItemGroup>\n</Project>\n'
}

mkdir -p "$work/console" "$work/web"
consumer_project Microsoft.NET.Sdk "InterviewBooking.InMemory@$version" "Microsoft.Extensions.DependencyInjection@10.0.0" > "$work/console/Console.csproj"
snippet console > "$work/console/Program.cs"
consumer_project Microsoft.NET.Sdk.Web "InterviewBooking.AspNetCore@$version" "InterviewBooking.InMemory@$version" > "$work/web/Web.csproj"
snippet web > "$work/web/Program.cs"
snippet appsettings > "$work/web/appsettings.json"
# Not from the README: the consumer's stand-in for a host's authentication (the snippet leaves that to the host), applied as a hosting
# startup of the app's own assembly so the snippet stays exactly as pasted. The candidate is the X-Candidate header, as the "sub" claim.
cat > "$work/web/ConsumerAuthentication.cs" <<'CS'
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

[assembly: HostingStartup(typeof(ConsumerAuthentication))]

internal sealed class ConsumerAuthentication : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(services =>
        services.AddAuthentication("Candidate").AddScheme<AuthenticationSchemeOptions, CandidateHeaderHandler>("Candidate", null));
}

internal sealed class CandidateHeaderHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var candidate = Request.Headers["X-Candidate"].ToString();
        return Task.FromResult(candidate.Length == 0
            ? AuthenticateResult.NoResult()
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", candidate)], Scheme.Name)), Scheme.Name)));
    }
}
CS

build() { # directory -> builds it against the local packages, failing on any compile error or warning
  dotnet build "$1" -c Release --nologo -v quiet > "$1/build.log" 2>&1 \
    || { grep -E 'error|warning' "$1/build.log" | sort -u >&2; fail "the README's quickstart:$(basename "$1") snippet does not build as pasted"; }
}
build "$work/console"
build "$work/web"

echo "pack-and-consume: console quick start"
(cd "$work/console" && dotnet bin/Release/net10.0/Console.dll </dev/null) | tee "$work/console.out"
grep -q '^Booked: Ada at ' "$work/console.out" || fail "the console quick start did not book"

echo "pack-and-consume: web quick start on 127.0.0.1"
# Port 0: Kestrel picks a free port and logs it (the lifetime log stays on whatever the appsettings say).
(cd "$work/web" && exec dotnet bin/Release/net10.0/Web.dll --urls http://127.0.0.1:0 \
  --Logging:LogLevel:Microsoft.Hosting.Lifetime=Information </dev/null > "$work/web.log" 2>&1) &
server_pid=$!
base=""
for _ in $(seq 1 150); do
  base="$(grep -oE 'Now listening on: http://127\.0\.0\.1:[0-9]+' "$work/web.log" | head -n 1 | sed 's/Now listening on: //')" || true
  [ -n "$base" ] && break
  kill -0 "$server_pid" 2>/dev/null || fail "the web consumer exited before listening"
  sleep 0.2
done
[ -n "$base" ] || fail "the web consumer did not listen within 30 s"

# call METHOD PATH EXPECTED-STATUS [JSON-BODY] [CANDIDATE] [EXTRA-HEADER]: the body answered is left in $work/body.
call() {
  local method="$1" path="$2" expected="$3" body="${4:-}" candidate="${5-casey}" header="${6:-}"
  local args=(-sS -o "$work/body" -w '%{http_code}' --max-time 10 -X "$method")
  [ -n "$candidate" ] && args+=(-H "X-Candidate: $candidate")
  [ -n "$header" ] && args+=(-H "$header")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  local status
  status="$(curl "${args[@]}" "$base$path")" || fail "$method $path: no answer"
  [ "$status" = "$expected" ] || fail "$method $path answered $status, expected $expected: $(head -c 600 "$work/body")"
}
# check PYTHON-EXPRESSION: true of the JSON body `b` (a dict), else the script fails naming it.
check() {
  python3 - "$work/body" "$1" <<'PY' || fail "check failed: $1 on $(head -c 600 "$work/body")"
import json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if eval(sys.argv[2], {"b": b, "json": json}) else 1)
PY
}
field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1], encoding="utf-8"))[sys.argv[2]])' "$work/body" "$1"; }

slot="$(python3 -c 'import datetime as d; t=d.datetime.now(d.timezone.utc).date()+d.timedelta(days=3); print(f"{t}T10:00:00Z")')"
moved="$(python3 -c 'import datetime as d; t=d.datetime.now(d.timezone.utc).date()+d.timedelta(days=4); print(f"{t}T11:00:00Z")')"
start_body="{\"candidateName\":\"Casey\",\"candidateEmail\":\"casey@example.org\",\"experienceYears\":3,\"skillCategories\":[\"Backend\"],\"skills\":[\"Java\"],\"slotStart\":\"$slot\",\"timeZone\":\"Europe/London\",\"planId\":\"mock-30\"}"

call GET /health/ready 200 "" ""
[ "$(cat "$work/body")" = "Healthy" ] || fail "health answered $(cat "$work/body")"

call POST /bookings 401 "$start_body" ""
call POST /bookings 400 '{"candidateName": ' casey
check 'b["status"] == 400 and b["title"] and b["errors"]'

# The README's host sets no PreviewTokenKey: previews are off, said as a problem, never a server error.
call POST /bookings/preview 404 "$start_body"
check 'b["title"] == "PreviewsOff" and "PreviewTokenKey" in b["detail"]'

call POST /bookings 201 "$start_body"
check 'b["status"] == "Pending" and b["interviewer"]["id"] == "ada" and b["checkoutUrl"] and b["slot"]["start"] == "'"$slot"'" and b["price"]["totalMinorUnits"] == 4900 and b["price"]["currency"] == "EUR" and "email" not in json.dumps(b["interviewer"]).lower()'
id="$(field id)"

call GET "/bookings/$id" 404 "" mallory
check 'b["status"] == 404 and b["detail"]'

call POST /webhooks/simulated 200 "{\"type\":\"checkout.completed\",\"checkout\":\"cs_sim_$id\"}" "" "Simulated-Signature: consumer"
check 'b["status"] == "Booked"'
call POST /webhooks/simulated 200 "{\"type\":\"checkout.completed\",\"checkout\":\"cs_sim_$id\"}" "" "Simulated-Signature: consumer"
check 'b["status"] == "Booked"'

call GET "/checkout/return?session_id=cs_sim_$id" 200
check 'b["id"] == "'"$id"'" and b["status"] == "Booked"'

call GET "/bookings/$id" 200
check 'b["status"] == "Booked" and b["interviewId"] and b["checkoutUrl"] is None and b["interviewer"]["name"] == "Ada"'

call POST "/bookings/$id/reschedule" 200 "{\"slotStart\":\"$moved\"}"
check 'b["status"] == "Booked" and b["slot"]["start"] == "'"$moved"'" and b["interviewer"]["id"] == "ada"'
call POST "/bookings/$id/reschedule" 400 '{"slotStart":"tomorrow"}'
check 'b["status"] == 400 and "slotStart" in b["errors"]'

call POST "/bookings/$id/cancel" 200 '{"reason":"pack-and-consume"}'
check 'b["status"] == "BookingCanceled" and b["refund"]["percent"] == 100 and b["refund"]["amountMinorUnits"] == 4900'
call GET "/bookings/$id" 200
check 'b["status"] == "BookingCanceled"'

# No Stripe adapter is registered: the Stripe route answers a problem, not a server error.
call POST /webhooks/stripe 404 '{}' "" "Stripe-Signature: t=1,v1=00"
check 'b["status"] == 404 and "stripe" in b["detail"]'

call GET /health/ready 200 "" ""
[ "$(cat "$work/body")" = "Healthy" ] || fail "health answered $(cat "$work/body") after the flow"

echo "pack-and-consume: the packed packages served start, pay, return, get, reschedule, cancel and health at $base"
