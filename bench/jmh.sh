#!/usr/bin/env bash
# JMH micro-benchmarks of hot paths (src/test/java/io/playvoxbridge/bench/*Benchmark.java): chat_4 translation,
# the envelope's streaming read of a 1,000-record answer, the bulk body of 100 interactions, the batch aggregation.
# Usage: bench/jmh.sh [regex] [JMH options...]   e.g. bench/jmh.sh Translation   or   bench/jmh.sh . -f 2 -i 10
# Short defaults (about 20 s per benchmark): 1 fork, 2 warm-up iterations of 2 s, 3 measured iterations of 2 s
# (-f 1 -wi 2 -w 2s -i 3 -r 2s); options after the regex are added after them, so they override.
# JMH_SKIP_COMPILE=1 skips `mvn -o test-compile` (when target/test-classes is fresh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
regex=${1:-.}
[ $# -gt 0 ] && shift
if [ -z "${JMH_SKIP_COMPILE:-}" ]; then
  mvn -B -q -o test-compile
fi
cp_file=target/jmh-classpath.txt
if [ ! -f "$cp_file" ] || [ pom.xml -nt "$cp_file" ]; then
  mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" > /dev/null
fi
java -cp "target/test-classes:target/classes:$(cat "$cp_file")" org.openjdk.jmh.Main "$regex" \
  -f 1 -wi 2 -w 2s -i 3 -r 2s "$@"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -n 1)"
