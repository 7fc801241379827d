#!/usr/bin/env bash
# Starts the desk with a class-data archive, so it starts in about half the time of `java -jar`.
#
# The first run builds the jar if needed, unpacks it to target/run/ (`java -Djarmode=tools extract`) and
# records an archive of the classes the desk loads while it starts (a training start on a throwaway data
# directory that stops as soon as the application context is ready). Later runs start from that archive.
# On JDK 25 or newer the archive is an ahead-of-time cache (-XX:AOTCache: loaded and linked classes and
# method profiles); on older JDKs a dynamic class-data-sharing archive (-XX:SharedArchiveFile).
# The archive belongs to one jar and one JDK: it is rebuilt when either changes.
#
# Usage: scripts/run.sh [desk arguments]     (configuration as for `java -jar`, MOKADESK_* variables)
#        JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java scripts/run.sh
#        JAVA_OPTS="-Xmx1g" scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-$(command -v java)}
jar=target/mokadesk.jar
run=target/run
[ -f "$jar" ] || ./mvnw -q -B package -DskipTests
version=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
stamp="$(cksum < "$jar" | cut -d' ' -f1)-$version"
if [ "$(cat "$run/stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "Preparing the fast start for this jar and Java $version (once, about a minute)..."
  rm -rf "$run"
  "$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$run" >/dev/null
  training=$(mktemp -d)
  if [ "${version%%.*}" -ge 25 ]; then archive=(-XX:AOTCacheOutput="$run/mokadesk.aot"); else archive=(-XX:ArchiveClassesAtExit="$run/mokadesk.jsa"); fi
  # A training start: its own throwaway database on a free port, no demo, stops when the context is ready.
  env -u MOKADESK_DB_PORT MOKADESK_DATA_DIR="$training" MOKADESK_DEMO=false PORT=0 \
    "$JAVA" "${archive[@]}" -Dspring.context.exit=onRefresh -jar "$run/mokadesk.jar" > "$run/training.log" 2>&1 \
    || { echo "training start failed, see $run/training.log"; rm -rf "$training"; exit 1; }
  rm -rf "$training"
  echo "$stamp" > "$run/stamp"
fi
if [ -f "$run/mokadesk.aot" ]; then archive=(-XX:AOTCache="$run/mokadesk.aot"); else archive=(-XX:SharedArchiveFile="$run/mokadesk.jsa"); fi
# shellcheck disable=SC2086
exec "$JAVA" "${archive[@]}" ${JAVA_OPTS:-} -jar "$run/mokadesk.jar" "$@"
