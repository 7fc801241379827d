# Sourced by the ingest measurement scripts (ingest-ab.sh, ingest-db-ab.sh, ingest-db-profile.sh), not run on
# its own.
# start_desk: starts the desk of $work/mokadesk.jar on the data directory $work (its own embedded PostgreSQL
# on $dbport, HTTP on $port, API token bench-token, no demo data, form submissions unthrottled), with
# ${JAVA:-java} and $JAVA_OPTS; sets $server to its process id and returns once it answers. A desk that does
# not answer within three minutes is an error (its log: $work/server.log).
start_desk() {
  MOKADESK_DATA_DIR="$work" MOKADESK_DB_PORT=$dbport MOKADESK_DEMO=false MOKADESK_BOOTSTRAP_TOKEN=bench-token \
    MOKADESK_ADMIN_PASSWORD=bench-password MOKADESK_FORM_SUBMISSIONS_PER_MINUTE=100000000 PORT=$port \
    "${JAVA:-java}" -Xms1g -Xmx1g ${JAVA_OPTS:-} -jar "$work/mokadesk.jar" > "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 180); do
    curl -fs "http://localhost:$port/actuator/health" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "the desk did not start, see $work/server.log" >&2
  return 1
}

# desk_work JAR: a fresh temporary directory $work with a copy of JAR in it, for a script that runs one desk;
# when the script exits, the desk ($server, once started) is stopped and the directory removed.
desk_work() {
  work=$(mktemp -d)
  cp "$1" "$work/mokadesk.jar"
  server=""
  trap '[ -n "$server" ] && kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
}

# write_history: when DATASET is set, writes that many conversations of history into the desk's database
# (scripts/dataset.sql, a few minutes for a million), so the load that follows meets a desk that is already large.
write_history() {
  [ -z "${DATASET:-}" ] || psql -h localhost -p $dbport -U postgres -q -v conversations="$DATASET" \
    -f scripts/dataset.sql > /dev/null
}

# desk_ticks: CPU time (utime + stime, clock ticks) used so far by the desk's JVM ($server) and every process of
# its PostgreSQL server (the data directory $work).
desk_ticks() {
  local t=0 p postmaster
  postmaster=$(head -1 "$work/postgres/postmaster.pid")
  for p in $server $postmaster $(pgrep -P "$postmaster"); do
    [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $14+$15}' /proc/$p/stat)))
  done
  echo $t
}
