#!/usr/bin/env bash
# Starts the desk on a fresh embedded PostgreSQL and measures it from this machine (loopback only):
#  1. PostgreSQL alone: single-row autocommit inserts (the baseline), same database, same run
#  2. ingest throughput with wrk (scripts/ingest.lua: every message a new conversation), after a warm-up
#  3. ingest latency at about 500 messages/s (wrk with paced connections, scripts/ingest-paced.lua)
#  4. inbox list and search latency with the conversations created above (≥ 100,000), and the agent's
#     workspace as a signed-in browser asks for it (switching conversations, list pane, views column)
# INGEST_ONLY=1 measures only 1-3; INBOX_ONLY=1 only the inbox and search.
# DATASET=1000000 instead writes that many conversations with bulk SQL (scripts/dataset.sql, several
# workspaces, Finnish and English texts), records the data set's size on disk, and measures the inbox
# first pages and the search queries (common, rare, absent, inflected, two and three words; REPEAT=100
# requests each), then the previous search query on the same data as the baseline (OLD_REPEAT=3 each).
# STARTUP=1 instead measures start-up: the first start on an empty data directory (initdb, migrations),
# a restart on the same data, and the first minutes after that restart at about 500 messages/s (150 s of
# paced load: the rate of every 5 s against the desk's own warm rate at 90-150 s, and when it reaches full
# speed; NO_FIRST_MINUTE=1 skips them), once with `java -jar` and once with scripts/run.sh (class-data
# archive; JAVA picks the JDK; STARTUP_PORT, default 18437; STARTUP_DB_PORT, default 55438).
# Needs wrk (Debian: apt-get install wrk) except with DATASET. Usage: scripts/benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${DATASET:-}" ] || command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
./mvnw -q -B -ntp package -DskipTests -Dspotless.check.skip=true
if [ -n "${STARTUP:-}" ]; then
  port=${STARTUP_PORT:-18437}
  dbport=${STARTUP_DB_PORT:-55438}
  ! curl -s -o /dev/null "http://localhost:$port" || { echo "port $port is taken: STARTUP_PORT=..."; exit 1; }
  JAVA=${JAVA:-$(command -v java)}
  # one desk at a time: start, time until /actuator/health answers, optionally load it, stop
  timed_start() {   # label data-dir first-minute(yes/no) command...
    local label=$1 dir=$2 load=$3; shift 3
    local t0 t1 pid
    t0=$(date +%s%N)
    MOKADESK_DATA_DIR="$dir" MOKADESK_DB_PORT=$dbport MOKADESK_DEMO=false MOKADESK_BOOTSTRAP_TOKEN=bench-token \
      MOKADESK_ADMIN_PASSWORD=bench-password PORT=$port "$@" > "$dir.log" 2>&1 &
    pid=$!
    until curl -fs "http://localhost:$port/actuator/health" >/dev/null 2>&1; do
      kill -0 $pid 2>/dev/null || { echo "$label: the desk did not start, see $dir.log"; return 1; }
      sleep 0.1
    done
    t1=$(date +%s%N)
    echo "$label: ready after $(( (t1 - t0) / 1000000 )) ms (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    if [ "$load" = yes ] && [ -z "${NO_FIRST_MINUTE:-}" ]; then
      # One paced load of 150 s from the moment the desk answers; the messages' commit times then give the
      # rate of every 5 s, compared with the same desk's own rate once warm (90-150 s after ready).
      TOKEN=bench-token wrk -t1 -c13 -d150s -s scripts/ingest-paced.lua "http://localhost:$port" > /dev/null
      psql -h localhost -p $dbport -U postgres -At -v ready="$t1" <<'SQL'
with m as (select floor((extract(epoch from created_at) - :ready / 1e9) / 5)::int as slot
           from message where kind = 'inbound'),
     per as (select slot, count(*) / 5.0 as rate from m where slot between 0 and 29 group by slot),
     warm as (select avg(rate) as rate from per where slot >= 18),
     -- every 10 s window (two 5 s in a row) up to 90 s, as a share of the warm rate
     pairs as (select a.slot, (a.rate + b.rate) / 2 / warm.rate as share
               from per a join per b on b.slot = a.slot + 1, warm where a.slot < 17),
     -- "from s seconds": no 10 s window starting at s or later (up to 90 s) falls below the share
     reached as (select share_needed, coalesce(max(slot) + 1, 0) * 5 as from_s
                 from (values (0.90), (0.95)) v(share_needed) left join pairs on share < share_needed
                 group by share_needed)
select '  0-30 s after ready: ' || round((select sum(rate) from per where slot < 6) / 6) || ' messages/s; 30-60 s: '
       || round((select sum(rate) from per where slot between 6 and 11) / 6) || ' messages/s; warm (90-150 s): '
       || round(warm.rate) || ' messages/s' || E'\n  every 5 s from ready, share of the warm rate: '
       || (select string_agg(round(100 * rate / warm.rate) || ' %', ' ' order by slot) from per where slot < 18)
       || E'\n  every 10 s from then on up to 90 s at 90 % of warm or more from '
       || (select from_s from reached where share_needed = 0.90) || ' s after ready, at 95 % or more from '
       || (select from_s from reached where share_needed = 0.95) || ' s'
from warm;
SQL
    fi
    kill $pid; wait $pid 2>/dev/null || true
  }
  cp target/mokadesk.jar target/startup.jar
  for variant in plain archive; do
    dir=$(mktemp -d)
    if [ $variant = plain ]; then cmd=("$JAVA" -Xms1g -Xmx1g -jar target/startup.jar)
    else JAVA=$JAVA scripts/run.sh --help >/dev/null; cmd=(env JAVA="$JAVA" JAVA_OPTS="-Xms1g -Xmx1g" scripts/run.sh); fi
    timed_start "$variant first start (empty data directory)" "$dir" no "${cmd[@]}"
    timed_start "$variant restart (existing data)" "$dir" yes "${cmd[@]}"
    rm -rf "$dir" "$dir.log"
  done
  exit 0
fi
./mvnw -q -B -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
work=$(mktemp -d)
cp target/mokadesk.jar "$work/mokadesk.jar"   # never run a jar that a later build may overwrite
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
gen() {
  java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" fi.mokadesk.bench.LoadBenchmark \
    --url "http://localhost:$port" --token bench-token --jdbc "jdbc:postgresql://localhost:$dbport/postgres" "$@"
}
if [ -n "${DATASET:-}" ]; then
  echo "machine: $(nproc) cores, $(uptime)"
  started=$(date +%s)
  psql -h localhost -p $dbport -U postgres -q -v conversations="$DATASET" -f scripts/dataset.sql
  echo "data set written in $(( $(date +%s) - started )) s (bulk SQL, indexes built at the end, vacuum and analyze)"
  psql -h localhost -p $dbport -U postgres -Atc "select 'conversations ' || (select count(*) from conversation)
      || ', messages ' || (select count(*) from message) || ', workspaces ' || (select count(*) from workspace)
      || '; pg_database_size ' || pg_size_pretty(pg_database_size(current_database()))
      || ' (conversation ' || pg_size_pretty(pg_total_relation_size('conversation'))
      || ' of which search index ' || pg_size_pretty(pg_relation_size('conversation_search'))
      || ', message ' || pg_size_pretty(pg_total_relation_size('message')) || ')'"
  echo "data directory on disk: $(du -sh "$work/postgres" | cut -f1)"
  echo "load before the search figures: $(uptime)"
  gen --phases search --repeat "${REPEAT:-100}"
  echo "load after the search figures: $(uptime)"
  gen --phases oldsearch --oldRepeat "${OLD_REPEAT:-3}"
  echo "load after the baseline: $(uptime)"
  exit 0
fi
if [ -z "${INBOX_ONLY:-}" ]; then   # INBOX_ONLY=1 measures only the inbox and search
gen --phases baseline
echo "warm-up: 90 s at about 500 messages/s (JIT, caches), not measured"
TOKEN=bench-token wrk -t1 -c13 -d90s -s scripts/ingest-paced.lua "http://localhost:$port" | grep -E "Requests/sec"
echo "steady ingest: wrk, 13 connections pausing 20 ms between requests (about 500 messages/s), 30 s"
TOKEN=bench-token wrk -t1 -c13 -d30s -s scripts/ingest-paced.lua --latency "http://localhost:$port" | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
fi
echo "ingest throughput: wrk, 32 connections, 30 s"
TOKEN=bench-token wrk -t1 -c32 -d30s -s scripts/ingest.lua --latency "http://localhost:$port" | grep -E "Requests/sec|50%|90%|99%|Non-2xx"
if [ -n "${INGEST_ONLY:-}" ]; then   # INGEST_ONLY=1 stops after the ingest figures
  sleep 20
  echo "analysis backlog 20 s after the load: $(psql -h localhost -p $dbport -U postgres -Atc "select (select count(*) from message) - (select count(*) from message_analysis)") messages not yet analysed"
  exit 0
fi
count() { psql -h localhost -p $dbport -U postgres -Atc 'select count(*) from conversation'; }
while [ "$(count)" -lt 100000 ]; do
  echo "filling: $(count) conversations so far"
  TOKEN=bench-token wrk -t1 -c32 -d20s -s scripts/ingest.lua "http://localhost:$port" | grep -E "Requests/sec"
done
echo "pause: 60 s for the analysis of the burst above to finish"
sleep 60
echo "conversations in the database: $(count)"
gen --phases inbox,workspace
