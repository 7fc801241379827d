#!/usr/bin/env bash
# Same-JVM comparison of two database states under the ingest load. One desk on a fresh embedded PostgreSQL is
# warmed up for WARMUP seconds; then, ROUNDS times, 30 s are measured in state A and 30 s in state B, switching
# with the superuser SQL in A_SQL (from B back to A) and B_SQL (from A to B). The JVM, its compiled code and the
# machine's other load are the same for both states, which takes out the spread between desks that
# scripts/ingest-ab.sh has to average over. Prints per window: messages per second and CPU (desk + PostgreSQL)
# per stored message. Needs wrk.
# Usage: B_SQL="..." A_SQL="..." [WARMUP=60] [ROUNDS=3] scripts/ingest-db-ab.sh [JAR]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
: "${B_SQL:?B_SQL: the SQL that changes state A into state B}" "${A_SQL:?A_SQL: the SQL that changes B back into A}"
port=${PORT:-8097}
dbport=${DB_PORT:-55437}
hz=$(getconf CLK_TCK)
. scripts/bench-desk.sh
desk_work "${1:-target/mokadesk.jar}"
start_desk
sql() { psql -h localhost -p $dbport -U postgres -qAtc "$1"; }
load() { TOKEN=bench-token wrk -t1 -c32 -d"$1"s -s scripts/ingest.lua "http://localhost:$port" | awk '/Requests\/sec/ {print $2}'; }
window() { # $1 = label
  local c0 c1 t0 t1 rate
  c0=$(sql "select count(*) from message"); t0=$(desk_ticks)
  rate=$(load 30)
  c1=$(sql "select count(*) from message"); t1=$(desk_ticks)
  python3 -c "
n = max(1, $c1 - $c0)
print(f'$1: {float(\"$rate\"):.0f} messages/s, {($t1 - $t0) / $hz * 1000 / n:.3f} ms CPU per message')"
}
load "${WARMUP:-60}" > /dev/null
for _ in $(seq 1 "${ROUNDS:-3}"); do
  window A
  sql "$B_SQL"; sleep 2
  window B
  sql "$A_SQL"; sleep 2
done
