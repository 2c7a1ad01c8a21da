#!/usr/bin/env bash
# Wasl performance bench (docs/PERFORMANCE.md). One command:
#   bash bench/run.sh                      # 1,000,000 requests, everything
#   BENCH_REQUESTS=100000 bash bench/run.sh  # a quick try
# Starts its own throwaway PostgreSQL cluster under /tmp (stopped and removed at the end, also on failure), loads
# the data with the app's own migrator and SearchText, times the app's queue and search queries, then measures HTTP
# submits against the app (Release, Production, loopback only) and the bare equivalent transaction with pgbench.
#
# Environment (all optional):
#   BENCH_REQUESTS=1000000      requests to generate (each with 2 events)
#   BENCH_ITERATIONS=200        timed runs per query (after BENCH_WARMUP=20 warm-up runs; at most BENCH_BUDGET_SECONDS=60 s per measurement)
#   BENCH_HTTP_SECONDS=20       seconds per HTTP load level (1 and 16 clients); BENCH_HTTP_MAX=200000 requests at most
#   BENCH_PGBENCH_SECONDS=20    seconds per pgbench level (1, 8, 16 clients)
#   BENCH_PHASES="queries http pgbench sweep"   which measurements to run after generating (sweep last: it opens every request;
#                               "indicators" alone only rebuilds the indicators, which "queries" also does first);
#                               "export" (not in the default list) downloads report exports of BENCH_EXPORT_ROWS rows
#   BENCH_EXPORT_ROWS=100000    rows the export phase selects (the newest, by a date range), as CSV and XLSX
#   BENCH_SCENARIOS=""          scenario name prefixes the queries phase runs (all when empty), e.g. "indicators-"
#   BENCH_SWEEP_DUE=10000       requests due at the escalation sweep
#   BENCH_OUT=bench/results/<N> where the result files go
#   BENCH_KEEP=1                leave the cluster running at the end (prints how to stop it)
#   BENCH_APP_ENV="K=V ..."     extra environment for the app (e.g. a rate-limit override)
#   BENCH_AUDIT="on"            the http phase once per mode: "on off" measures the submit rate with the audit trail on and
#                               off (Audit:Enabled) in one run; rows "http" (on) and "http-audit-off", and their ratio
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${BENCH_REQUESTS:-1000000}
ITERATIONS=${BENCH_ITERATIONS:-200}
WARMUP=${BENCH_WARMUP:-20}
BUDGET=${BENCH_BUDGET_SECONDS:-60}
HTTP_SECONDS=${BENCH_HTTP_SECONDS:-20}
HTTP_MAX=${BENCH_HTTP_MAX:-200000}
PGBENCH_SECONDS=${BENCH_PGBENCH_SECONDS:-20}
PHASES=${BENCH_PHASES:-"queries http pgbench sweep"}
AUDIT_MODES=${BENCH_AUDIT:-on}
SWEEP_DUE=${BENCH_SWEEP_DUE:-10000}
EXPORT_ROWS=${BENCH_EXPORT_ROWS:-100000}
OUT=${BENCH_OUT:-$ROOT/bench/results/$N}
PGBIN=${BENCH_PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL not found (set BENCH_PGBIN)"; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
log() { echo "[bench $(date +%H:%M:%S)] $*"; }
# CPU used so far, in clock ticks: a process (with its reaped children), and the whole cluster (postmaster, reaped
# backends, live backends). Differences around a measurement give CPU per request on each side.
proc_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  local pm t c
  pm=$(head -n 1 "$PGDATA/postmaster.pid"); t=$(proc_ticks "$pm")
  for c in $(pgrep -P "$pm"); do t=$(( t + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0) )); done
  echo "$t"
}
HZ=$(getconf CLK_TCK)
per_item_ms() { awk -v d="$1" -v n="$2" -v hz="$HZ" 'BEGIN { if (n > 0) printf "%.2f", d * 1000 / hz / n; else printf "-" }'; }

WORK=$(mktemp -d /tmp/wasl-bench-XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres:postgres "$WORK"
PGDATA="$WORK/data"
PGPORT=$(free_port)
APP_PID=""
cleanup() {
  local rc=$?
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  if [ "${BENCH_KEEP:-0}" = 1 ] && [ $rc = 0 ]; then
    log "cluster kept: port $PGPORT, data $PGDATA; stop with: runuser -u postgres -- $PGBIN/pg_ctl -D $PGDATA -m fast stop && rm -rf $WORK"
  else
    [ -f "$PGDATA/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$OUT"
rm -f "$OUT"/{environment.txt,generate.log,indicators.txt,queries.md,queries.tsv,explain.txt,submit.tsv,summary.md,app.log,sweep.txt,export.tsv,export-app.log} "$OUT"/pgbench-*.txt
log "requests=$N out=$OUT cluster=$WORK port=$PGPORT"

# PostgreSQL with its durable defaults (fsync, synchronous_commit, full_page_writes on) and default planner costs;
# memory sized for a 24 GB machine, checkpoints spaced out so a 20 s measurement is not cut by one.
as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$WORK/postgres.log" -w -t 60 -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 \
  -c max_connections=200 -c shared_buffers=2GB -c effective_cache_size=8GB -c maintenance_work_mem=1GB \
  -c max_wal_size=16GB -c checkpoint_timeout=30min -c wal_compression=on" start >/dev/null
PSQL=("$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -qAt)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE wasl_bench"
CONN="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=wasl_bench;Maximum Pool Size=64"

log "building (Release)"
dotnet build "$ROOT/bench/Wasl.Bench/Wasl.Bench.csproj" -c Release -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
BENCH_DLL="$ROOT/bench/Wasl.Bench/bin/Release/net10.0/Wasl.Bench.dll"
APP_DIR="$ROOT/src/Wasl.Web/bin/Release/net10.0"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu: $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2}') GB"
  echo "postgres: $("$PGBIN/postgres" --version)"
  echo "dotnet: $(dotnet --version)"
  echo "requests: $N"
} >"$OUT/environment.txt"

log "generating $N requests"
dotnet "$BENCH_DLL" generate --conn "$CONN" --requests "$N" | tee "$OUT/generate.log"

# The indicators (RequestStatsFolder.RebuildAsync): the aggregates the indicator scenarios of "queries" read.
if [[ " $PHASES " == *" queries "* || " $PHASES " == *" indicators "* ]]; then
  log "indicators: RequestStatsFolder.RebuildAsync"
  START=$(date +%s)
  dotnet "$BENCH_DLL" indicators --conn "$CONN" --out "$OUT"
  log "indicators rebuilt in $(( $(date +%s) - START )) s"
fi

if [[ " $PHASES " == *" queries "* ]]; then
  log "query timings ($ITERATIONS runs each)"
  dotnet "$BENCH_DLL" queries --conn "$CONN" --iterations "$ITERATIONS" --warmup "$WARMUP" --budget-seconds "$BUDGET" --only "${BENCH_SCENARIOS:-}" --out "$OUT"
fi

SUBMIT_TSV="$OUT/submit.tsv"
printf 'kind\tclients\tper_second\tmedian_ms\tp99_ms\tok\tfailed\tseconds\tapp_cpu_ms\tdb_cpu_ms\tload_avg\n' >"$SUBMIT_TSV"

if [[ " $PHASES " == *" http "* ]]; then
  if grep -rqs "api-client" "$ROOT/src/Wasl.Web/Program.cs" "$ROOT/src/Wasl.Web/Platform" "$ROOT/src/Wasl.Web/Modules"; then
    APP_PORT=$(free_port)
    APP_ENV=(ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production Database__Provider=PostgreSQL
      "ConnectionStrings__Wasl=$CONN" Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore=Warning
      Logging__LogLevel__Microsoft.EntityFrameworkCore=Warning AllowedHosts=127.0.0.1
      # The API's per-key budget (RateLimits:Api, 6,000 a minute by default) would cap one bench key at 100/s.
      RateLimits__Api__PermitLimit=100000000 ${BENCH_APP_ENV:-})
    log "creating an API key"
    KEY=$(cd "$APP_DIR" && timeout 120 env "${APP_ENV[@]}" dotnet Wasl.Web.dll api-client create --name bench | tail -n 1 | tr -d '\r')
    [ -n "$KEY" ] || { echo "no API key printed"; exit 1; }
    for AUDIT in $AUDIT_MODES; do
      AUDIT_ENABLED=$([ "$AUDIT" = off ] && echo false || echo true)
      KIND=$([ "$AUDIT" = off ] && echo http-audit-off || echo http)
      log "starting the app on 127.0.0.1:$APP_PORT (audit $AUDIT)"
      (cd "$APP_DIR" && exec env "${APP_ENV[@]}" Audit__Enabled="$AUDIT_ENABLED" dotnet Wasl.Web.dll --urls "http://127.0.0.1:$APP_PORT") >"$WORK/app.log" 2>&1 &
      APP_PID=$!
      for _ in $(seq 1 120); do
        curl -fs "http://127.0.0.1:$APP_PORT/health/ready" >/dev/null 2>&1 && break
        kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
        sleep 0.5
      done
      curl -fs "http://127.0.0.1:$APP_PORT/health/ready" >/dev/null || { echo "app not ready"; cat "$WORK/app.log"; exit 1; }
      for clients in 1 16; do
        log "HTTP submits, $clients client(s), ${HTTP_SECONDS}s, audit $AUDIT"
        dotnet "$BENCH_DLL" load --url "http://127.0.0.1:$APP_PORT/" --key "$KEY" --conn "$CONN" --clients "$clients" \
          --seconds "$HTTP_SECONDS" --max-requests "$HTTP_MAX" --tsv "$SUBMIT_TSV" \
          --app-pid "$APP_PID" --pg-pid "$(head -n 1 "$PGDATA/postmaster.pid")" --hz "$HZ"
        # The load tool writes kind "http"; a run with the audit off is marked as such.
        [ "$KIND" = http ] || sed -i '$ s/^http\t/'"$KIND"'\t/' "$SUBMIT_TSV"
      done
      kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
      cat "$WORK/app.log" >>"$OUT/app.log"
    done
  else
    log "HTTP: the API (POST /api/v1/requests, 'api-client create') is not in this tree yet: skipped"
    printf 'http\t-\tpending\t\t\t\t\t\t\t\t\n' >>"$SUBMIT_TSV"
  fi
fi

if [[ " $PHASES " == *" pgbench "* ]]; then
  read -r MIN_UNIT MAX_UNIT < <("${PSQL[@]}" -F ' ' -d wasl_bench -c 'SELECT min("Id"), max("Id") FROM "Units" WHERE "Depth" = 2')
  API_CLIENT=$("${PSQL[@]}" -d wasl_bench -c 'SELECT min("Id") FROM "ApiClients"')
  [ -n "$API_CLIENT" ] || API_CLIENT=$("${PSQL[@]}" -d wasl_bench -c "INSERT INTO \"ApiClients\" (\"Name\", \"KeyId\", \"KeyHash\", \"IsActive\", \"CreatedAt\") VALUES ('pgbench', 'pgbench00000', sha256('x'), TRUE, now()) RETURNING \"Id\"")
  for clients in 1 8 16; do
    log "pgbench bare submit transaction, $clients client(s), ${PGBENCH_SECONDS}s"
    BEFORE=$(pg_ticks)
    "$PGBIN/pgbench" -h 127.0.0.1 -p "$PGPORT" -U postgres -n -M extended -c "$clients" -j "$(( clients < 2 ? 1 : 2 ))" \
      -T "$PGBENCH_SECONDS" -D min_unit="$MIN_UNIT" -D max_unit="$MAX_UNIT" -D k=0 -D run="$clients" -D api_client="$API_CLIENT" -r -f "$ROOT/bench/pgbench/submit.sql" wasl_bench \
      >"$OUT/pgbench-$clients.txt" 2>&1 || { cat "$OUT/pgbench-$clients.txt"; exit 1; }
    sleep 1 # let the postmaster reap the finished backends, whose CPU then shows in its cutime/cstime
    DB_TICKS=$(( $(pg_ticks) - BEFORE ))
    LOAD=$(cut -d ' ' -f 1 /proc/loadavg)
    TPS=$(awk '/^tps = / {print $3; exit}' "$OUT/pgbench-$clients.txt")
    LAT=$(awk '/^latency average = / {print $4; exit}' "$OUT/pgbench-$clients.txt")
    FAILED=$(awk '/number of failed transactions:/ {print $5; exit}' "$OUT/pgbench-$clients.txt")
    OK=$(awk '/number of transactions actually processed:/ {print $6; exit}' "$OUT/pgbench-$clients.txt")
    printf 'pgbench\t%s\t%.1f\t%s\t-\t%s\t%s\t%s\t-\t%s\t%s\n' "$clients" "$TPS" "$LAT" "${OK%%/*}" "${FAILED:-0}" "$PGBENCH_SECONDS" \
      "$(per_item_ms "$DB_TICKS" "${OK%%/*}")" "$LOAD" >>"$SUBMIT_TSV"
  done
fi

if [[ " $PHASES " == *" export "* ]]; then
  # A fresh app process, so its memory reflects the exports; a staff member signs in through the form (the bot
  # challenge kept small, cookies allowed over loopback HTTP) and downloads CSV, XLSX, then CSV again (warm).
  APP_PORT=$(free_port)
  EXPORT_ENV=(ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production Database__Provider=PostgreSQL
    "ConnectionStrings__Wasl=$CONN" Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore=Warning
    Logging__LogLevel__Microsoft.EntityFrameworkCore=Warning Security__RequireHttpsCookies=false BotChallenge__MaxNumber=1000 AllowedHosts=127.0.0.1 ${BENCH_APP_ENV:-})
  log "starting the app on 127.0.0.1:$APP_PORT for the export phase"
  (cd "$APP_DIR" && exec env "${EXPORT_ENV[@]}" dotnet Wasl.Web.dll --urls "http://127.0.0.1:$APP_PORT") >"$WORK/export-app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$APP_PORT/health/ready" >/dev/null 2>&1 && break
    kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/export-app.log"; exit 1; }
    sleep 0.5
  done
  log "report exports of about $EXPORT_ROWS rows (app pid $APP_PID, VmRSS $(awk '/VmRSS/ {print $2 " " $3}' "/proc/$APP_PID/status"))"
  dotnet "$BENCH_DLL" export --url "http://127.0.0.1:$APP_PORT/" --conn "$CONN" --rows "$EXPORT_ROWS" --app-pid "$APP_PID" --out "$OUT"
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
  cp "$WORK/export-app.log" "$OUT/export-app.log"
fi

if [[ " $PHASES " == *" sweep "* ]]; then
  log "escalation sweep: every request open, $SWEEP_DUE due"
  dotnet "$BENCH_DLL" sweep --conn "$CONN" --due "$SWEEP_DUE" --out "$OUT"
fi

# Summary: query medians, then submits with the tracked ratio (HTTP at 16 clients over pgbench at 16 and at 8).
{
  echo "# Bench results: $N requests"
  echo
  sed 's/^/    /' "$OUT/environment.txt"
  echo
  [ -f "$OUT/indicators.txt" ] && echo "Indicators rebuild (RequestStatsFolder.RebuildAsync):" && echo && echo '```' && cat "$OUT/indicators.txt" && echo '```' && echo
  [ -f "$OUT/queries.md" ] && cat "$OUT/queries.md" && echo
  [ -f "$OUT/sweep.txt" ] && echo "Escalation sweep:" && echo && echo '```' && cat "$OUT/sweep.txt" && echo '```' && echo
  [ -f "$OUT/export.tsv" ] && echo "Report exports (rows read back from the files; first_byte_s / total_s from the request; peak_rss_mb = the app's VmHWM, reset before each download):" && echo && echo '```' && column -t -s $'\t' "$OUT/export.tsv" && echo '```' && echo
  echo "Submits (HTTP: per_second = 201 answers per second, latency median/p99; pgbench: tps, latency average;"
  echo "app_cpu_ms / db_cpu_ms = CPU time of the app process / of the whole PostgreSQL cluster per request; load_avg = 1-minute load at the end):"
  echo
  echo '```'
  column -t -s $'\t' "$SUBMIT_TSV"
  echo '```'
  awk -F '\t' '$1=="http" && $3!="pending" {h[$2]=$3} $1=="pgbench" {p[$2]=$3}
    END {
      for (c in h) for (q in p) if (c == q || q == 8) printf "ratio HTTP(%s clients) / pgbench(%s clients) = %.2f\n", c, q, h[c] / p[q]
    }' "$SUBMIT_TSV" | sort
  awk -F '\t' '$1=="http" && $3!="pending" {h[$2]=$3} $1=="http-audit-off" {o[$2]=$3}
    END { for (c in o) if (c in h) printf "audit on / off (%s clients) = %.3f (the audit costs %.1f %% of the submit rate)\n", c, h[c] / o[c], 100 * (1 - h[c] / o[c]) }' "$SUBMIT_TSV" | sort
} >"$OUT/summary.md"
cat "$OUT/summary.md"
log "done: $OUT"
