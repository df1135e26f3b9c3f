#!/usr/bin/env bash
# Latency at a fixed offered rate over TCP, a base build against this working tree's, in one run: builds
# the base (default: the commit before the journal's read-ahead advice) in a temporary git worktree and
# this tree, keeps both jars aside, then runs them alternately (base, head, head, base, ...), each round a
# LoadServer in its own JVM (durable: each batch msynced before it is answered; and unsynced) and a
# LoadGenerator in another (1 connection by default: 10K then 100K deals/s offered, latency from each
# request's scheduled send time, so coordinated omission is corrected). Writes perf-results/issue15-latency.txt:
# ratios first (head / base of the medians), then every round, the commands and the machine with its load.
#
# With --perf, one more round of each build at the same rates is recorded with Linux perf (cpu-clock,
# call graphs, the server's JIT symbols) and the pipeline thread's samples are grouped into runs on the CPU
# (benchmarks/stall-runs.py): the runs longer than 2 ms and what they spent their samples in go to
# perf-results/issue15-latency/. Needs perf and kernel.perf_event_paranoid <= 2 for one's own processes.
#
#   benchmarks/issue15-latency.sh [--base COMMIT] [--rounds N] [--connections N] [--seconds S] [--perf] [--out FILE]
#
# About 6 minutes with the defaults (3 rounds) on a quiet 2-core machine, builds included.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

base_commit=29a69a9~1
rounds=3
connections=1
seconds=8
perf=0
out=perf-results/issue15-latency.txt
while [[ $# -gt 0 ]]; do
  case "$1" in
    --base) base_commit="$2"; shift ;;
    --rounds) rounds="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --perf) perf=1 ;;
    --out) out="$2"; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "issue15-latency: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

work=$(mktemp -d /tmp/issue15-latency.XXXXXX)
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
load() { echo "$(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"; }

# ---- builds ----
base_sha=$(git rev-parse --short "$base_commit")
head_sha="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!perf-results' || echo +changes)"
log "building base $base_sha in a worktree"
git worktree add -q --detach "$work/base-tree" "$base_commit"
(cd "$work/base-tree" && mvn -B -q -o -pl benchmarks,app -am package -Dmaven.test.skip=true) >&2
cp "$work/base-tree/benchmarks/target/benchmarks.jar" "$work/base.jar"
git worktree remove --force "$work/base-tree"
log "building head $head_sha"
mvn -B -q -o -pl benchmarks,app -am package -Dmaven.test.skip=true >&2
cp benchmarks/target/benchmarks.jar "$work/head.jar"
flags="$(grep -v -- '--enable-native-access\|--sun-misc' app/target/classes/settlement-jvm.flags | tr '\n' ' ') -Dagrona.disable.bounds.checks=true"

# one round: build (base|head), durability (--sync|--no-sync), label; prints the generator's RESULT lines
round() {
  local build=$1 durability=$2 label=$3 prefix=${4:-}
  local fifo="$work/$label.in"
  mkfifo "$fifo"
  # shellcheck disable=SC2086
  $prefix java $flags -Xms4g -Xmx4g -XX:+UseG1GC -Xlog:gc:file="$work/$label-gc.log" ${SERVER_EXTRA:-} \
    -cp "$work/$build.jar" io.settlement.benchmarks.LoadServer "$durability" < "$fifo" > "$work/$label-server.out" 2>&1 &
  local server=$!
  exec 9>"$fifo"
  for _ in $(seq 1 150); do grep -q LISTENING "$work/$label-server.out" && break; sleep 0.2; done
  local port
  port=$(awk '/LISTENING/{print $2}' "$work/$label-server.out")
  # shellcheck disable=SC2086
  java $flags -Xmx1g -XX:+UseG1GC -cp "$work/$build.jar" io.settlement.benchmarks.LoadGenerator --port "$port" \
    --connections "$connections" --rates 10000,100000 --seconds "$seconds" --pipelined 0 --warmup-seconds 2 \
    --server-gc-log "$work/$label-gc.log" --label "$label" 2>&1 | grep '^RESULT' || true
  exec 9>&-
  wait "$server" || true
}

journal_device=$(basename "$(df /tmp | awk 'NR==2{print $1}')")
journal_disk=$(lsblk -no PKNAME "/dev/$journal_device" 2>/dev/null | head -1)
journal_disk=${journal_disk:-$journal_device}
machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(java -version 2>&1 | head -1), kernel $(uname -r), journal directory on $(df -T /tmp | awk 'NR==2{print $2" "$1}'), read-ahead of its device $(cat "/sys/block/$journal_disk/queue/read_ahead_kb" 2>/dev/null || echo '?') KB"
results="$work/results.txt"
: > "$results"
loads=()
for durability in --sync --no-sync; do
  loads+=("${durability#--}: start $(load)")
  for r in $(seq 1 "$rounds"); do
    if (( r % 2 == 1 )); then order="base head"; else order="head base"; fi
    for build in $order; do
      label="$build${durability#-}-r$r"
      log "round $r $build $durability"
      round "$build" "$durability" "$label" | sed "s/^/$build ${durability#--} /" >> "$results"
    done
  done
  loads+=("${durability#--}: end   $(load)")
done

# ---- the report ----
{
  echo "# Issue 15: latency at a fixed offered rate over TCP, base $base_sha against head $head_sha (same run, alternating)"
  echo
  echo "Written by benchmarks/issue15-latency.sh on $(date -u +%Y-%m-%d). Ratios first (head / base of the medians of $rounds rounds; lower is better)."
  echo "$connections connection(s); the server (LoadServer, 4 GB heap, G1) and the generator (LoadGenerator) each in its own JVM;"
  echo "latency from each request's scheduled send time (coordinated omission corrected); sync: each batch msynced before it is answered."
  echo
  echo "| durability | offered | figure | base | head | head / base |"
  echo "|---|---|---|---|---|---|"
  for durability in sync no-sync; do
    for rate in 10000 100000; do
      for figure in p50_us p99_us p999_us max_us refused; do
        b=$(awk -v d=$durability -v r=$rate -v f=$figure '$1=="base" && $2==d { for(i=3;i<=NF;i++){split($i,kv,"="); v[kv[1]]=kv[2]} if (v["rate"]==r) print v[f] }' "$results" | sort -n | awk '{a[NR]=$1} END{ if (NR) print a[int((NR+1)/2)] }')
        h=$(awk -v d=$durability -v r=$rate -v f=$figure '$1=="head" && $2==d { for(i=3;i<=NF;i++){split($i,kv,"="); v[kv[1]]=kv[2]} if (v["rate"]==r) print v[f] }' "$results" | sort -n | awk '{a[NR]=$1} END{ if (NR) print a[int((NR+1)/2)] }')
        ratio=$(awk -v b="$b" -v h="$h" 'BEGIN{ if (b+0 > 0) printf "**%.2f**", h/b; else print "—" }')
        echo "| $durability | $rate/s | ${figure%_us} | $b | $h | $ratio |"
      done
    done
  done
  echo
  echo "Machine: $machine. Load average at the start and end of each half (far above 2 means other work shared the cores):"
  echo
  for l in "${loads[@]}"; do echo "    $l"; done
  echo
  echo "Every round (build, durability, the generator's RESULT line):"
  echo
  sed 's/^/    /' "$results"
  echo
  echo "Commands:"
  echo
  echo "    benchmarks/issue15-latency.sh --base $base_commit --rounds $rounds --connections $connections --seconds $seconds$([[ $perf == 1 ]] && echo ' --perf')"
  echo "    java <settlement-jvm.flags> -Xms4g -Xmx4g -XX:+UseG1GC -cp benchmarks.jar io.settlement.benchmarks.LoadServer --sync|--no-sync"
  echo "    java <settlement-jvm.flags> -Xmx1g -cp benchmarks.jar io.settlement.benchmarks.LoadGenerator --port P --connections $connections --rates 10000,100000 --seconds $seconds --pipelined 0 --warmup-seconds 2"
} > "$out"

# ---- optional: where the pipeline thread's long runs on the CPU go ----
if [[ $perf == 1 ]]; then
  dir="${out%.txt}"
  mkdir -p "$dir"
  for build in base head; do
    label="$build-perf"
    log "perf round $build"
    (
      for _ in $(seq 1 100); do pgrep -f "$work/$build.jar io.settlement.benchmarks.LoadServer" > /dev/null && break; sleep 0.1; done
      sleep 3
      perf record -q -e cpu-clock -F 2000 -g -p "$(pgrep -f "$work/$build.jar io.settlement.benchmarks.LoadServer" | head -1)" \
        -o "$work/$label.data" -- sleep $(( 2 * seconds )) > /dev/null 2>&1
    ) &
    SERVER_EXTRA="-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit" round "$build" --no-sync "$label" > "$work/$label.result"
    wait
    {
      echo "# The pipeline thread's runs on the CPU longer than 2 ms, $build build ($([[ $build == base ]] && echo "$base_sha" || echo "$head_sha")), unsynced, 1 connection, 10K then 100K deals/s"
      echo "# perf record -e cpu-clock -F 2000 -g -p <LoadServer> -- sleep $(( 2 * seconds )); perf script --comm settlement-pipe | benchmarks/stall-runs.py"
      sed 's/^/# /' "$work/$label.result"
      perf script -i "$work/$label.data" --comm settlement-pipe -F time,ip,sym 2> /dev/null | python3 benchmarks/stall-runs.py 0.002
    } > "$dir/pipeline-runs-$build.txt"
  done
fi
git worktree prune
log "wrote $out"
rm -rf "$work"
