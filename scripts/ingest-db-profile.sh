#!/usr/bin/env bash
# Where the database's half of an ingest message goes. Starts the jar on a fresh embedded PostgreSQL with
# pg_stat_statements loaded (a first start writes the setting, a second start uses it), loads it with 32
# connections of new messages for WARMUP seconds, then measures 30 s and prints, per stored message:
#   - CPU of each kind of PostgreSQL process (backends, WAL writer, checkpointer, autovacuum, ...),
#   - statement time, planning time, plans, calls and rows of the statements that took most time
#     (pg_stat_statements; a statement planned about as often as it is called gets no cached plan),
#   - WAL records by kind and size (pg_walinspect),
#   - rows inserted and updated per table.
# Needs wrk. Usage: [WARMUP=45] [DATASET=n] [JAVA=java] [JAVA_OPTS=...] scripts/ingest-db-profile.sh [JAR]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
jar=${1:-target/mokadesk.jar}
port=${PORT:-8097}
dbport=${DB_PORT:-55437}
hz=$(getconf CLK_TCK)
. scripts/bench-desk.sh
desk_work "$jar"

q() { psql -h localhost -p $dbport -U postgres -d postgres -P pager=off "$@"; }
# utime + stime (clock ticks) and title of every process of this desk's PostgreSQL server
processes() {
  local postmaster p
  postmaster=$(head -1 "$work/postgres/postmaster.pid")
  for p in $(pgrep -P "$postmaster"); do
    [ -r /proc/$p/stat ] && echo "$p $(awk '{print $14+$15}' /proc/$p/stat) $(tr '\0' ' ' < /proc/$p/cmdline)"
  done
  return 0 # a process that ended between pgrep and the read is simply not counted
}

start_desk
q -qc "alter system set shared_preload_libraries = 'pg_stat_statements'" -c "alter system set pg_stat_statements.track = 'all'" -c "alter system set pg_stat_statements.track_planning = on"
kill $server; wait $server 2>/dev/null || true
start_desk
q -qc "create extension if not exists pg_stat_statements" -c "create extension if not exists pg_walinspect"
write_history   # DATASET=n: n conversations of history before the load
TOKEN=bench-token wrk -t1 -c32 -d${WARMUP:-45}s -s scripts/ingest.lua "http://localhost:$port" > /dev/null

lsn0=$(q -Atc "select pg_current_wal_lsn()")
q -qAtc "select pg_stat_statements_reset()" > /dev/null
q -Atc "select relname, n_tup_ins, n_tup_upd from pg_stat_user_tables" > "$work/tables0"
processes > "$work/processes0"
c0=$(q -Atc "select count(*) from message")
TOKEN=bench-token wrk -t1 -c32 -d30s -s scripts/ingest.lua "http://localhost:$port" | grep 'Requests/sec'
sleep 3 # the analysis behind the last messages belongs to their cost
c1=$(q -Atc "select count(*) from message")
processes > "$work/processes1"
q -Atc "select relname, n_tup_ins, n_tup_upd from pg_stat_user_tables" > "$work/tables1"
lsn1=$(q -Atc "select pg_current_wal_lsn()")
n=$((c1 - c0))
echo "$n messages stored"

echo "-- PostgreSQL CPU per message, by process"
python3 - "$work/processes0" "$work/processes1" "$n" "$hz" <<'EOF'
import collections, re, sys
before = {l.split()[0]: int(l.split()[1]) for l in open(sys.argv[1])}
n, hz = int(sys.argv[3]), int(sys.argv[4])
cpu = collections.Counter()
for line in open(sys.argv[2]):
    pid, ticks, title = line.split(' ', 2)
    # "postgres: checkpointer", "postgres: postgres mokadesk 127.0.0.1(40000) idle": connections are backends
    kind = 'backends' if re.search(r'\d+\.\d+\.\d+\.\d+\(\d+\)|\[local\]', title) else title.split(':', 1)[-1].strip()
    cpu[kind] += int(ticks) - before.get(pid, 0)
for kind, ticks in cpu.most_common():
    print(f'{ticks / hz / n * 1e6:8.1f} µs  {kind}')
EOF

echo "-- statements: time per message (µs), planning time per message (µs), plans, calls, rows"
q -c "select round((total_exec_time / $n * 1000)::numeric, 1) as us_per_message,
             round((total_plan_time / $n * 1000)::numeric, 1) as plan_us_per_message, plans, calls, rows,
             left(regexp_replace(query, '\s+', ' ', 'g'), 110) as statement
        from pg_stat_statements order by total_exec_time + total_plan_time desc limit 30"
echo "-- WAL per message, by record kind"
q -c "select \"resource_manager/record_type\" as record, round(count::numeric / $n, 2) as per_message,
             round(combined_size::numeric / $n) as bytes_per_message
        from pg_get_wal_stats('$lsn0', '$lsn1', true) order by combined_size desc limit 12"
echo "-- rows per message, by table"
python3 - "$work/tables0" "$work/tables1" "$n" <<'EOF'
import sys
before = {l.split('|')[0]: l.strip().split('|')[1:] for l in open(sys.argv[1])}
n = int(sys.argv[3])
for line in open(sys.argv[2]):
    table, ins, upd = line.strip().split('|')
    i0, u0 = map(int, before.get(table, ['0', '0']))
    if int(ins) - i0 or int(upd) - u0:
        print(f'{(int(ins) - i0) / n:6.2f} inserted {(int(upd) - u0) / n:6.2f} updated  {table}')
EOF
