#!/usr/bin/env bash
# Review queue latency with 10,000 drafts waiting for review: starts the desk on a fresh embedded PostgreSQL,
# fills the queue (100 drafts through the API, the rest in the same shape straight into the database) and
# times GET /api/v1/reviews from one and from four clients. Loopback only. Usage: scripts/review-queue-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -o package -DskipTests -Dspotless.check.skip=true
./mvnw -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
work=$(mktemp -d)
cp target/mokadesk.jar "$work/mokadesk.jar"   # never run a jar that a later build may overwrite
port=${PORT:-8097}
dbport=${DB_PORT:-55437}
MOKADESK_DATA_DIR="$work" MOKADESK_DB_PORT=$dbport MOKADESK_DEMO=false MOKADESK_BOOTSTRAP_TOKEN=bench-token \
  MOKADESK_ADMIN_PASSWORD=bench-password PORT=$port \
  java -Xms512m -Xmx512m -jar "$work/mokadesk.jar" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 180); do
  curl -fs "http://localhost:$port/actuator/health" >/dev/null 2>&1 && break
  sleep 1
done
java -Xmx256m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" fi.mokadesk.bench.ReviewQueueBenchmark \
  --url "http://localhost:$port" --token bench-token --jdbc "jdbc:postgresql://localhost:$dbport/postgres" "$@"
