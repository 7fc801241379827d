#!/usr/bin/env bash
# Where the JVM's half of an ingest message goes, kernel time included. Starts the jar on a fresh embedded
# PostgreSQL, loads it with 32 connections of new messages for WARMUP seconds, then records 30 s with
# async-profiler (CPU samples every millisecond, Java and native frames and the kernel's, per thread; fetched
# once from Maven Central into target/async-profiler) and prints:
#   - the share of the JVM's CPU samples each kind of thread took (request threads, ingest writers, ...),
#   - for the request threads, the ingest writers and the analysis worker: the share spent in the kernel, and
#     which call entered it (socket writes, waits on the database's answer, parking and waking threads),
#   - the parts of each of those threads named in PARTS (class or method name fragments, innermost wins).
# The collapsed stacks stay in OUT (default target/ingest-jvm.collapsed) for a closer look.
# Needs wrk, jcmd (the JDK that runs the desk) and Linux on x86-64.
# Usage: [WARMUP=60] [JAVA=java] [JAVA_OPTS=...] [OUT=...] scripts/ingest-jvm-profile.sh [JAR]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
jar=${1:-target/mokadesk.jar}
out=$(realpath -m "${OUT:-target/ingest-jvm.collapsed}")
port=${PORT:-8095}
dbport=${DB_PORT:-55435}
profiler_version=4.2
lib=target/async-profiler/linux-x64/libasyncProfiler.so
if [ ! -f "$lib" ]; then
  mkdir -p target/async-profiler
  ./mvnw -B -q dependency:copy -Dartifact=tools.profiler:async-profiler:$profiler_version \
    -DoutputDirectory=target/async-profiler
  (cd target/async-profiler && unzip -q -o async-profiler-$profiler_version.jar 'linux-x64/*')
fi
lib=$(realpath "$lib")
jcmd=$(dirname "$(readlink -f "$(command -v "${JAVA:-java}")")")/jcmd
. scripts/bench-desk.sh
desk_work "$jar"

start_desk
TOKEN=bench-token wrk -t1 -c32 -d${WARMUP:-60}s -s scripts/ingest.lua "http://localhost:$port" > /dev/null
# The agent's options are one quoted argument: jcmd would read "event=cpu" as an argument of its own.
"$jcmd" $server JVMTI.agent_load "$lib" "\"start,event=cpu,interval=1ms,threads\"" > /dev/null
TOKEN=bench-token wrk -t1 -c32 -d30s -s scripts/ingest.lua "http://localhost:$port" | grep 'Requests/sec'
"$jcmd" $server JVMTI.agent_load "$lib" "\"stop,file=$out,collapsed\"" > /dev/null

python3 - "$out" "${PARTS:-ApiIngestFilter,FilterChainProxy,ServerHttpObservationFilter,IngestWriter.submit,MessageAnalyzer,fi/mokadesk/sla,AnalysisStore,tools/jackson,QueryExecutorImpl,TransactionManager.commit,getConnection,org/apache/coyote,org/apache/tomcat/util/net}" <<'EOF'
import collections, re, sys
stacks = []
for line in open(sys.argv[1]):
    frames, n = line.rstrip('\n').rsplit(' ', 1)
    frames = frames.split(';')
    stacks.append((re.sub(r'\d+', '#', re.sub(r' tid=\d+', '', frames[0]).strip('[]')), frames[1:], int(n)))
parts = sys.argv[2].split(',')
total = sum(n for _, _, n in stacks)
kinds = collections.Counter()
for thread, _, n in stacks:
    kinds[thread] += n
print(f"-- threads: share of the JVM's {total} CPU samples")
for thread, n in kinds.most_common(10):
    print(f"{n / total:6.1%}  {thread}")
for name, match in [('request threads', 'http-nio-#-exec'), ('ingest writers', 'ingest-writer'),
                    ('analysis worker', 'analysis-worker')]:
    mine = [(f, n) for t, f, n in stacks if match in t]
    count = sum(n for _, n in mine)
    if not count:
        continue
    kernel = collections.Counter()
    for frames, n in mine:
        if frames and frames[-1].endswith('_[k]'):
            entry = next((f for f in reversed(frames) if '/' in f and not f.endswith('_[k]')), '?')
            kernel[entry] += n
    print(f"-- {name}: {count / total:.1%} of the JVM's samples, {sum(kernel.values()) / count:.1%} of theirs in the kernel")
    for entry, n in kernel.most_common(5):
        print(f"{n / count:6.1%}  kernel, entered from {entry}")
    innermost = collections.Counter()
    for frames, n in mine:
        innermost[next((p for f in reversed(frames) for p in parts if p in f), '(rest)')] += n
    for part, n in innermost.most_common():
        print(f"{n / count:6.1%}  {part}")
EOF
