#!/usr/bin/env bash
# Starts the desk on a fresh embedded PostgreSQL and runs the load generator against it (loopback only).
# Usage: scripts/benchmark.sh [--conversations 100000] [--concurrency 16] [--rate 500]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp package -DskipTests -Dspotless.check.skip=true
./mvnw -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
work=$(mktemp -d)
cp target/mokadesk.jar "$work/mokadesk.jar"   # never run the jar a later build may overwrite
port=8099
dbport=55432
MOKADESK_DATA_DIR="$work" MOKADESK_DB_PORT=$dbport MOKADESK_DEMO=false MOKADESK_BOOTSTRAP_TOKEN=bench-token \
  MOKADESK_ADMIN_PASSWORD=bench-password PORT=$port \
  java -Xms1g -Xmx1g -jar "$work/mokadesk.jar" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://localhost:$port/actuator/health" >/dev/null 2>&1 && break
  sleep 1
done
java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" fi.mokadesk.bench.LoadBenchmark \
  --url "http://localhost:$port" --token bench-token --jdbc "jdbc:postgresql://localhost:$dbport/postgres" "$@"
