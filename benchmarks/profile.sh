#!/usr/bin/env bash
# JFR profiles (settings=profile) of the engine path and of the in-process pipeline, as flame graph input:
#   pipeline-synced-single, pipeline-unsynced-single   JournalBenchmarks, one agent, the durability named
#   engine-registration-1m                             DealRegistrationBenchmark (JMH) at 1M live deals
# Each gives jfr-NAME.collapsed (Java execution samples, one line per stack, "thread;root;...;leaf count":
# flamegraph.pl's input, also opened as it is by speedscope), jfr-NAME-native.collapsed (threads sampled in
# native code: a system call such as msync; another sampling period, so kept apart), jfr-NAME-top.txt
# (samples per thread, hottest methods by self and by total, native samples by caller) and jfr-NAME.txt
# (the benchmark's own output); jfr-NAME.svg too where flamegraph.pl is on the PATH.
# The gateway's profile is made by TcpLoad (perf-results/issue15-load/jfr-gateway-100k*).
#   benchmarks/profile.sh [out-dir [commands]]   (default perf-results/issue15-profile, 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-perf-results/issue15-profile}
commands=${2:-1000000}
mkdir -p "$out"
jar=benchmarks/target/benchmarks.jar
[[ -f $jar ]] || mvn -B -q -DskipTests -pl benchmarks -am package
flags="$(cat benchmarks/target/classes/settlement-jvm.flags)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

profile() # name recording
{
  java -cp "$jar" io.settlement.benchmarks.JfrProfile "$2" "$out/jfr-$1-top.txt" "$out/jfr-$1.collapsed" \
    "$out/jfr-$1-native.collapsed"
  if command -v flamegraph.pl >/dev/null; then
    flamegraph.pl --title "$1" "$out/jfr-$1.collapsed" > "$out/jfr-$1.svg"
  fi
}

for variant in synced-single unsynced-single; do
  echo "== pipeline $variant" >&2
  { uptime; java $flags -Xmx3g -XX:StartFlightRecording=settings=profile,dumponexit=true,filename="$tmp/$variant.jfr" \
      -cp "$jar" io.settlement.benchmarks.JournalBenchmarks "$commands" "$variant" 2>&1 | grep -vE "INFO|^\s+at |jfr|JFR"; uptime; } \
    > "$out/jfr-pipeline-$variant.txt"
  profile "pipeline-$variant" "$tmp/$variant.jfr"
done

echo "== engine registration at 1M live deals" >&2
{ uptime; java -jar "$jar" DealRegistrationBenchmark -p liveDeals=1048576 -wi 2 -i 3 -f 1 \
    -jvmArgsAppend "$flags -Xms2g -Xmx2g -XX:StartFlightRecording=settings=profile,dumponexit=true,filename=$tmp/engine.jfr" \
    | grep -vE "jfr|JFR"; uptime; } > "$out/jfr-engine-registration-1m.txt"
profile engine-registration-1m "$tmp/engine.jfr"
