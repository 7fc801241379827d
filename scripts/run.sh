#!/usr/bin/env bash
# Starts the desk with a class-data archive, so it starts in about half the time of `java -jar`.
#
# The first run builds the jar if needed, unpacks it to target/run/ (`java -Djarmode=tools extract`) and
# records an archive while a training desk runs on a throwaway data directory: it starts, takes a few
# thousand customer messages through the ingest API and reads the inbox, then stops. Later runs start from
# that archive. The workload is what makes the archive worth having on JDK 25: it carries the method
# profiles of the hot paths, so the JIT compiles them early instead of after a minute of slow answers.
# On JDK 25 or newer the archive is an ahead-of-time cache (-XX:AOTCache: loaded and linked classes and
# method profiles); on older JDKs a dynamic class-data-sharing archive (-XX:SharedArchiveFile).
# The archive belongs to one jar and one JDK: it is rebuilt when either changes (a new build, another JDK).
# The jar also carries Spring's ahead-of-time bean definitions (the build's process-aot step): with
# -Dspring.aot.enabled=true the desk registers its beans from generated code instead of scanning classes and
# evaluating auto-configuration conditions at every start. Conditions are then those of the build (the
# defaults: every background job on); configuration values are read at start as usual.
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
# What the archive belongs to, found without reading the jar or starting a JVM (a checksum of the 200 MB jar and
# a JVM asked for its version took a few tenths of a second of every start): the jar's size and modification
# time, the JDK's directory and the modification time of its release file, which a JDK update rewrites.
java_home=$(dirname "$(dirname "$(readlink -f "$JAVA")")")
stamp="$(stat -c '%s-%Y' "$jar")-$java_home-$(stat -c %Y "$java_home/release" 2>/dev/null || echo none)"
if [ "$(cat "$run/stamp" 2>/dev/null)" != "$stamp" ]; then
  version=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  echo "Preparing the fast start for this jar and Java $version (once, about a minute)..."
  rm -rf "$run"
  "$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$run" >/dev/null
  aot=()
  if unzip -l "$jar" 'BOOT-INF/classes/fi/mokadesk/MokadeskApplication__ApplicationContextInitializer.class' >/dev/null 2>&1; then
    aot=(-Dspring.aot.enabled=true)
    touch "$run/spring-aot"
  fi
  training=$(mktemp -d)
  if [ "${version%%.*}" -ge 25 ]; then archive=(-XX:AOTCacheOutput="$run/mokadesk.aot"); else archive=(-XX:ArchiveClassesAtExit="$run/mokadesk.jsa"); fi
  # The training desk: its own throwaway database, a free port, no demo, a token of its own.
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  token="training-$RANDOM$RANDOM"
  env -u MOKADESK_DB_PORT MOKADESK_DATA_DIR="$training" MOKADESK_DEMO=false PORT="$port" \
    MOKADESK_BOOTSTRAP_TOKEN="$token" MOKADESK_ADMIN_PASSWORD="training-$RANDOM$RANDOM" \
    "$JAVA" "${archive[@]}" "${aot[@]}" -jar "$run/mokadesk.jar" > "$run/training.log" 2>&1 &
  desk=$!
  until curl -fs "http://localhost:$port/actuator/health" >/dev/null 2>&1; do
    kill -0 $desk 2>/dev/null || { echo "training start failed, see $run/training.log"; rm -rf "$training"; exit 1; }
    sleep 0.5
  done
  # Messages from 8 senders at once, each a new conversation, then inbox reads and searches.
  seq 1 "${TRAINING_MESSAGES:-4000}" | xargs -P 8 -I{} curl -s -o /dev/null -X POST \
    -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
    -d '{"channel":"api","externalId":"training-{}","threadKey":"t-{}","author":{"name":"Asiakas","handle":"h{}"},"text":"Hei! Paketti {} on myöhässä ja laskussa on virhe.","public":false}' \
    "http://localhost:$port/api/v1/messages"
  for path in "limit=50" "limit=50&status=open" "limit=50&q=paketti" "limit=50&q=hyvitys" "limit=50&sort=urgent"; do
    seq 1 100 | xargs -P 4 -I{} curl -s -o /dev/null -H "Authorization: Bearer $token" \
      "http://localhost:$port/api/v1/conversations?$path"
  done
  kill $desk; wait $desk 2>/dev/null || true   # the archive is written as the training desk exits
  rm -rf "$training"
  [ -f "$run/mokadesk.aot" ] || [ -f "$run/mokadesk.jsa" ] || { echo "no archive written, see $run/training.log"; exit 1; }
  echo "$stamp" > "$run/stamp"
fi
aot=()
[ -f "$run/spring-aot" ] && aot=(-Dspring.aot.enabled=true)
if [ -f "$run/mokadesk.aot" ]; then archive=(-XX:AOTCache="$run/mokadesk.aot"); else archive=(-XX:SharedArchiveFile="$run/mokadesk.jsa"); fi
# shellcheck disable=SC2086
exec "$JAVA" "${archive[@]}" "${aot[@]}" ${JAVA_OPTS:-} -jar "$run/mokadesk.jar" "$@"
