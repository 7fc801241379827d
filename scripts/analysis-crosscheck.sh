#!/usr/bin/env bash
# Cross-checks the analysis' unmet goals with scikit-learn on the rows train-analysis trains on (the report
# split is never read). Needs Debian's python3-sklearn (and python3-libvoikko voikko-fi for the base-form
# row): apt-get install python3-sklearn python3-libvoikko voikko-fi. About ten minutes on two cores.
# Usage: scripts/analysis-crosscheck.sh [data dir, default ../shared/data]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
splits=$(mktemp -d)
trap 'rm -rf "$splits"' EXIT
./mvnw -q -B -ntp test-compile -Dspotless.check.skip=true
./mvnw -q -B -ntp dependency:build-classpath -Dmdep.outputFile=target/crosscheck.classpath
java -cp "target/test-classes:target/classes:$(cat target/crosscheck.classpath)" \
  fi.mokadesk.analysis.training.TrainingSplitDump "$data" "$splits"
/usr/bin/python3 scripts/analysis-crosscheck/crosscheck.py "$splits"
