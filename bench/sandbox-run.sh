#!/usr/bin/env bash
# Whole-process measurement on the built-in sandbox: start-up time, records per second through the pipeline
# (fetch -> translate -> aggregate -> bulk POST -> job -> comments -> commit), and resident memory.
# Usage: [JAVA_OPTS=...] bench/sandbox-run.sh [records]   (default 5000; after `mvn -q package -DskipTests`)
set -euo pipefail
records=${1:-5000}
root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/target/playvox-bridge.jar"
[ -f "$jar" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 1; }
work=$(mktemp -d)
pid=""
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi; cd /; rm -rf "$work"' EXIT
cd "$work"

export BRIDGE_SANDBOX_ENABLED=true
export BRIDGE_SANDBOX_WOLKVOX_PORT=0 BRIDGE_SANDBOX_PLAYVOX_PORT=0
export BRIDGE_SANDBOX_WOLKVOX_HISTORY_RECORDS=$records
export BRIDGE_SANDBOX_WOLKVOX_RECORDS_PER_MINUTE=0
export BRIDGE_SANDBOX_WOLKVOX_UNMAPPED_AGENT_RATE=0
export BRIDGE_SANDBOX_WOLKVOX_LATE_RATE=0
export BRIDGE_SANDBOX_PLAYVOX_JOB_DURATION=100
export BRIDGE_SANDBOX_PLAYVOX_REQUESTS_PER_MINUTE=1000000
export PLAYVOX_JOB_POLL_INTERVAL=50 PLAYVOX_JOB_MAX_POLL_INTERVAL=200

t0=$(date +%s%N)
java ${JAVA_OPTS:-} -jar "$jar" > run.log 2>&1 &
pid=$!
started=""
for _ in $(seq 1 1200); do
  if [ -z "$started" ] && grep -q "playvox-bridge) started in" run.log; then started=$(date +%s%N); fi
  if grep -q "wolkvox-chat window \[" run.log; then break; fi
  kill -0 "$pid" 2>/dev/null || { echo "the application stopped:"; tail -20 run.log; exit 1; }
  sleep 0.1
done
line=$(grep "wolkvox-chat window \[" run.log | head -n 1)
rss_kb=$(ps -o rss= -p "$pid" | tr -d ' ')
fetched=$(sed -E 's/.*fetched ([0-9]+).*/\1/' <<<"$line")
delivered=$(sed -E 's/.*, delivered ([0-9]+),.*/\1/' <<<"$line")
took=$(sed -E 's/.*took ([0-9]+) ms.*/\1/' <<<"$line")
camel_start=$(grep -o "started in [0-9.]*m\?s" run.log | head -n 1)
echo "$line" | sed -E 's/^.* - //'
echo "records fetched:        $fetched"
echo "records delivered:      $delivered (with their comments)"
echo "window took:            $took ms"
awk -v n="$delivered" -v ms="$took" 'BEGIN { printf "throughput:             %.0f records/s\n", n * 1000 / ms }'
awk -v a="$t0" -v b="$started" 'BEGIN { printf "launch to routes started: %.2f s (Camel: %s)\n", (b - a) / 1e9, "'"$camel_start"'" }'
awk -v kb="$rss_kb" 'BEGIN { printf "resident memory:        %.0f MB (after the window)\n", kb / 1024 }'
