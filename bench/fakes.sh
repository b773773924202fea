#!/usr/bin/env bash
# Shared by the bench/*.sh scripts (sourced, not run): starts the sandbox's fakes in their own process
# (`java -jar playvox-bridge.jar sandbox`, knobs from BRIDGE_SANDBOX_* in the caller's environment) and starts a
# bridge with the sandbox off pointed at them, so the bridge's heap, CPU and resident memory are its own.
# Usage: source bench/fakes.sh; start_fakes DIR; start_bridge DIR [java options...] [-- bridge args...]
# Sets: FAKES_PID, PLAYVOX_URL, PLAYVOX_UID, PLAYVOX_KEY, WOLKVOX_URL, WOLKVOX_TOKEN, PLAYVOX_ORIGIN, BRIDGE_PID.
# BENCH_JAR overrides the jar (default target/playvox-bridge.jar; copy it elsewhere to rebuild during a run).

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_JAR=${BENCH_JAR:-$bench_root/target/playvox-bridge.jar}
[ -f "$BENCH_JAR" ] || { echo "build first: mvn -q package -DskipTests" >&2; exit 1; }
FAKES_PID=""
BRIDGE_PID=""

# stops what this script started (its own process ids only)
stop_started() {
  for p in $BRIDGE_PID $FAKES_PID; do
    kill "$p" 2>/dev/null || true
  done
  for p in $BRIDGE_PID $FAKES_PID; do
    wait "$p" 2>/dev/null || true
  done
  BRIDGE_PID=""
  FAKES_PID=""
}

# start_fakes DIR: runs the fakes on free ports in DIR (log fakes.out / fakes.err) and reads their URLs and credentials
start_fakes() {
  local dir=$1
  mkdir -p "$dir"
  (cd "$dir" && exec env BRIDGE_SANDBOX_WOLKVOX_PORT=0 BRIDGE_SANDBOX_PLAYVOX_PORT=0 BRIDGE_SANDBOX_EIGHTBYEIGHT_PORT=0 \
      BRIDGE_SANDBOX_FIVE9_PORT=0 BRIDGE_SANDBOX_GLADLY_PORT=0 \
      BRIDGE_SANDBOX_EIGHTBYEIGHT_HISTORY_RECORDS=0 BRIDGE_SANDBOX_FIVE9_HISTORY_CALLS=0 \
      BRIDGE_SANDBOX_FIVE9_HISTORY_SESSIONS=0 BRIDGE_SANDBOX_GLADLY_HISTORY_CONVERSATIONS=0 \
      java ${FAKES_JAVA_OPTS:-} -jar "$BENCH_JAR" sandbox > fakes.out 2> fakes.err) &
  FAKES_PID=$!
  for _ in $(seq 1 600); do
    grep -q "Sandbox running" "$dir/fakes.out" 2>/dev/null && break
    kill -0 "$FAKES_PID" 2>/dev/null || { echo "the fakes stopped:" >&2; tail -20 "$dir/fakes.err" >&2; exit 1; }
    sleep 0.1
  done
  PLAYVOX_URL=$(sed -n 's/^Playvox: //p' "$dir/fakes.out")
  PLAYVOX_UID=$(grep -A1 '^Playvox: ' "$dir/fakes.out" | sed -n 's/.*api uid \([^,]*\), api key \(.*\)$/\1/p')
  PLAYVOX_KEY=$(grep -A1 '^Playvox: ' "$dir/fakes.out" | sed -n 's/.*api uid \([^,]*\), api key \(.*\)$/\2/p')
  WOLKVOX_URL=$(sed -n 's/^Wolkvox: //p' "$dir/fakes.out")
  WOLKVOX_TOKEN=$(grep -A1 '^Wolkvox: ' "$dir/fakes.out" | sed -n 's/.*wolkvox-token \(.*\)$/\1/p')
  PLAYVOX_ORIGIN=${PLAYVOX_URL%/api/v1}
}

# bridge_env: the environment that points a bridge (sandbox off) at the fakes, chat_4 feed only, no console,
# management server on a free port; the caller adds its own (cron, start-at, rate limit...)
bridge_env() {
  echo BRIDGE_SANDBOX_ENABLED=false \
    PLAYVOX_BASE_URL="$PLAYVOX_URL" PLAYVOX_API_UID="$PLAYVOX_UID" PLAYVOX_API_KEY="$PLAYVOX_KEY" \
    WOLKVOX_BASE_URL="$WOLKVOX_URL" WOLKVOX_TOKEN="$WOLKVOX_TOKEN" \
    BRIDGE_AGENTS_FILE=classpath:sandbox/agents.csv \
    WOLKVOX_SURVEY_ENABLED=false WOLKVOX_CONVERSATIONS_ENABLED=false \
    CAMEL_MANAGEMENT_PORT=0 BRIDGE_CONSOLE_ENABLED=false BRIDGE_CONSOLE_PORT=0
}

# start_bridge DIR ARGS...: java ARGS in DIR (log bridge.log) with bridge_env and the caller's extra environment
# (BRIDGE_ENV, space-separated NAME=value pairs)
start_bridge() {
  local dir=$1
  shift
  mkdir -p "$dir"
  # shellcheck disable=SC2046
  (cd "$dir" && exec env $(bridge_env) ${BRIDGE_ENV:-} java "$@" > bridge.log 2>&1) &
  BRIDGE_PID=$!
}

# the bridge's java process id (start_bridge's subshell execs env, which execs java: the same pid)
bridge_java_pid() {
  echo "$BRIDGE_PID"
}

# fake_stats: the fake Playvox's /sandbox/stats (JSON)
fake_stats() {
  curl -s "$PLAYVOX_ORIGIN/sandbox/stats"
}

# wolkvox_start_at HOURS: the local date-time in America/Bogota (wolkvox.time-zone) HOURS ago, ISO
wolkvox_start_at() {
  TZ=America/Bogota date -d "-$1 hours" +%Y-%m-%dT%H:%M:%S
}
