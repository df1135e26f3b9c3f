#!/usr/bin/env bash
# Reproduces every figure in perf-results/ on this machine: JMH (engine, codecs, journal append,
# raw Disruptor hop), the in-process pipeline beside raw Chronicle append, replay and restart,
# over-TCP throughput and latency (in the server's JVM, and from a generator in its own JVM with
# 1/4/16 connections under G1 and generational ZGC), the PostgreSQL baseline, the big day, memory per pending deal,
# and the charts. About 18 minutes; --quick (smaller runs, written to perf-results/quick/) about 6.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[[ "${1:-}" == "--quick" ]] && quick=1
out=perf-results
[[ $quick == 1 ]] && out=perf-results/quick
mkdir -p "$out"

mvn -B -q -DskipTests install
jar=benchmarks/target/benchmarks.jar
flags="$(cat benchmarks/target/classes/settlement-jvm.flags) -Dagrona.disable.bounds.checks=true"
run() { echo "== $*" >&2; }

run "JMH"
if [[ $quick == 1 ]]; then
  java -cp "$jar" io.settlement.benchmarks.EngineBenchmarks --quick "$out/engine-jmh.json" > "$out/engine-jmh.txt"
else
  java -cp "$jar" io.settlement.benchmarks.EngineBenchmarks "$out/engine-jmh.json" > "$out/engine-jmh.txt"
fi

run "pipeline, raw append, replay, restart"
: > "$out/journal.txt"
if [[ $quick == 1 ]]; then strategies="SLEEPING"; commands=300000; else strategies="SLEEPING BLOCKING YIELDING"; commands=1000000; fi
for w in $strategies; do
  echo "== wait strategy $w" >> "$out/journal.txt"
  java $flags -Xmx6g -Dsettlement.pipeline.wait-strategy=$w -cp "$jar" io.settlement.benchmarks.JournalBenchmarks $commands \
    2>&1 | grep -vE "INFO|^\s+at " >> "$out/journal.txt"
done

run "over TCP"
quickflag=""; [[ $quick == 1 ]] && quickflag="--quick"
java $flags -Xmx8g -Xlog:gc:file="$out/gateway-gc.log" -cp "$jar" io.settlement.benchmarks.GatewayBenchmarks "$out" $quickflag \
  2>&1 | grep -vE "INFO|^\s+at " > "$out/gateway.txt"

run "over TCP, the load generator in its own JVM: 1/4/16 connections, G1 and generational ZGC, JFR profile"
java -cp "$jar" io.settlement.benchmarks.TcpLoad --out "$out" $quickflag

run "PostgreSQL baseline"
if [[ $quick == 1 ]]; then pgdeals=2000; else pgdeals=20000; fi
java -cp "$jar" io.settlement.benchmarks.PostgresBaseline $pgdeals 4 > "$out/postgres.txt"

run "big day"
if [[ $quick == 1 ]]; then day="1000000 100000"; else day="10000000 1000000"; fi
java $flags -Xmx6g -cp "$jar" io.settlement.benchmarks.BigDay $day > "$out/bigday.txt"

run "memory per pending deal"
if [[ $quick == 1 ]]; then pending=1000000; else pending=10000000; fi
java $flags -Xmx10g -cp "$jar" io.settlement.benchmarks.PendingDealFootprint $pending > "$out/footprint.txt"

run "memory of retired clientDealIds"
java $flags -cp "$jar" io.settlement.benchmarks.RetiredKeyFootprint > "$out/retired-keys.txt"

run "charts"
java -Djava.awt.headless=true -cp "$jar" io.settlement.benchmarks.PerfCharts "$out"
echo "results in $out/" >&2
