#!/usr/bin/env bash
# Operational check: two Wasl processes on two ports against one PostgreSQL; a sign-in cookie issued by the first
# is accepted by the second. Starts a throwaway PostgreSQL cluster (as the postgres user when run as root).
# Usage: bash tools/two-nodes.sh        (needs: PostgreSQL server binaries, python3; builds Wasl first)
set -euo pipefail
cd "$(dirname "$0")/.."
PGBIN=$(dirname "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | tail -1)")
work=$(mktemp -d /tmp/wasl-two-nodes.XXXX); chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$work"; runuser -u postgres -- "$@"; else "$@"; fi; }
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
as_pg "$PGBIN/initdb" -D "$work/pg" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -o "-p $port -k $work -c listen_addresses=127.0.0.1" start >/dev/null
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; as_pg "$PGBIN/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; }
trap cleanup EXIT
dotnet build src/Wasl.Web -c Release -v q -nologo >/dev/null
export Database__Provider=PostgreSQL ConnectionStrings__Wasl="Host=127.0.0.1;Port=$port;Database=postgres;Username=postgres" ASPNETCORE_ENVIRONMENT=Development
for p in 5181 5182; do
  dotnet src/Wasl.Web/bin/Release/net10.0/Wasl.Web.dll --urls "http://127.0.0.1:$p" --contentRoot "$PWD/src/Wasl.Web" > "$work/node-$p.log" 2>&1 &
  pids+=($!)
done
for p in 5181 5182; do
  for _ in $(seq 60); do kill -0 "${pids[0]}" "${pids[1]}" 2>/dev/null || { cat "$work"/node-*.log; exit 1; }; curl -sf "http://127.0.0.1:$p/health/ready" >/dev/null && break; sleep 1; done
  echo "node $p ready: $(curl -s "http://127.0.0.1:$p/health/ready")"
done
python3 - <<'PY'
import hashlib, json, base64, re, urllib.request, urllib.parse, http.cookiejar
jar = http.cookiejar.CookieJar()
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k): return None
one = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
page = one.open("http://127.0.0.1:5181/staff/sign-in").read().decode()
token = re.search(r'name="__wasl_af" type="hidden" value="([^"]+)"|name="__wasl_af" value="([^"]+)"', page)
token = token.group(1) or token.group(2)
c = json.loads(one.open("http://127.0.0.1:5181/altcha/challenge").read())
n = next(i for i in range(c["maxnumber"] + 1) if hashlib.sha256((c["salt"] + str(i)).encode()).hexdigest() == c["challenge"])
payload = base64.b64encode(json.dumps({"algorithm": "SHA-256", "challenge": c["challenge"], "number": n, "salt": c["salt"], "signature": c["signature"]}).encode()).decode()
form = urllib.parse.urlencode({"__wasl_af": token, "Input.Login": "coordinator", "Input.Password": "Wasl-Demo-2026", "altcha": payload}).encode()
try:
    one.open("http://127.0.0.1:5181/staff/sign-in", form)
except urllib.error.HTTPError as e:
    assert e.code == 302 and e.headers["Location"] == "/staff", (e.code, e.headers["Location"])
cookie = "; ".join(f"{k.name}={k.value}" for k in jar)
req = urllib.request.Request("http://127.0.0.1:5182/staff", headers={"Cookie": cookie})
body = urllib.request.build_opener(NoRedirect).open(req).read().decode()
assert "منسق إدارة تعليم الرياض" in body, "node 5182 did not accept node 5181's cookie"
print("signed in on node 5181; node 5182 accepted the cookie and served the staff home")
PY
