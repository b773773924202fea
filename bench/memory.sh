#!/usr/bin/env bash
# Memory of one chat_4 window: the bridge (sandbox off, -Xmx256m) against the fakes in their own process, one window
# of N records with the sandbox generator's bodies (1-3 comments each), per N: records delivered, peak heap from the GC
# log (most used before a GC, most left after a GC), the live heap at half and at 90% of the window (a class
# histogram, which runs a full GC first), and peak resident memory (VmHWM, and ps -o rss sampled every 0.5 s).
# The bridge's Playvox limit is 60,000 requests/min: not a limit in practice, and the Throttle EIP holds one permit
# object per request of the limit (1,000,000 would be 24 MB of heap).
# Usage: bench/memory.sh [N ...]   (default 15000 30000 60000; after `mvn -q package -DskipTests`)
#        BRIDGE_JAVA_OPTS (default -Xmx256m) replaces the bridge's JVM options.
set -euo pipefail
source "$(dirname "$0")/fakes.sh"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(15000 30000 60000)
opts=${BRIDGE_JAVA_OPTS:--Xmx256m}
work=$(mktemp -d)
trap 'stop_started; rm -rf "$work"' EXIT

printf '%-8s %-9s %-10s %-9s %-18s %-18s %-10s\n' records delivered window_ms GCs max_used_before_GC max_after_GC peak_RSS
for n in "${sizes[@]}"; do
  dir="$work/$n"
  export BRIDGE_SANDBOX_WOLKVOX_HISTORY_RECORDS=$n BRIDGE_SANDBOX_WOLKVOX_RECORDS_PER_MINUTE=0 \
    BRIDGE_SANDBOX_WOLKVOX_UNMAPPED_AGENT_RATE=0 BRIDGE_SANDBOX_WOLKVOX_LATE_RATE=0 \
    BRIDGE_SANDBOX_PLAYVOX_JOB_DURATION=100
  start_fakes "$dir"
  BRIDGE_ENV="WOLKVOX_CHAT_START_AT=$(wolkvox_start_at 25) PLAYVOX_RATE_LIMIT_REQUESTS_PER_MINUTE=60000 \
PLAYVOX_JOB_POLL_INTERVAL=50 PLAYVOX_JOB_MAX_POLL_INTERVAL=200"
  # shellcheck disable=SC2086
  start_bridge "$dir" $opts -Xlog:gc:file=gc.log -jar "$BENCH_JAR"
  pid=$(bridge_java_pid)
  rss_max=0
  histogram_taken=""
  histogram_late=""
  tick=0
  for _ in $(seq 1 7200); do
    tick=$((tick + 1))
    grep -q "wolkvox-chat window \[" "$dir/bridge.log" && break
    kill -0 "$pid" 2>/dev/null || { echo "the bridge stopped:" >&2; tail -30 "$dir/bridge.log" >&2; exit 1; }
    rss=$(ps -o rss= -p "$pid" | tr -d ' ' || echo 0)
    [ "${rss:-0}" -gt "$rss_max" ] && rss_max=$rss
    if [ -z "$histogram_late" ] && [ $((tick % 4)) -eq 0 ]; then
      stored=$(fake_stats | jq -r '.interactions // 0')
      if [ -z "$histogram_taken" ] && [ "$stored" -ge $((n / 2)) ]; then
        jcmd "$pid" GC.class_histogram > "$dir/histogram.txt" 2>/dev/null || true
        histogram_taken=1
      elif [ -n "$histogram_taken" ] && [ "$stored" -ge $((n * 9 / 10)) ]; then
        jcmd "$pid" GC.class_histogram > "$dir/histogram-late.txt" 2>/dev/null || true
        histogram_late=1
      fi
    fi
    sleep 0.5
  done
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  line=$(grep "wolkvox-chat window \[" "$dir/bridge.log" | head -n 1)
  delivered=$(sed -E 's/.*, delivered ([0-9]+),.*/\1/' <<<"$line")
  took=$(sed -E 's/.*took ([0-9]+) ms.*/\1/' <<<"$line")
  read -r gcs before after < <(grep -oE '[0-9]+M->[0-9]+M' "$dir/gc.log" | tr -d M | tr '>' ' ' | tr -d '-' |
    awk '{ n++; if ($1 > b) b = $1; if ($2 > a) a = $2 } END { print n + 0, b + 0, a + 0 }')
  printf '%-8s %-9s %-10s %-9s %-18s %-18s %-10s\n' "$n" "$delivered" "$took" "$gcs" "${before} MB" "${after} MB" \
    "$(( (hwm > rss_max ? hwm : rss_max) / 1024 )) MB"
  echo "  $(sed -E 's/^.* - //' <<<"$line")"
  echo "  fake Playvox: $(fake_stats | jq -c '{interactions, comments, bulk_requests, rejected_items}')"
  if [ -n "$histogram_taken" ]; then
    echo "  live heap at half the window (jcmd GC.class_histogram, after its full GC):" \
      "$(awk '/^Total/ { printf "%.1f MB", $3 / 1048576 }' "$dir/histogram.txt"); top 6 classes by bytes:"
    sed -n '4,9p' "$dir/histogram.txt" | awk '{ printf "    %10.1f MB %9d %s\n", $3 / 1048576, $2, $4 }'
  fi
  if [ -n "$histogram_late" ]; then
    echo "  live heap at 90% of the window: $(awk '/^Total/ { printf "%.1f MB", $3 / 1048576 }' "$dir/histogram-late.txt");" \
      "top 6 classes by bytes:"
    sed -n '4,9p' "$dir/histogram-late.txt" | awk '{ printf "    %10.1f MB %9d %s\n", $3 / 1048576, $2, $4 }'
  fi
  [ -n "${BENCH_KEEP:-}" ] && cp -r "$dir" "$BENCH_KEEP/memory-$n"
  stop_started
done
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -n 1); bridge JVM options: $opts"
