#!/usr/bin/env bash
# Meta webhook intake (POST /webhooks/meta: signature verified, raw body stored in one insert, 200; the
# processing runs behind it). Starts the desk on a fresh embedded PostgreSQL, creates a Facebook channel with
# the bootstrap token (its Graph API address points at a closed local port: nothing leaves the machine),
# signs 160,000 (or BODIES) documented comment bodies in advance (each a new comment, so processing never
# meets a re-delivery that costs next to nothing), warms up for 30 s, then measures 30 s at full speed and
# 60 s at a steady 500 events/s (sent on a schedule), and finally how long the processing takes to catch
# up. Needs wrk and python3. Usage: [JAR=other.jar] scripts/meta-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
[ -n "${SKIP_BUILD:-}${JAR:-}" ] || ./mvnw -q -B -ntp package -DskipTests -Dspotless.check.skip=true
work=$(mktemp -d)
cp "${JAR:-target/mokadesk.jar}" "$work/mokadesk.jar"   # never run a jar that a later build may overwrite
port=${PORT:-8097}
MOKADESK_DATA_DIR="$work" MOKADESK_DEMO=false MOKADESK_BOOTSTRAP_TOKEN=bench-token \
  MOKADESK_ADMIN_PASSWORD=bench-password MOKADESK_ALLOW_PRIVATE_URLS=true PORT=$port \
  java -Xms1g -Xmx1g -jar "$work/mokadesk.jar" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 180); do
  curl -fs "http://localhost:$port/actuator/health" >/dev/null 2>&1 && break
  sleep 1
done
page=170000000000001
secret=bench-app-secret
curl -fs -X POST "http://localhost:$port/api/v1/channels" -H "Authorization: Bearer bench-token" \
  -H "Content-Type: application/json" \
  -d "{\"type\":\"facebook\",\"name\":\"Benchmark\",\"settings\":{\"pageId\":\"$page\",\"pageAccessToken\":\"t\",\"appSecret\":\"$secret\",\"verifyToken\":\"bench-verify\",\"graphBaseUrl\":\"http://127.0.0.1:9\"}}" >/dev/null
python3 - "$work/bodies.tsv" "$page" "$secret" "${BODIES:-160000}" <<'PY'
import hashlib, hmac, json, sys, time
out, page, secret, count = sys.argv[1], sys.argv[2], sys.argv[3].encode(), int(sys.argv[4])
now = int(time.time())
with open(out, "w") as f:
    for n in range(count):
        post = f"{page}_{900000 + n // 50}"
        body = json.dumps({"object": "page", "entry": [{"id": page, "time": now, "changes": [{"field": "feed", "value": {
            "from": {"id": str(5000000 + n), "name": f"Asiakas {n}"},
            "post": {"status_type": "added_photos", "is_published": True, "permalink_url": f"https://www.facebook.com/{post}", "id": post},
            "message": f"Kommentti numero {n}: kahvi oli kylmää", "post_id": post, "comment_id": f"{post}_{n}",
            "created_time": now, "item": "comment", "parent_id": post, "verb": "add"}}]}]}, separators=(",", ":"))
        sig = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
        f.write(f"sha256={sig}\t{body}\n")
PY
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "warm-up: 30 s, not measured"
META_BODIES="$work/bodies.tsv" wrk -t1 -c32 -d30s -s scripts/meta.lua "http://localhost:$port" | grep -E "Requests/sec"
echo "intake at full speed: wrk, 32 connections, 30 s"
META_BODIES="$work/bodies.tsv" wrk -t1 -c32 -d30s -s scripts/meta.lua --latency "http://localhost:$port" | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
pending() {
  curl -fs "http://localhost:$port/actuator/prometheus" -H "Authorization: Bearer bench-token" \
    | awk '/^mokadesk_meta_intake_pending /{printf "%d", $2}'
}
echo "intake at 500 events/s on a fixed schedule (scripts/meta-paced.lua): 32 connections, 60 s"
before=$(pending)
RATE=500 META_BODIES="$work/bodies.tsv" wrk -t1 -c32 -d60s -s scripts/meta-paced.lua --latency "http://localhost:$port" | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
after=$(pending)
echo "waiting bodies during the 500/s run: $before -> $after (processing kept up if it did not grow)"
echo "processing: waiting until every stored body is processed (at most ${CATCH_UP_SECONDS:-600} s)"
start=$(date +%s)
first=$(pending)
left=$first
reported=
while [ $(( $(date +%s) - start )) -lt "${CATCH_UP_SECONDS:-600}" ]; do
  left=$(pending)
  [ "$left" = "0" ] && break
  elapsed=$(( $(date +%s) - start ))
  if [ -z "$reported" ] && [ "$elapsed" -ge 60 ]; then
    echo "processing rate over the first $elapsed s: $(( (first - left) / elapsed )) bodies/s ($first pending at the start)"
    reported=1
  fi
  sleep 1
done
echo "processing: $(( $(date +%s) - start )) s after the last request, pending now: ${left:-?} (of $first)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
