#!/usr/bin/env bash
# The pipeline's topologies over TCP: LoadServer (a node behind the gateway, in its own JVM) with the topology and
# durability named, LoadGenerator (its own JVM) offering 100K deals/s for SECONDS with coordinated-omission
# correction, then pipelined rounds; for each connection count in turn against the same server. Every server of a
# round (build x topology x durability) is started in turn, the order reversed in even rounds, so that the builds and
# topologies compared share the machine's load. The CPU each thread of the server took during the generator's run, its
# context switches (voluntary: parked or blocked; involuntary: preempted) and minor page faults are read from /proc.
#
#   benchmarks/issue15-topology.sh [--builds DIR] [--build name ...] [--topologies single,staged]
#       (a topology may name a wait strategy: single+BLOCKING)
#       [--durabilities synced,unsynced] [--connections "1 4"] [--seconds 10] [--pipelined 300000] [--rounds 2]
#       [--jfr]   (a JFR profile of each server: settings=profile, during the latency window)
#
# A build is a directory DIR/<name> holding benchmarks.jar and settlement-jvm.flags (the runners are compiled from
# this tree against it, as benchmarks/issue15-table.sh does); with no --build, this tree is built as "head".
# Output: one line per generator result (RESULT ... build= topology= durability=) and per server thread
# (THREAD ...), in $work/results.txt, printed at the end; the work directory is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
builds_dir=""; build_names=(); topologies="single,staged"; durabilities="synced,unsynced"; connections="1 4"
seconds=10; pipelined=300000; rounds=2; jfr=0; rate=100000; warmup=4
while (( $# > 0 )); do
  case "$1" in
    --builds) builds_dir="$2"; shift 2 ;;
    --build) build_names+=("$2"); shift 2 ;;
    --topologies) topologies="$2"; shift 2 ;;
    --durabilities) durabilities="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --pipelined) pipelined="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --warmup-seconds) warmup="$2"; shift 2 ;;
    --jfr) jfr=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d /tmp/issue15-topology.XXXXXX)"
results="$work/results.txt"
: > "$results"
picocli_version="$(sed -n 's:.*<picocli.version>\(.*\)</picocli.version>.*:\1:p' pom.xml | head -1)"
picocli="$HOME/.m2/repository/info/picocli/picocli/$picocli_version/picocli-$picocli_version.jar"
if [[ -z "$builds_dir" ]]; then
  builds_dir="$work/builds"; build_names=(head)
  mkdir -p "$builds_dir/head"
  mvn -B -o -q -DskipTests -pl benchmarks -am package >&2
  cp benchmarks/target/benchmarks.jar benchmarks/target/classes/settlement-jvm.flags "$builds_dir/head/"
fi
runners=(LoadServer LoadGenerator LoadConnection LoadReceiver ServerGcLog NodeFigures)
for b in "${build_names[@]}"; do
  rm -rf "$builds_dir/$b/classes"; mkdir -p "$builds_dir/$b/classes"
  javac -nowarn -d "$builds_dir/$b/classes" -cp "$builds_dir/$b/benchmarks.jar:$picocli" \
    $(printf "benchmarks/src/main/java/io/settlement/benchmarks/%s.java " "${runners[@]}") 2>&1 | grep -v '^Note:' >&2 || true
done
cp_of() { echo "$builds_dir/$1/classes:$builds_dir/$1/benchmarks.jar:$picocli"; }
flags_of() { echo "$(cat "$builds_dir/$1/settlement-jvm.flags") -Dagrona.disable.bounds.checks=true"; }
out() { echo "$*" | tee -a "$results"; }

# per thread of a process: name utime+stime (ticks) voluntary involuntary minor-faults
threads_of() {
  local pid=$1 t
  for t in /proc/"$pid"/task/*; do
    [[ -r $t/stat ]] || continue
    local name stat
    name="$(tr ' ' '_' < "$t/comm")"
    stat="$(sed 's/^.*) //' "$t/stat")" || continue
    local fields=($stat)
    printf '%s %s %s %s %s\n' "${t##*/}" "$name" "$(( fields[11] + fields[12] ))" \
      "$(awk '/^voluntary_ctxt_switches/ {v=$2} /^nonvoluntary_ctxt_switches/ {n=$2} END {print v, n}' "$t/status")" "${fields[7]}"
  done
}

out "# $(date -u '+%F %T') UTC; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
out "# builds: $(for b in "${build_names[@]}"; do printf '%s=%s ' "$b" "$(cat "$builds_dir/$b/commit" 2>/dev/null || echo tree)"; done)"
out "# generator: --rates $rate --seconds $seconds --pipelined $pipelined --rounds 2 --warmup-seconds $warmup, connections: $connections"
servers=()
for b in "${build_names[@]}"; do
  for t in ${topologies//,/ }; do
    for d in ${durabilities//,/ }; do
      servers+=("$b:$t:$d")
    done
  done
done
run=0
for r in $(seq 1 "$rounds"); do
  order=("${servers[@]}")
  if (( r % 2 == 0 )); then
    order=(); for (( i=${#servers[@]}-1; i>=0; i-- )); do order+=("${servers[$i]}"); done
  fi
  for s in "${order[@]}"; do
    IFS=: read -r b t d <<< "$s"
    option=--sync; [[ $d == unsynced ]] && option=--no-sync
    label="$b-$t-$d"
    rm -f "$work/server.in"; mkfifo "$work/server.in"
    wait_strategy=""; [[ $t == *+* ]] && wait_strategy="-Dsettlement.pipeline.wait-strategy=${t#*+}"
    java $(flags_of "$b") -Dsettlement.pipeline.topology="${t%%+*}" $wait_strategy -XX:+UseG1GC -Xms4g -Xmx4g \
      -Xlog:gc:file="$work/r$r-$label-gc.log" -cp "$(cp_of "$b")" \
      io.settlement.benchmarks.LoadServer 8000000 $option < "$work/server.in" > "$work/server.out" 2> "$work/server.err" &
    server_pid=$!
    exec 7> "$work/server.in"
    port=""
    for _ in $(seq 1 240); do
      port="$(sed -n 's/^LISTENING //p' "$work/server.out")"
      [[ -n "$port" ]] && break
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.5
    done
    [[ -n "$port" ]] || { echo "server $label did not start" >&2; tail -20 "$work/server.err" >&2; exit 1; }
    for c in $connections; do
      run=$((run + 1))
      load="$(cut -d' ' -f1 /proc/loadavg)"
      threads_of "$server_pid" > "$work/threads.before"
      jfr_pid=""
      if (( jfr == 1 )); then
        ( sleep $((warmup + 3)); jcmd "$server_pid" JFR.start settings=profile duration=$((seconds - 2))s \
            filename="$work/r$r-$label-${c}c.jfr" > /dev/null ) &
        jfr_pid=$!
      fi
      java $(flags_of "$b") -XX:+UseG1GC -Xms1g -Xmx1g -cp "$(cp_of "$b")" io.settlement.benchmarks.LoadGenerator \
        --port "$port" --connections "$c" --rates "$rate" --seconds "$seconds" --pipelined "$pipelined" --rounds 2 \
        --warmup-seconds "$warmup" --client-deal-id-base $((run * 10000000000 + 1)) \
        --server-gc-log "$work/r$r-$label-gc.log" --label "$label" 2>&1 | grep '^RESULT' > "$work/gen.out" || true
      threads_of "$server_pid" > "$work/threads.after"
      while read -r line; do
        out "round=$r build=$b topology=$t durability=$d load=$load ${line}"
      done < "$work/gen.out"
      # CPU (ticks of 10 ms) and context switches of each server thread over the generator's run
      awk -v p="round=$r build=$b topology=$t durability=$d connections=$c" \
        'NR == FNR { cpu[$1] = $3; vol[$1] = $4; inv[$1] = $5; flt[$1] = $6; next }
         { c = $3 - cpu[$1]; v = $4 - vol[$1]; n = $5 - inv[$1]; m = $6 - flt[$1]; if (c > 0 || v > 100) printf "%d THREAD %s thread=%s cpu_ms=%d voluntary=%d involuntary=%d minor_faults=%d\n", c, p, $2, c * 10, v, n, m }' \
        "$work/threads.before" "$work/threads.after" \
        | sort -k1,1nr | cut -d' ' -f2- | tee -a "$results"
      [[ -z "$jfr_pid" ]] || wait "$jfr_pid" || true
    done
    exec 7>&-; wait "$server_pid" || true
  done
done
out "# end $(date -u '+%F %T') UTC; load $(cut -d' ' -f1-3 /proc/loadavg); work: $work"
