#!/usr/bin/env bash
# Issue 16's figures in one run, written to perf-results/issue16-failover.txt (ratios first):
#  - failover: ClusterFailoverTest with ten leader kills (SIGKILL under pipelined load, 32 deals in flight; the time
#    from the kill to the first answer from the new leader), once with the default election timing of
#    docs/cluster.md (heartbeat 100 ms / timeout 1,500 ms / election 500 ms) and once tuned (50 / 500 / 200 ms);
#    each kill's killed node restarted and caught up before the next, every acknowledged deal checked on every node;
#  - the price of replication: ClusterBenchmark, SubmitDeal throughput and p99 through the three-node cluster beside a
#    single node with synced and with unsynced journals, rounds alternating in one process run.
# The machine (cores, load average before and after each part, Java) is written beside the figures: on a shared,
# loaded machine the figures say so.
#
#   benchmarks/issue16-failover.sh [--quick] [--kills N] [--rounds N] [--deals N] [--window N] [--out FILE]
#
# About 20 minutes on a loaded two-core machine (builds included, then mostly the twenty kills); --quick (3 kills,
# 2 rounds of 5,000 deals) about 10, written to perf-results/quick/issue16-failover.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

kills=10
rounds=5
deals=20000
window=64
out=perf-results/issue16-failover.txt
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) kills=3; rounds=2; deals=5000; out=perf-results/quick/issue16-failover.txt ;;
    --kills) kills="$2"; shift ;;
    --rounds) rounds="$2"; shift ;;
    --deals) deals="$2"; shift ;;
    --window) window="$2"; shift ;;
    --out) out="$2"; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "issue16-failover: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$(dirname "$out")"
work="$(mktemp -d /tmp/issue16-failover.XXXXXX)"
echo "issue16-failover: working in $work" >&2

load() { echo "$(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"; }

# ---- failover: the test with N kills, default then tuned timing ----
failover() # name, extra maven flags...
{
  local name="$1"; shift
  echo "$name: start $(load)" >> "$work/machine.txt"
  mvn -B -pl cluster -am verify -Dtest=ClusterFailoverTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsettlement.cluster.kills="$kills" "$@" > "$work/$name.log" 2>&1 || true
  echo "$name: end   $(load)" >> "$work/machine.txt"
  grep -h 'failover ms' "$work/$name.log" | tail -1 | sed 's/.*: \[//; s/\]//; s/,//g' > "$work/$name.ms"
  grep -h 'Tests run:.*in io.settlement.cluster.ClusterFailoverTest' "$work/$name.log" | tail -1 > "$work/$name.result" || true
}
tuned_flags=(-Dsettlement.cluster.heartbeat-interval-ms=50 -Dsettlement.cluster.heartbeat-timeout-ms=500
  -Dsettlement.cluster.election-timeout-ms=200)
echo "issue16-failover: failover, $kills kills, default timing" >&2
failover default
echo "issue16-failover: failover, $kills kills, tuned timing" >&2
failover tuned "${tuned_flags[@]}"

# ---- throughput: the cluster beside the single node, same run ----
echo "issue16-failover: throughput, $rounds rounds of $deals deals" >&2
mvn -B -q -pl cluster -am test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test \
  > "$work/build.log" 2>&1
mvn -B -q -DskipTests -pl app -am package >> "$work/build.log" 2>&1
flags="$(cat app/target/classes/settlement-jvm.flags)"
echo "throughput: start $(load)" >> "$work/machine.txt"
# shellcheck disable=SC2086
java $flags -Xmx1g "-Dsettlement.jvm.flags=$flags" -cp "cluster/target/test-classes:cluster/target/classes:$(cat "$work/cp.txt")" \
  io.settlement.cluster.ClusterBenchmark "$rounds" "$deals" "$window" > "$work/throughput.log" 2>&1
echo "throughput: end   $(load)" >> "$work/machine.txt"

# ---- the report ----
stats() # file of ms values: median min max over3s count
{
  tr ' ' '\n' < "$1" | grep -v '^$' | sort -n | awk '{ v[NR] = $1; if ($1 > 3000) over++ }
    END { if (NR == 0) { print "- - - - 0"; exit }
          m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
          printf "%d %d %d %d %d\n", m, v[1], v[NR], over, NR }'
}
read -r d_med d_min d_max d_over d_n < <(stats "$work/default.ms")
read -r t_med t_min t_max t_over t_n < <(stats "$work/tuned.ms")
median_line() { grep "median of .* rounds: $1" "$work/throughput.log" | awk '{ for (i = 1; i <= NF; i++) { if ($i == "deals/s") d = $(i - 1); if ($i == "p99") p = $(i + 1) } } END { print d, p }'; }
read -r c_tps c_p99 < <(median_line "cluster")
read -r s_tps s_p99 < <(median_line "single synced")
read -r u_tps u_p99 < <(median_line "single unsynced")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }
ms() { awk -v us="$1" 'BEGIN { printf "%.1f ms", us / 1000 }'; }

{
  echo "# Issue 16: failover time over $kills leader kills, and the price of replication (3-node cluster beside a single node, same run)"
  echo
  echo "Written by benchmarks/issue16-failover.sh on $(date -u +%Y-%m-%d). Ratios first."
  echo
  echo "Failover, leader killed (SIGKILL) under pipelined load (32 deals in flight) to the first answer from the new leader:"
  echo
  echo "| election timing (heartbeat interval / heartbeat timeout / election timeout) | median | min | max | kills over 3 s | test |"
  echo "|---|---|---|---|---|---|"
  echo "| defaults of docs/cluster.md: 100 ms / 1,500 ms / 500 ms | ${d_med} ms | ${d_min} ms | ${d_max} ms | ${d_over} of ${d_n} | $(sed 's/^\[[A-Z]*\] //; s/ -- in.*//; s/, Time elapsed.*//' "$work/default.result") |"
  echo "| tuned: 50 ms / 500 ms / 200 ms | **${t_med} ms** | ${t_min} ms | ${t_max} ms | ${t_over} of ${t_n} | $(sed 's/^\[[A-Z]*\] //; s/ -- in.*//; s/, Time elapsed.*//' "$work/tuned.result") |"
  echo
  echo "Tuned / default (median): $(ratio "$t_med" "$d_med"). Floor < 3 s; aim < 1 s with tuned timeouts."
  echo
  echo "Throughput and latency, SubmitDeal, $window in flight, medians of $rounds rounds of $deals deals after a warm-up round,"
  echo "rounds alternating single synced / single unsynced / cluster in one process run:"
  echo
  echo "| | deals/s | p99 | cluster / this (throughput) |"
  echo "|---|---|---|---|"
  echo "| cluster, 3 node processes on this machine (UDP loopback), client in the benchmark's JVM | ${c_tps} | $(ms "$c_p99") | 1 |"
  echo "| single node, synced journals (msync per batch), in-process pipeline client | ${s_tps} | $(ms "$s_p99") | **$(ratio "$c_tps" "$s_tps")** |"
  echo "| single node, unsynced journals, in-process pipeline client | ${u_tps} | $(ms "$u_p99") | **$(ratio "$c_tps" "$u_tps")** |"
  echo
  echo "The single node answers in process; the cluster's answers cross loopback UDP twice plus one round of replication to a"
  echo "follower (majority 2 of 3), and every node applies and journals every command. All three cluster nodes, the"
  echo "benchmark's JVM and whatever else runs share this machine's cores: on three machines the cluster's figures differ."
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')), $(java -version 2>&1 | head -1),"
  echo "Aeron 1.51.0. Load average before and after each part (a load far above the core count means other work shared the"
  echo "machine and the figures are those of a starved machine):"
  echo
  sed 's/^/    /' "$work/machine.txt"
  echo
  echo "Commands (what the script runs):"
  echo
  echo "    benchmarks/issue16-failover.sh --kills $kills --rounds $rounds --deals $deals --window $window"
  echo "    mvn -B -pl cluster -am verify -Dtest=ClusterFailoverTest -Dsurefire.failIfNoSpecifiedTests=false -Dsettlement.cluster.kills=$kills"
  echo "    (tuned: the same with ${tuned_flags[*]})"
  echo "    java \$(cat app/target/classes/settlement-jvm.flags) -Xmx1g -Dsettlement.jvm.flags=... -cp cluster/target/test-classes:... \\"
  echo "        io.settlement.cluster.ClusterBenchmark $rounds $deals $window"
  echo
  echo "Output, failover (default, then tuned):"
  echo
  for name in default tuned; do
    grep -h 'failover ms' "$work/$name.log" | tail -1 | sed 's/^/    /'
    sed 's/^/    /' "$work/$name.result"
  done
  echo
  echo "Output, throughput:"
  echo
  sed 's/^/    /' "$work/throughput.log"
} > "$out"
echo "issue16-failover: wrote $out (logs in $work)" >&2
