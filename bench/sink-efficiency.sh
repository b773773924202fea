#!/usr/bin/env bash
# Playvox sink efficiency, counted by the fake Playvox (its /sandbox/stats: requests_by_kind, requests_per_minute),
# with the fakes in their own process and the bridge (sandbox off) pointed at them.
# Usage: bench/sink-efficiency.sh requests [records] [job-duration-ms ...]   (default 3000; 600, the sandbox default)
#          one window of that many chat_4 records per job duration, bridge at its default job polling
#          (playvox.job.poll-interval 500 ms doubling to 10 s); prints requests per 1,000 interactions by kind.
#        bench/sink-efficiency.sh backfill [R] [records]   (default 300 and 350)
#          `backfill --feed wolkvox-chat` over the fake's history against a fake Playvox that accepts at most R
#          requests in any 60 s, with playvox.rate-limit.requests-per-minute = R; prints what the fake counted per
#          minute, the most in any 60 s, and the share of R.
# BENCH_BRIDGE_ENV adds NAME=value settings to the bridge (e.g. PLAYVOX_JOB_POLL_INTERVAL=1000).
# After `mvn -q package -DskipTests`.
set -euo pipefail
source "$(dirname "$0")/fakes.sh"
mode=${1:-requests}
[ $# -gt 0 ] && shift
work=$(mktemp -d)
trap 'stop_started; rm -rf "$work"' EXIT
export BRIDGE_SANDBOX_WOLKVOX_RECORDS_PER_MINUTE=0 BRIDGE_SANDBOX_WOLKVOX_UNMAPPED_AGENT_RATE=0 \
  BRIDGE_SANDBOX_WOLKVOX_LATE_RATE=0

wait_for_window() {
  local dir=$1
  for _ in $(seq 1 7200); do
    grep -q "wolkvox-chat window \[" "$dir/bridge.log" && return 0
    kill -0 "$BRIDGE_PID" 2>/dev/null || { echo "the bridge stopped:" >&2; tail -30 "$dir/bridge.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "no window line after an hour" >&2
  exit 1
}

case "$mode" in
  requests)
    records=${1:-3000}
    [ $# -gt 0 ] && shift
    durations=("$@")
    [ ${#durations[@]} -gt 0 ] || durations=(600)
    printf '%-12s %-12s %-8s %-9s %-8s %-8s %-7s %-7s %-22s\n' job_duration interactions bulk job_poll comment \
      lookup setup other "non-comment per 1,000"
    for d in "${durations[@]}"; do
      dir="$work/requests-$d"
      BRIDGE_SANDBOX_WOLKVOX_HISTORY_RECORDS=$records BRIDGE_SANDBOX_PLAYVOX_JOB_DURATION=$d start_fakes "$dir"
      BRIDGE_ENV="WOLKVOX_CHAT_START_AT=$(wolkvox_start_at 25) PLAYVOX_RATE_LIMIT_REQUESTS_PER_MINUTE=60000 \
${BENCH_BRIDGE_ENV:-}"
      start_bridge "$dir" -jar "$BENCH_JAR"
      wait_for_window "$dir"
      sleep 2
      fake_stats > "$dir/stats.json"
      jq -r --arg d "$d ms" '.interactions as $n | .requests_by_kind as $k
        | [$d, $n, $k.bulk, $k.job_poll, $k.comment, $k.lookup, $k.setup, $k.other,
           ((($k.bulk + $k.job_poll + $k.lookup + $k.setup + $k.other) * 1000 / $n * 10 | round) / 10)] | @tsv' \
        "$dir/stats.json" | awk -F'\t' '{ printf "%-12s %-12s %-8s %-9s %-8s %-8s %-7s %-7s %-22s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }'
      jq -r '.interactions as $n | .requests_by_kind | "  per 1,000 interactions: " + ([to_entries[]
        | "\(.key) \((.value * 1000 / $n * 10 | round) / 10)"] | join(", "))' "$dir/stats.json"
      [ -n "${BENCH_KEEP:-}" ] && cp -r "$dir" "$BENCH_KEEP/"
      stop_started
    done
    ;;
  backfill)
    r=${1:-300}
    records=${2:-350}
    dir="$work/backfill"
    BRIDGE_SANDBOX_WOLKVOX_HISTORY_RECORDS=$records BRIDGE_SANDBOX_PLAYVOX_ENFORCED_REQUESTS_PER_MINUTE=$r \
      start_fakes "$dir"
    from=$(wolkvox_start_at 25)
    to=$(TZ=America/Bogota date +%Y-%m-%dT%H:%M:%S)
    BRIDGE_ENV="PLAYVOX_RATE_LIMIT_REQUESTS_PER_MINUTE=$r"
    t0=$(date +%s)
    start_bridge "$dir" -jar "$BENCH_JAR" backfill --feed wolkvox-chat --from "$from" --to "$to"
    rc=0
    wait "$BRIDGE_PID" || rc=$?
    BRIDGE_PID=""
    t1=$(date +%s)
    fake_stats > "$dir/stats.json"
    [ -n "${BENCH_KEEP:-}" ] && cp -r "$dir" "$BENCH_KEEP/"
    grep "backfill window" "$dir/bridge.log" | sed -E 's/^.* - //' | tail -n 3
    echo "backfill exit code $rc, $((t1 - t0)) s from launch; limit R = $r requests/min (fake and bridge)"
    jq -r --argjson r "$r" '.requests_per_minute as $m | .requests_by_kind as $k
      | "requests by kind: \($k | to_entries | map("\(.key) \(.value)") | join(", ")); 429 answers: \(.requests_by_status["429"] // 0)",
        "per minute from the first request: \($m.by_minute | map(tostring) | join(" "))",
        "most in any 60 s: \($m.max_in_any_60s) (\(($m.max_in_any_60s * 1000 / $r | round) / 10)% of R), accepted: \($m.max_accepted_in_any_60s)",
        (if ($m.by_minute | length) > 2 then
          ($m.by_minute[1:-1]) as $full
          | "full minutes after the first (\($full | length)): mean \((($full | add) / ($full | length) * 10 | round) / 10) = \((($full | add) / ($full | length) * 1000 / $r | round) / 10)% of R, lowest \($full | min) = \((($full | min) * 1000 / $r | round) / 10)% of R"
         else "fewer than 3 minutes: no full minute between the first and the last" end)' "$dir/stats.json"
    echo "interactions $(jq .interactions "$dir/stats.json"), comments $(jq .comments "$dir/stats.json")"
    ;;
  *)
    echo "usage: bench/sink-efficiency.sh requests [records] [job-duration-ms ...] | backfill [R] [records]" >&2
    exit 2
    ;;
esac
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -n 1)"
