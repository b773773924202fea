#!/usr/bin/env bash
# Start-up of the bridge (sandbox off, pointed at the fakes in their own process, which hold no records so the bridge
# stays idle): wall clock from launch to Camel's "started in" line (all routes started), Camel's own "started in"
# figure, launch to the console's "Console (Hawtio) at" line, and resident memory (ps -o rss) after IDLE seconds;
# RUNS launches without the console and RUNS with it (BRIDGE_CONSOLE_ENABLED, port 0), then the medians. Also the
# CPU time the JVM had used when routes were started (user + system, all threads: less sensitive than the wall clock
# to other work on the machine) and the classes loaded by then (jstat -class).
# Usage: bench/startup.sh [runs] [idle-seconds]   (default 5 and 30; after `mvn -q package -DskipTests`)
#        BRIDGE_JAVA_OPTS adds JVM options to the bridge (e.g. -XX:SharedArchiveFile=app.jsa, -XX:TieredStopAtLevel=1);
#        CONSOLE_MODES (default "false true") picks the runs: without the console, with it, or both.
#        RESTART=1 runs every launch in the same folder: from the second on, the state database exists (a restart).
set -euo pipefail
source "$(dirname "$0")/fakes.sh"
runs=${1:-5}
idle=${2:-30}
work=$(mktemp -d)
trap 'stop_started; rm -rf "$work"' EXIT
export BRIDGE_SANDBOX_WOLKVOX_HISTORY_RECORDS=0 BRIDGE_SANDBOX_WOLKVOX_RECORDS_PER_MINUTE=0
start_fakes "$work/fakes"
fakes_pid=$FAKES_PID

ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-8s %-4s %-20s %-14s %-10s %-8s %-14s %-10s\n' console run launch_to_started_ms camel_started cpu_s classes \
  console_up_ms rss_idle
modes=${CONSOLE_MODES:-false true}
for console in $modes; do
  : > "$work/wall-$console"; : > "$work/rss-$console"; : > "$work/cpu-$console"; : > "$work/camel-$console"; : > "$work/console-$console"
  for run in $(seq 1 "$runs"); do
    dir="$work/$console-$run"
    # RESTART=1: every run in the same folder, so runs after the first open an existing state database (a restart)
    [ -n "${RESTART:-}" ] && dir="$work/$console-restart"
    BRIDGE_ENV="BRIDGE_CONSOLE_ENABLED=$console BRIDGE_CONSOLE_PORT=0 BRIDGE_CONSOLE_USERS_FILE=$dir/users.properties"
    t0=$(ms)
    # shellcheck disable=SC2086
    start_bridge "$dir" ${BRIDGE_JAVA_OPTS:-} -jar "$BENCH_JAR"
    started="" up="-"
    until [ -n "$started" ] && { [ "$console" = false ] || [ "$up" != "-" ]; }; do
      kill -0 "$BRIDGE_PID" 2>/dev/null || { echo "the bridge stopped:" >&2; tail -30 "$dir/bridge.log" >&2; exit 1; }
      if [ -z "$started" ] && grep -q "playvox-bridge) started in" "$dir/bridge.log" 2>/dev/null; then
        started=$(( $(ms) - t0 ))
        cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$BRIDGE_PID/stat")
        classes=$(jstat -class "$BRIDGE_PID" 2>/dev/null | awk 'NR == 2 { print $1 }')
      fi
      if [ "$up" = "-" ] && grep -q "Console (Hawtio) at" "$dir/bridge.log" 2>/dev/null; then up=$(( $(ms) - t0 )); fi
      [ $(( $(ms) - t0 )) -lt 300000 ] || { echo "not started after 300 s" >&2; exit 1; }
      sleep 0.05
    done
    camel=$(grep -oE "playvox-bridge\) started in [0-9ms]+" "$dir/bridge.log" | head -n 1 | sed 's/.*started in //')
    sleep "$idle"
    rss=$(( $(ps -o rss= -p "$BRIDGE_PID" | tr -d ' ') / 1024 ))
    printf '%-8s %-4s %-20s %-14s %-10s %-8s %-14s %-10s\n' "$console" "$run" "$started" "$camel" "$cpu" "${classes:--}" \
      "$up" "$rss MB"
    echo "$started" >> "$work/wall-$console"
    echo "$rss" >> "$work/rss-$console"
    echo "$cpu" >> "$work/cpu-$console"
    sed -E 's/^([0-9]+)m([0-9]+)s/\1*60000+\2s/; s/([0-9]+)s([0-9]+)ms$/\1*1000+\2/; s/([0-9]+)ms$/\1/; s/([0-9]+)s$/\1*1000/' \
      <<<"$camel" | bc >> "$work/camel-$console"
    [ "$up" != "-" ] && echo "$up" >> "$work/console-$console"
    [ -n "${BENCH_KEEP:-}" ] && cp "$dir/bridge.log" "$BENCH_KEEP/startup-$console-$run.log"
    kill "$BRIDGE_PID"; wait "$BRIDGE_PID" 2>/dev/null || true
    BRIDGE_PID=""
  done
done
for console in $modes; do
  c_up=$( [ -s "$work/console-$console" ] && median < "$work/console-$console" || echo "-")
  echo "median, console $console: launch to routes started $(median < "$work/wall-$console") ms," \
    "Camel started in $(median < "$work/camel-$console") ms, CPU $(median < "$work/cpu-$console") s," \
    "console up $c_up ms, RSS after ${idle} s idle" \
    "$(median < "$work/rss-$console") MB"
done
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -n 1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
