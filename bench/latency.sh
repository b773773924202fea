#!/usr/bin/env bash
# Latency from a record appearing at the source to its bulk job confirmed in Playvox, at the bridge's default
# settings (cron every 5 minutes, batch timeout 5 s, job poll 0.5 s doubling, 100 requests/min): the fakes in their
# own process produce chat_4 records steadily (no history, none late, none unmapped); the bridge (sandbox off) runs
# MINUTES; then per delivered record: its date_creation (when the fake first lists it) -> stored_at (when the fake
# Playvox's job ended and stored it). Prints p50/p95/max and records the last poll should have caught but did not.
# Usage: bench/latency.sh [minutes] [records-per-minute]   (default 16 and 6; after `mvn -q package -DskipTests`)
set -euo pipefail
source "$(dirname "$0")/fakes.sh"
minutes=${1:-16}
rpm=${2:-6}
work=$(mktemp -d)
trap 'stop_started; rm -rf "$work"' EXIT

export BRIDGE_SANDBOX_WOLKVOX_HISTORY_RECORDS=0 BRIDGE_SANDBOX_WOLKVOX_RECORDS_PER_MINUTE=$rpm \
  BRIDGE_SANDBOX_WOLKVOX_UNMAPPED_AGENT_RATE=0 BRIDGE_SANDBOX_WOLKVOX_LATE_RATE=0
start_fakes "$work"
BRIDGE_ENV=""
start_bridge "$work" -jar "$BENCH_JAR"
end=$(( $(date +%s) + minutes * 60 ))
while [ "$(date +%s)" -lt "$end" ]; do
  kill -0 "$BRIDGE_PID" 2>/dev/null || { echo "the bridge stopped:" >&2; tail -30 "$work/bridge.log" >&2; exit 1; }
  sleep 5
done
grep "wolkvox-chat window \[" "$work/bridge.log" | sed -E 's/^([0-9:.]+) .* - /\1 /'
last=$(grep "wolkvox-chat window \[" "$work/bridge.log" | tail -n 1 | sed -E 's/.*window \[[^,]*, ([^)]*)\).*/\1/')
last_end=$(tr -d ' :-' <<<"$last")
first_ini=$(TZ=America/Bogota date -d "-$((minutes + 2)) minutes" +%Y%m%d%H%M%S)
listed=$(curl -s -H "wolkvox-token: $WOLKVOX_TOKEN" \
  "$WOLKVOX_URL/reports_manager.php?api=chat_4&date_ini=$first_ini&date_end=$last_end" | jq '.data | length')
curl -s "$PLAYVOX_ORIGIN/sandbox/interactions?integration=wolkvox-chat" > "$work/interactions.json"
[ -n "${BENCH_KEEP:-}" ] && cp -r "$work" "$BENCH_KEEP/latency"
python3 - "$work/interactions.json" "$listed" <<'PY'
import json, sys
from datetime import datetime
items = json.load(open(sys.argv[1]))
lat = sorted((datetime.fromisoformat(i["stored_at"].replace("Z", "+00:00"))
              - datetime.fromisoformat(i["metadata"]["date_creation"])).total_seconds() for i in items)
def pct(p):
    return lat[min(len(lat) - 1, max(0, round(p / 100 * len(lat) + 0.5) - 1))]
print(f"records listed by the fake up to the last window's end: {sys.argv[2]}; confirmed in Playvox: {len(items)}")
if lat:
    print(f"latency (date_creation -> job stored it): p50 {pct(50):.1f} s, p95 {pct(95):.1f} s, "
          f"max {lat[-1]:.1f} s, min {lat[0]:.1f} s")
PY
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -n 1); bridge at default settings (cron 0 0/5 * * * ?)"
