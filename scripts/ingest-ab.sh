#!/usr/bin/env bash
# Same-run comparison of two desks under the ingest load: for each jar in turn (alternating, ROUNDS times),
# start it on a fresh embedded PostgreSQL, load it with 32 connections of new messages for WARMUP seconds
# (not measured), then measure 30 s: messages per second, and the CPU time the desk's JVM and its PostgreSQL
# processes spent per stored message. CPU per message is the steadier figure on a shared two-core machine:
# it barely moves when another process takes a share of the cores, where messages per second does. WAL bytes
# and full page images per message (pg_stat_wal) hardly depend on the load of the machine.
# Messages per commit counts every transaction of the database (ingest batches, analysis, jobs): a relative
# figure for how well requests are grouped. To try a database change without a new jar, PRE_SQL runs once as
# the superuser after start (e.g. dropping an index); DATASET=n first writes n conversations of history with
# scripts/dataset.sql (a few minutes for a million), so the load meets a desk that is already large; JAVA_OPTS go to
# every desk's JVM, JAVA names the java to run.
# Needs wrk. Usage: [WARMUP=120] [ROUNDS=1] [SCRIPT=ingest|form] [PRE_SQL=...] [DATASET=n] [JAVA_OPTS=...] [JAVA=...]
#                   scripts/ingest-ab.sh old.jar new.jar
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
[ $# -ge 1 ] || { echo "usage: scripts/ingest-ab.sh JAR [JAR ...]"; exit 2; }
port=${PORT:-8096}
dbport=${DB_PORT:-55436}
hz=$(getconf CLK_TCK)
. scripts/bench-desk.sh

measure() { # $1 = jar
  local work server key c0 c1 t0 t1 j0 j1 w0 w1 f0 f1 rate
  work=$(mktemp -d)
  cp "$1" "$work/mokadesk.jar"
  start_desk
  [ -z "${PRE_SQL:-}" ] || psql -h localhost -p $dbport -U postgres -qc "$PRE_SQL"
  write_history
  key=""
  if [ "${SCRIPT:-ingest}" = form ]; then
    key=$(curl -fs -X POST "http://localhost:$port/api/v1/channels" -H "Authorization: Bearer bench-token" \
      -H "Content-Type: application/json" -d '{"type":"form","name":"Benchmark"}' | sed -E 's/.*"formKey":"([^"]+)".*/\1/')
  fi
  count() { psql -h localhost -p $dbport -U postgres -Atc "select count(*) from message"; }
  # WAL written, full page images (whole pages rewritten after a checkpoint) and commits so far
  counters() { psql -h localhost -p $dbport -U postgres -Atc \
    "select wal_bytes || ' ' || wal_fpi || ' ' || (select sum(xact_commit) from pg_stat_database) from pg_stat_wal"; }
  FORM_KEY=$key TOKEN=bench-token wrk -t1 -c32 -d${WARMUP:-120}s -s scripts/${SCRIPT:-ingest}.lua \
    "http://localhost:$port" > /dev/null
  sleep 2
  c0=$(count); t0=$(desk_ticks); j0=$(awk '{print $14+$15}' /proc/$server/stat); read -r w0 f0 x0 <<< "$(counters)"
  rate=$(FORM_KEY=$key TOKEN=bench-token wrk -t1 -c32 -d30s -s scripts/${SCRIPT:-ingest}.lua \
    "http://localhost:$port" | awk '/Requests\/sec/ {print $2}')
  sleep 3 # the analysis behind the last messages belongs to their cost
  c1=$(count); t1=$(desk_ticks); j1=$(awk '{print $14+$15}' /proc/$server/stat); read -r w1 f1 x1 <<< "$(counters)"
  python3 -c "
n = max(1, $c1 - $c0); cpu = ($t1 - $t0) / $hz
print(f'$(basename "$1"): {float(\"$rate\"):.0f} requests/s; {n} messages stored; '
      f'{cpu * 1000 / n:.3f} ms CPU per message (JVM {($j1 - $j0) / max(1, $t1 - $t0):.0%}); '
      f'WAL {($w1 - $w0) / n / 1000:.1f} kB and {($f1 - $f0) / n:.2f} full page images per message; '
      f'{n / max(1, $x1 - $x0):.1f} messages per commit; load $(cut -d' ' -f1 /proc/loadavg)')"
  kill $server
  wait $server 2>/dev/null || true
  rm -rf "$work"
}

for _ in $(seq 1 "${ROUNDS:-1}"); do
  for jar in "$@"; do measure "$jar"; done
done
