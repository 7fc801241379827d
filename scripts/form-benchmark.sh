#!/usr/bin/env bash
# Throughput of the public contact form endpoint (POST /f/{formKey}, form-encoded; every submission stored,
# committed and made a conversation before its answer). Starts the desk on a fresh embedded PostgreSQL with
# the per-address rate limit lifted (wrk sends everything from one address), creates a form with the bootstrap
# token, warms up for 30 s, then measures 30 s with wrk, and the API ingest for 30 s next to it (the same
# machine load). While the form is measured, scripts/inbox-probe.py asks an agent's inbox first page again
# and again (the desk must stay responsive: inbox p95 < 100 ms). Needs wrk and python3.
# Usage: [WARMUP=seconds] scripts/form-benchmark.sh (warm-up 30 s by default)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -q -B -ntp package -DskipTests -Dspotless.check.skip=true
work=$(mktemp -d)
cp target/mokadesk.jar "$work/mokadesk.jar"   # never run a jar that a later build may overwrite
port=${PORT:-8098}
MOKADESK_DATA_DIR="$work" MOKADESK_DEMO=false MOKADESK_BOOTSTRAP_TOKEN=bench-token \
  MOKADESK_ADMIN_PASSWORD=bench-password MOKADESK_FORM_SUBMISSIONS_PER_MINUTE=100000000 PORT=$port \
  java -Xms1g -Xmx1g -jar "$work/mokadesk.jar" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 180); do
  curl -fs "http://localhost:$port/actuator/health" >/dev/null 2>&1 && break
  sleep 1
done
key=$(curl -fs -X POST "http://localhost:$port/api/v1/channels" -H "Authorization: Bearer bench-token" \
  -H "Content-Type: application/json" -d '{"type":"form","name":"Benchmark"}' | sed -E 's/.*"formKey":"([^"]+)".*/\1/')
echo "form key: $key; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "warm-up: ${WARMUP:-30} s, not measured"
FORM_KEY=$key wrk -t1 -c32 -d${WARMUP:-30}s -s scripts/form.lua "http://localhost:$port" | grep -E "Requests/sec"
echo "form submissions: wrk, 32 connections, 30 s (and an agent's inbox asked meanwhile)"
python3 scripts/inbox-probe.py "http://localhost:$port" bench-token 28 > "$work/inbox.txt" &
probe=$!
FORM_KEY=$key wrk -t1 -c32 -d30s -s scripts/form.lua --latency "http://localhost:$port" | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
wait $probe || true
cat "$work/inbox.txt"
echo "for comparison, the same desk and minute: API ingest (scripts/ingest.lua), 32 connections, 30 s"
TOKEN=bench-token wrk -t1 -c32 -d30s -s scripts/ingest.lua --latency "http://localhost:$port" | grep -E "Requests/sec|50%|99%|Non-2xx"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
curl -fs "http://localhost:$port/api/v1/conversations?channel=form&limit=1" -H "Authorization: Bearer bench-token" >/dev/null \
  && echo "conversations answer after the run: ok"
