#!/usr/bin/env bash
# Throughput of one wolkvox-chat window, bridge vs a plain-Java baseline (src/test/java/io/playvoxbridge/bench/
# ThroughputBaseline.java), side by side against the same fakes: the sandbox runs in its own process (`sandbox`
# command: N chat_4 records of history, no new ones, no rate limit, a fast fake job), then per run the bridge jar
# (sandbox off, only wolkvox-chat, one window over the whole history) and the baseline each deliver the N records
# into a fresh state database. Both modes: with comments (today's sandbox data) and without (comment-rate 0).
# Prints records/s of each run, the medians and their ratio.
# Usage: bench/throughput.sh [records=10000] [runs=3] [modes="comments none"]   (after `mvn -q -o package -DskipTests`)
# Knobs (env): JOB_MS (fake job duration, 50), POLL_MS / MAX_POLL_MS (job poll interval for both, 50 / 200),
#   BASELINE_CONCURRENCY (batches in flight in the baseline; default: the bridge's playvox.bulk.concurrent-batches),
#   BRIDGE_JAR (another build of the bridge, e.g. an older one, to compare), JAVA_OPTS (both JVMs), BRIDGE_JAVA_OPTS
#   (the bridge only, e.g. -XX:StartFlightRecording=filename=/tmp/bridge.jfr,settings=profile to profile it).
set -euo pipefail
records=${1:-10000}
runs=${2:-3}
modes=${3:-comments none}
root=$(cd "$(dirname "$0")/.." && pwd)
jar=${BRIDGE_JAR:-$root/target/playvox-bridge.jar}
sandbox_jar="$root/target/playvox-bridge.jar"
[ -f "$sandbox_jar" ] && [ -d "$root/target/test-classes/io/playvoxbridge/bench" ] \
  || { echo "build first: mvn -q -o package -DskipTests" >&2; exit 1; }
job_ms=${JOB_MS:-50}
poll_ms=${POLL_MS:-50}
max_poll_ms=${MAX_POLL_MS:-200}
concurrency=${BASELINE_CONCURRENCY:-$(sed -n 's/^playvox\.bulk\.concurrent-batches *= *//p' "$root/application.properties")}
concurrency=${concurrency:-1}
work=$(mktemp -d)
# copies, so a rebuild during the run does not change what runs
cp "$sandbox_jar" "$work/sandbox.jar"
[ "$jar" = "$sandbox_jar" ] && jar="$work/sandbox.jar" || { cp "$jar" "$work/bridge.jar"; jar="$work/bridge.jar"; }
sandbox_jar="$work/sandbox.jar"
cp -r "$root/target/test-classes" "$work/test-classes"
sandbox_pid=""
bridge_pid=""
stop() { if [ -n "$1" ] && kill -0 "$1" 2>/dev/null; then kill "$1"; wait "$1" 2>/dev/null || true; fi; }
trap 'stop "$bridge_pid"; stop "$sandbox_pid"; cd /; rm -rf "$work"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -n 1); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "records $records, runs $runs, fake job ${job_ms} ms, job polls ${poll_ms}..${max_poll_ms} ms, baseline batches in flight $concurrency"
summary=""
for mode in $modes; do
  case "$mode" in
    comments) comment_rate=1 ;;
    none) comment_rate=0 ;;
    *) echo "unknown mode $mode (comments, none)" >&2; exit 2 ;;
  esac
  mkdir -p "$work/sandbox-$mode"
  (cd "$work/sandbox-$mode" && exec env BRIDGE_SANDBOX_WOLKVOX_PORT=0 BRIDGE_SANDBOX_PLAYVOX_PORT=0 \
      BRIDGE_SANDBOX_EIGHTBYEIGHT_PORT=0 BRIDGE_SANDBOX_FIVE9_PORT=0 BRIDGE_SANDBOX_GLADLY_PORT=0 \
      BRIDGE_SANDBOX_EIGHTBYEIGHT_HISTORY_RECORDS=0 BRIDGE_SANDBOX_FIVE9_HISTORY_CALLS=0 \
      BRIDGE_SANDBOX_FIVE9_HISTORY_SESSIONS=0 BRIDGE_SANDBOX_GLADLY_HISTORY_CONVERSATIONS=0 \
      BRIDGE_SANDBOX_WOLKVOX_HISTORY_RECORDS="$records" BRIDGE_SANDBOX_WOLKVOX_RECORDS_PER_MINUTE=0 \
      BRIDGE_SANDBOX_WOLKVOX_UNMAPPED_AGENT_RATE=0 BRIDGE_SANDBOX_WOLKVOX_LATE_RATE=0 \
      BRIDGE_SANDBOX_WOLKVOX_COMMENT_RATE="$comment_rate" BRIDGE_SANDBOX_PLAYVOX_JOB_DURATION="$job_ms" \
      java -Xmx1g -jar "$sandbox_jar" sandbox > sandbox.log 2>&1) &
  sandbox_pid=$!
  for _ in $(seq 1 300); do grep -q "Sandbox running" "$work/sandbox-$mode/sandbox.log" && break; sleep 0.2; done
  log="$work/sandbox-$mode/sandbox.log"
  grep -q "Sandbox running" "$log" || { echo "the sandbox did not start:"; tail -20 "$log"; exit 1; }
  playvox_url=$(sed -n 's/^Playvox: //p' "$log")
  playvox_uid=$(sed -n 's/.*api uid \([^,]*\), api key .*/\1/p' "$log")
  playvox_key=$(sed -n 's/.*api uid [^,]*, api key \(.*\)$/\1/p' "$log")
  wolkvox_url=$(sed -n 's/^Wolkvox: //p' "$log")
  wolkvox_token=$(sed -n 's/.*wolkvox-token \(sandbox-[^ ]*\)$/\1/p' "$log")
  from=$(TZ=America/Bogota date -d '-2 days' +%Y-%m-%dT%H:%M:%S)
  bridge_rates=""
  baseline_rates=""
  for run in $(seq 1 "$runs"); do
    # (a) the bridge: only wolkvox-chat, a poll every second, one window from two days back (the whole history)
    dir="$work/bridge-$mode-$run"
    mkdir -p "$dir"
    (cd "$dir" && exec env BRIDGE_SANDBOX_ENABLED=false CAMEL_MANAGEMENT_PORT=0 BRIDGE_CONSOLE_ENABLED=false \
        PLAYVOX_BASE_URL="$playvox_url" PLAYVOX_API_UID="$playvox_uid" PLAYVOX_API_KEY="$playvox_key" \
        WOLKVOX_BASE_URL="$wolkvox_url" WOLKVOX_TOKEN="$wolkvox_token" WOLKVOX_TIME_ZONE=America/Bogota \
        WOLKVOX_CHAT_START_AT="$from" WOLKVOX_CHAT_CRON='0/1 * * * * ?' \
        WOLKVOX_SURVEY_ENABLED=false WOLKVOX_CONVERSATIONS_ENABLED=false \
        BRIDGE_AGENTS_FILE=classpath:sandbox/agents.csv PLAYVOX_RATE_LIMIT_REQUESTS_PER_MINUTE=1000000 \
        PLAYVOX_JOB_POLL_INTERVAL="$poll_ms" PLAYVOX_JOB_MAX_POLL_INTERVAL="$max_poll_ms" \
        java ${JAVA_OPTS:-} ${BRIDGE_JAVA_OPTS:-} -jar "$jar" > run.log 2>&1) &
    bridge_pid=$!
    for _ in $(seq 1 3000); do
      grep -q "wolkvox-chat window \[" "$dir/run.log" && break
      kill -0 "$bridge_pid" 2>/dev/null || { echo "the bridge stopped:"; tail -20 "$dir/run.log"; exit 1; }
      sleep 0.1
    done
    stop "$bridge_pid"
    bridge_pid=""
    line=$(grep -m 1 "wolkvox-chat window \[" "$dir/run.log" || true)
    [ -n "$line" ] || { echo "no window line from the bridge:"; tail -20 "$dir/run.log"; exit 1; }
    delivered=$(sed -E 's/.*, delivered ([0-9]+),.*/\1/' <<<"$line")
    took=$(sed -E 's/.*took ([0-9]+) ms.*/\1/' <<<"$line")
    rate=$(awk -v n="$delivered" -v ms="$took" 'BEGIN { printf "%.0f", n * 1000 / ms }')
    echo "$mode run $run bridge:   $(sed -E 's/^.* - //' <<<"$line") -> $rate records/s"
    bridge_rates="$bridge_rates $rate"
    # (b) the baseline: the same window, its own integration and state database
    to=$(TZ=America/Bogota date -d '+1 minute' +%Y-%m-%dT%H:%M:%S)
    out=$(cd "$work" && java ${JAVA_OPTS:-} -cp "$work/test-classes:$sandbox_jar" \
        io.playvoxbridge.bench.ThroughputBaseline "$wolkvox_url" "$wolkvox_token" "$playvox_url" "$playvox_uid" \
        "$playvox_key" "$from" "$to" "jdbc:h2:file:$work/baseline-$mode-$run/state" "$concurrency" "$poll_ms" \
        "$max_poll_ms" 2>"$work/baseline-$mode-$run.err" | grep '^baseline:') \
      || { echo "the baseline failed:"; tail -20 "$work/baseline-$mode-$run.err"; exit 1; }
    rate=$(sed -E 's/.*, ([0-9]+) records\/s.*/\1/' <<<"$out")
    echo "$mode run $run baseline: $out"
    baseline_rates="$baseline_rates $rate"
  done
  stop "$sandbox_pid"
  sandbox_pid=""
  b=$(tr ' ' '\n' <<<"$bridge_rates" | grep . | median)
  p=$(tr ' ' '\n' <<<"$baseline_rates" | grep . | median)
  ratio=$(awk -v a="$b" -v c="$p" 'BEGIN { printf "%.2f", a / c }')
  summary+=$(printf '%-9s records %-7s bridge %6s rec/s  baseline %6s rec/s  ratio %s  medians of %s runs' \
      "$mode" "$records" "$b" "$p" "$ratio" "$runs")
  summary+=$'\n'
done
echo
printf '%s' "$summary"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
