#!/usr/bin/env bash
# The full exactly-once chaos run (ChaosIT long): the jar is killed with SIGKILL (every 4th round SIGTERM) at
# random moments while the fakes inject 5% 5xx and 3% 429; the result line goes to target/chaos-result.txt and
# each round's log to target/chaos/. One feed of each vendor runs (records = chat_4 records; the other feeds keep
# their sizes). CI runs the same test shortened (5 rounds, 2,000 chat_4 records).
# Usage: bench/chaos.sh [kills=20] [records=20000] [seed=1]
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-20}
records=${2:-20000}
seed=${3:-1}
mvn -B -q package -DskipTests
mvn -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ChaosIT \
    -Dchaos.kills="$kills" -Dchaos.records="$records" -Dchaos.seed="$seed" -Dchaos.final-minutes=90
cat target/chaos-result.txt
