#!/usr/bin/env bash
# Every figure of issue 15's table, before and after, side by side in one run: builds the base build
# (commit ca3bcb9, main before any issue-15 change) in a temporary git worktree and this working tree's
# build, keeps both jars aside, then for each figure runs the two builds alternately (base, head, head,
# base, ...; each run its own JVM) and writes perf-results/issue15-table.txt: ratios first (head / base
# of the medians), then every round, the commands, and the machine with its load average before and
# after each figure. The pipeline, TCP and latency figures are measured in the durable mode (the node's
# default now: each batch msynced before it is answered) with the unsynced one beside it; the base build
# has only its unsynced default (its sync-every-batch option, off by default, scheduled an MS_ASYNC
# msync: not the same promise, not measured).
#
# Runners that the base build lacks (EngineScaleRunner, NodeFigures, LoadServer, LoadGenerator) are
# compiled from this tree's sources against each build's jar, the same source for both, ahead of the
# jar on the classpath; JMH and BigDay are each build's own.
#
#   benchmarks/issue15-table.sh [--quick] [--rounds N] [--base COMMIT] [--out FILE] [--builds DIR] [--reuse-builds]
#       [--only fig,fig,...]     figures: engine jmh pipeline tcp restart bigday (default all)
#       [--report-only WORKDIR]  writes the report again from an earlier run's /tmp/issue15-table.* directory
#
# About 30 minutes on a quiet 2-core machine (builds included); --quick (smaller runs, BigDay 10M deals
# instead of the NSCC day's 77M) about 8.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

quick=0
rounds=""
base_commit=ca3bcb9
out=perf-results/issue15-table.txt
builds=/tmp/issue15-table-builds
reuse=0
report_only=""
only="engine jmh pipeline tcp restart bigday"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --rounds) rounds="$2"; shift ;;
    --base) base_commit="$2"; shift ;;
    --out) out="$2"; shift ;;
    --builds) builds="$2"; shift ;;
    --reuse-builds) reuse=1 ;;
    --only) only="${2//,/ }"; shift ;;
    --report-only) report_only="$2"; shift ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "issue15-table: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# ---- sizes: full (about 30 min) and --quick (about 8) ----
if [[ $quick == 1 ]]; then
  mode=quick
  rounds=${rounds:-2}
  esr_batches_16k=60; esr_batches_1m=30
  jmh_opts="-f 1 -wi 3 -w 1 -i 3 -r 1"
  pipeline_commands=200000
  tcp_connections="4"; tcp_seconds=4; tcp_pipelined=100000; tcp_warmup=2
  restart_snapshot=200000; restart_tail=1000000
  bigday_args="10000000 1000000"; bigday_name="BigDay 10000000 1000000 (10M deals: the --quick variant, not the NSCC day)"
else
  mode=full
  rounds=${rounds:-2}
  esr_batches_16k=200; esr_batches_1m=100
  jmh_opts="-f 1 -wi 5 -w 2 -i 5 -r 2"
  pipeline_commands=1000000
  tcp_connections="1 4 16"; tcp_seconds=10; tcp_pipelined=300000; tcp_warmup=4
  restart_snapshot=2000000; restart_tail=10000000
  bigday_args="--nscc"; bigday_name="BigDay --nscc (77M deals, the NSCC record day)"
fi
if (( rounds < 2 )); then
  echo "issue15-table: at least 2 rounds per build" >&2; exit 2
fi

if [[ -n "$report_only" ]]; then
  work="$report_only"
  source "$work/meta.env" # the run's settings, builds and times
else
  work="$(mktemp -d /tmp/issue15-table.XXXXXX)"
fi
results="$work/results.tsv"     # figure  variant  build  round  value
log="$work/figures.log"         # per figure: commands, load, every round's line
meta="$work/meta.env"           # what the report needs besides: sizes, builds, times
picocli_version="$(sed -n 's:.*<picocli.version>\(.*\)</picocli.version>.*:\1:p' pom.xml | head -1)"
picocli="$HOME/.m2/repository/info/picocli/picocli/$picocli_version/picocli-$picocli_version.jar"
say() { echo "== $*" >&2; }
if [[ -z "$report_only" ]]; then
run_started=$(date +%s)
load_start="$(cat /proc/loadavg)"
: > "$results"; : > "$log"

# ---- builds ----
head_rev="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)')"
build() { # build dir: copies the benchmarks jar and the JVM flags into $builds/<build>/
  local name=$1 src=$2
  mkdir -p "$builds/$name"
  (cd "$src" && mvn -B -o -q -DskipTests -pl benchmarks -am package) >&2
  cp "$src/benchmarks/target/benchmarks.jar" "$builds/$name/benchmarks.jar"
  cp "$src/benchmarks/target/classes/settlement-jvm.flags" "$builds/$name/settlement-jvm.flags"
}
if [[ $reuse == 1 && -f "$builds/base/benchmarks.jar" && -f "$builds/head/benchmarks.jar" ]]; then
  say "reusing the builds in $builds (base: $(cat "$builds/base/commit" 2>/dev/null), head: $(cat "$builds/head/commit" 2>/dev/null))"
  head_rev="$(cat "$builds/head/commit" 2>/dev/null || echo "$head_rev")"
else
  say "building the base build ($base_commit) in a temporary worktree"
  git worktree add --detach "$work/base-src" "$base_commit" >&2
  trap 'git worktree remove --force "$work/base-src" 2> /dev/null || true' EXIT # a failed build leaves no worktree behind
  build base "$work/base-src"
  git worktree remove --force "$work/base-src"
  trap - EXIT
  git rev-parse --short "$base_commit" > "$builds/base/commit"
  say "building head ($head_rev)"
  build head "$root"
  echo "$head_rev" > "$builds/head/commit"
fi
base_rev="$(cat "$builds/base/commit")"
base_what="main before any issue-15 change"
[[ "$(git rev-parse --short "$base_rev" 2>/dev/null)" == "$(git rev-parse --short ca3bcb9)" ]] || base_what="the base build asked for"
# whether the base build has the durability setting (ca3bcb9 has not: its only mode is unsynced)
base_durable=0
if unzip -Z1 "$builds/base/benchmarks.jar" 'io/settlement/journal/Durability.class' > /dev/null 2>&1; then base_durable=1; fi

# the runners that the base build lacks, compiled from this tree against each jar
runners=(NodeFigures EngineScaleRunner LoadServer LoadGenerator LoadConnection LoadReceiver ServerGcLog)
for b in base head; do
  rm -rf "$builds/$b/classes"; mkdir -p "$builds/$b/classes"
  javac -nowarn -d "$builds/$b/classes" -cp "$builds/$b/benchmarks.jar:$picocli" \
    $(printf "benchmarks/src/main/java/io/settlement/benchmarks/%s.java " "${runners[@]}") 2>&1 | grep -v '^Note:' >&2 || true
  [[ -f "$builds/$b/classes/io/settlement/benchmarks/NodeFigures.class" ]] || { echo "runners did not compile for $b" >&2; exit 1; }
done
cp_of() { echo "$builds/$1/classes:$builds/$1/benchmarks.jar:$picocli"; }
flags_of() { echo "$(cat "$builds/$1/settlement-jvm.flags") -Dagrona.disable.bounds.checks=true"; }

# ---- recording ----
rec() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >> "$results"; }
note() { echo "$*" >> "$log"; }
figure_begin() { fig_started=$(date +%s); note ""; note "### $1"; note "load average before: $(cat /proc/loadavg)"; say "$1"; }
figure_end() { note "load average after:  $(cat /proc/loadavg); $(( $(date +%s) - fig_started )) s"; }
# the order of the two builds in round r: base first in odd rounds, head first in even ones
order() { if (( $1 % 2 == 1 )); then echo "base head"; else echo "head base"; fi; }
field() { sed -n "s/.*[ ^]$1=\([^ ]*\).*/\1/p" <<< "$2" | head -1; }
num() { tr -d ',' <<< "$1"; }

# ---- figures ----
fig_engine() {
  figure_begin "engine registration with all limit checks, EngineScaleRunner (CPU time of the registering thread)"
  note "command: java <flags> -Xms3g -Xmx3g -cp <runners>:<jar> io.settlement.benchmarks.EngineScaleRunner register LIVE BATCHES"
  note "   (LIVE 16384 with $esr_batches_16k batches, 1048576 with $esr_batches_1m; batches of 16,384; the first fifth not counted)"
  for r in $(seq 1 "$rounds"); do
    for b in $(order "$r"); do
      for live in 16384 1048576; do
        local batches=$esr_batches_16k; [[ $live == 1048576 ]] && batches=$esr_batches_1m
        local line
        line="$(java $(flags_of $b) -Xms3g -Xmx3g -cp "$(cp_of $b)" io.settlement.benchmarks.EngineScaleRunner register $live $batches | grep '^register' || true)"
        note "round $r $b: $line"
        local label=16k; [[ $live == 1048576 ]] && label=1m
        rec "register-$label-cpu" - $b $r "$(num "$(sed -n 's/.*per CPU s median \([0-9,]*\).*/\1/p' <<< "$line")")"
        rec "register-$label-wall" - $b $r "$(num "$(sed -n 's/.*per wall s median \([0-9,]*\).*/\1/p' <<< "$line")")"
      done
    done
  done
  figure_end
}

fig_jmh() {
  figure_begin "JMH: DealRegistrationBenchmark (16K live) and SettlementCycleBenchmark (per DvP deal)"
  note "command: java -jar <jar> 'DealRegistrationBenchmark|SettlementCycleBenchmark' [-p liveDeals=16384: head only, the base"
  note "   build's benchmark has no such parameter and is 16K] $jmh_opts -rf csv -jvmArgsAppend '<flags>'"
  for r in $(seq 1 "$rounds"); do
    for b in $(order "$r"); do
      local param=""; [[ $b == head ]] && param="-p liveDeals=16384"
      java -jar "$builds/$b/benchmarks.jar" 'DealRegistrationBenchmark|SettlementCycleBenchmark' $param $jmh_opts \
        -rf csv -rff "$work/jmh.csv" -jvmArgsAppend "$(flags_of $b)" > "$work/jmh.out" 2>&1 \
        || { tail -20 "$work/jmh.out" >&2; return 1; }
      local reg settle
      reg="$(grep 'registerDeal' "$work/jmh.csv" | cut -d, -f5)"
      settle="$(grep 'settlePerDeal' "$work/jmh.csv" | cut -d, -f5)"
      note "round $r $b: registerDeal $reg ops/s, settlePerDeal $settle ops/s"
      rec jmh-register - $b $r "$reg"
      rec jmh-settle - $b $r "$settle"
    done
  done
  figure_end
}

fig_pipeline() {
  figure_begin "ring + journal + engine in process, % of raw Chronicle append in the same JVM; replay with every event verified"
  note "command: java <flags> -Xmx4g -cp <runners>:<jar> io.settlement.benchmarks.NodeFigures pipeline $pipeline_commands DURABILITIES"
  note "   (synced,unsynced for head and for a base build that has the setting; ca3bcb9: default, its only mode, unsynced);"
  note "   a warm-up round, then one measured round:"
  note "   raw append, then each pipeline, then the replay of the first pipeline's journals"
  for r in $(seq 1 "$rounds"); do
    for b in $(order "$r"); do
      local durabilities=default; [[ $b == head || $base_durable == 1 ]] && durabilities=synced,unsynced
      java $(flags_of $b) -Xmx4g -cp "$(cp_of $b)" io.settlement.benchmarks.NodeFigures pipeline $pipeline_commands $durabilities \
        2>&1 | grep '^FIGURE' > "$work/node.out" || true
      while read -r line; do
        note "round $r $b: ${line#FIGURE }"
        case "$(field kind "$line")" in
          pipeline)
            local v; v="$(field asked "$line")"; [[ $v == default ]] && v=unsynced
            rec pipeline-percent "$v" $b $r "$(field percent_of_raw "$line")"
            rec pipeline-rate "$v" $b $r "$(field rate "$line")" ;;
          raw-append) rec raw-append - $b $r "$(field rate "$line")" ;;
          replay) rec replay - $b $r "$(field rate "$line")" ;;
        esac
      done < "$work/node.out"
    done
  done
  figure_end
}

server_pid=""
serve() { # build label [server option]: starts a LoadServer, sets $port
  local b=$1 label=$2 option=${3:-}
  rm -f "$work/server.in"; mkfifo "$work/server.in"
  java $(flags_of $b) -XX:+UseG1GC -Xms4g -Xmx4g -Xlog:gc:file="$work/$label-server-gc.log" -cp "$(cp_of $b)" \
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
  [[ -n "$port" ]] || { echo "server $label did not start:" >&2; tail -20 "$work/server.err" >&2; return 1; }
  server_durability="$(sed -n 's/^DURABILITY //p' "$work/server.out")"
}
unserve() { exec 7>&-; wait "$server_pid" || true; server_pid=""; }
generator_run=0

fig_tcp() {
  figure_begin "over TCP: latency at 100K deals/s offered, then pipelined throughput (generator in its own JVM)"
  note "server: java <flags> -XX:+UseG1GC -Xms4g -Xmx4g -cp <runners>:<jar> io.settlement.benchmarks.LoadServer 8000000 [--sync|--no-sync]"
  note "generator: java <flags> -Xms1g -Xmx1g -cp <runners>:<jar of the same build> io.settlement.benchmarks.LoadGenerator --connections C"
  note "   --rates 100000 --seconds $tcp_seconds --pipelined $tcp_pipelined --rounds 2 --warmup-seconds $tcp_warmup (best pipelined round kept)"
  note "   (the generator is compiled against each build's client: the base gateway speaks wire versions 1-3, head's client 4)"
  note "   connections: $tcp_connections; a new server per build and durability per round"
  for r in $(seq 1 "$rounds"); do
    local servers="base:--no-sync head:--sync head:--no-sync"
    [[ $base_durable == 1 ]] && servers="base:--sync base:--no-sync head:--sync head:--no-sync"
    if (( r % 2 == 0 )); then servers="$(tr ' ' '\n' <<< "$servers" | tac | tr '\n' ' ')"; fi
    for s in $servers; do
      local b=${s%%:*} option=${s#*:}; [[ $option == - ]] && option=""
      local label=$b-unsynced; [[ $option == --sync ]] && label=$b-synced
      serve $b $label $option
      local variant=unsynced; [[ $server_durability == msync ]] && variant=synced
      for c in $tcp_connections; do
        generator_run=$((generator_run + 1))
        java $(flags_of $b) -XX:+UseG1GC -Xms1g -Xmx1g -cp "$(cp_of $b)" io.settlement.benchmarks.LoadGenerator \
          --port "$port" --connections $c --rates 100000 --seconds $tcp_seconds --pipelined $tcp_pipelined --rounds 2 \
          --warmup-seconds $tcp_warmup --client-deal-id-base $((generator_run * 10000000000 + 1)) \
          --server-gc-log "$work/$label-server-gc.log" --label $label 2>&1 | grep '^RESULT' > "$work/gen.out" || true
        local best=0
        while read -r line; do
          note "round $r $label ($server_durability) ${c}c: ${line#RESULT }"
          case "$(field kind "$line")" in
            latency)
              rec "latency-p50-${c}c" $variant $b $r "$(field p50_us "$line")"
              rec "latency-p99-${c}c" $variant $b $r "$(field p99_us "$line")"
              rec "latency-p999-${c}c" $variant $b $r "$(field p999_us "$line")"
              rec "latency-refused-${c}c" $variant $b $r "$(field refused "$line")" ;;
            pipelined)
              local rate; rate="$(field rate "$line")"; rate=${rate%.*}
              if [[ -n "$rate" ]] && (( rate > best )); then best=$rate; fi ;;
          esac
        done < "$work/gen.out"
        if (( best > 0 )); then rec "tcp-pipelined-${c}c" $variant $b $r $best; fi
      done
      unserve
    done
  done
  figure_end
}

fig_restart() {
  figure_begin "restart: snapshot + tail (each restart a new JVM, journals and snapshot in the page cache)"
  local deals=$((restart_snapshot + restart_tail))
  note "journals: java <flags> -Xmx8g -cp <runners>:<jar> io.settlement.benchmarks.NodeFigures restart-journals DIR $restart_snapshot $restart_tail"
  note "restart:  java <flags> -Xmx8g -cp <runners>:<jar> io.settlement.benchmarks.NodeFigures restart DIR $deals"
  note "   (the same deals in both builds: the state hash after recovery printed below must match; each build's defaults,"
  note "   so head's journals were written msynced, the base build's not: a restart only reads them)"
  for b in base head; do
    java $(flags_of $b) -Xmx8g -cp "$(cp_of $b)" io.settlement.benchmarks.NodeFigures restart-journals "$work/restart-$b" \
      $restart_snapshot $restart_tail 2>&1 | grep '^journals' | sed "s/^/$b: /" >> "$log" || true
  done
  for r in $(seq 1 "$rounds"); do
    for b in $(order "$r"); do
      local line
      line="$(java $(flags_of $b) -Xmx8g -cp "$(cp_of $b)" io.settlement.benchmarks.NodeFigures restart "$work/restart-$b" $deals 2>&1 \
        | grep '^FIGURE' || true)"
      note "round $r $b: ${line#FIGURE }"
      rec restart-ms - $b $r "$(field ms "$line")"
    done
  done
  rm -rf "$work/restart-base" "$work/restart-head"
  figure_end
}

fig_bigday() {
  figure_begin "$bigday_name, engine alone"
  note "command: java <flags> -Xmx6g -cp <jar> io.settlement.benchmarks.BigDay $bigday_args"
  for r in $(seq 1 "$rounds"); do
    for b in $(order "$r"); do
      java $(flags_of $b) -Xmx6g -cp "$builds/$b/benchmarks.jar" io.settlement.benchmarks.BigDay $bigday_args > "$work/bigday.out" 2>&1 || true
      local wall; wall="$(sed -n 's/.* in \([0-9.]*\) s wall.*/\1/p' "$work/bigday.out")"
      note "round $r $b: $(grep -E '^big day|registration|peak|invariants' "$work/bigday.out" | tr -s ' ' | tr '\n' ';')"
      rec bigday-s - $b $r "$wall"
    done
  done
  figure_end
}

declare -p quick mode rounds tcp_connections restart_tail bigday_name run_started load_start base_rev base_what \
  base_durable head_rev > "$meta"
for f in $only; do
  case "$f" in
    engine|jmh|pipeline|tcp|restart|bigday) "fig_$f" ;;
    *) echo "issue15-table: unknown figure $f" >&2; exit 2 ;;
  esac
done
finished=$(date +%s); load_end="$(cat /proc/loadavg)"
declare -p finished load_end >> "$meta"
fi # measured (not --report-only)

# ---- report ----
median() { # figure variant build: the median of the rounds (of an even count, the mean of the middle two), or empty
  awk -F'\t' -v f="$1" -v v="$2" -v b="$3" '$1 == f && $2 == v && $3 == b && $5 != "" { print $5 }' "$results" | sort -g \
    | awk '{ a[NR] = $1 } END { if (NR % 2 == 1) print a[(NR + 1) / 2]; else if (NR > 0) print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
all() { # figure variant build: every round's value, in round order
  awk -F'\t' -v f="$1" -v v="$2" -v b="$3" '$1 == f && $2 == v && $3 == b { printf "%s%s", sep, ($5 == "" ? "?" : $5); sep = " / " }' "$results"
}
fmt() { # a figure for the table: thousands grouped, tenths below 1,000, hundredths below 10
  [[ -z "$1" ]] && { echo "—"; return; }
  awk -v x="$1" 'BEGIN { if (x < 10) { printf "%.2f", x; exit } if (x < 1000) { printf "%.1f", x; exit }
    s = sprintf("%.0f", x); o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) } print s o }'
}
ratio() { [[ -z "$1" || -z "$2" ]] && { echo "—"; return; }; awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "—"; else printf "%.2f", a / b }'; }
row() { # label figure base-variant head-variant unsynced-variant unit better floor aim
  local label=$1 figure=$2 bv=$3 hv=$4 uv=$5 unit=$6 better=$7 floor=$8 aim=$9
  local base head unsynced base_unsynced base_cell
  base="$(median "$figure" "$bv" base)"; head="$(median "$figure" "$hv" head)"
  unsynced=""; [[ $uv != - ]] && unsynced="$(median "$figure" "$uv" head)"
  base_unsynced="$base"; base_cell="$(fmt "$base")"
  if [[ $uv != - && $base_durable == 1 ]]; then # durable against durable, unsynced against unsynced
    base="$(median "$figure" synced base)"; base_unsynced="$(median "$figure" unsynced base)"
    base_cell="$(fmt "$base") (unsynced $(fmt "$base_unsynced"))"
  fi
  [[ -z "$base$head" ]] && return
  printf '| %s | %s | %s | %s | **%s** | %s | %s | %s | %s |\n' "$label" "$base_cell" "$(fmt "$head")" \
    "$( [[ $uv == - ]] && echo "(same)" || fmt "$unsynced")" "$(ratio "$head" "$base")" \
    "$( [[ $uv == - ]] && echo "" || ratio "$unsynced" "$base_unsynced")" "$unit, $better" "$floor" "$aim"
}
mkdir -p "$(dirname "$out")"
{
  echo "# Issue 15's table before and after, one run ($mode mode: $rounds rounds per build and figure, builds alternated)"
  echo
  echo "base: $base_rev ($base_what); head: $head_rev. Each figure's rounds ran base and head"
  echo "alternately (base first in odd rounds, head first in even ones), each run in its own JVM; a figure is the median of"
  echo "its rounds (of an even count, the mean of the middle two). The durable figures are head's default (each batch msynced before it is"
  echo "answered); 'head unsynced' is head with settlement.node.durability=unsynced."
  if [[ $base_durable == 1 ]]; then
    echo "The base build has the same setting: durable is compared with durable, unsynced with unsynced."
  else
    echo "The base build has only its unsynced default (its sync-every-batch, off by default, scheduled an MS_ASYNC msync:"
    echo "not the same promise, not measured): 'head / base' is head durable against it, 'unsynced / base' like for like."
  fi
  echo
  echo "command: benchmarks/issue15-table.sh$( [[ $quick == 1 ]] && echo ' --quick') --rounds $rounds   ($(( (finished - run_started) / 60 )) min in all, builds included)"
  echo "machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/^Mem/ { print $2 }') GiB RAM,"
  echo "  $(java -version 2>&1 | sed -n 2p); load average at the start $load_start, at the end $load_end"
  echo
  echo "## Ratios first: head / base (medians); throughput higher is better, latency and times lower"
  echo
  echo "| figure | base | head (durable) | head unsynced | head / base | unsynced / base | unit | floor | aim |"
  echo "|---|---|---|---|---|---|---|---|---|"
  row "engine registration, 16K live (EngineScaleRunner, per CPU s)" register-16k-cpu - - - "deals/s" higher "5 M/s" "10 M/s at 1M live"
  row "engine registration, 1M live (EngineScaleRunner, per CPU s)" register-1m-cpu - - - "deals/s" higher "5 M/s" "10 M/s"
  row "engine registration, 16K live (EngineScaleRunner, per wall s)" register-16k-wall - - - "deals/s" higher "" ""
  row "engine registration, 1M live (EngineScaleRunner, per wall s)" register-1m-wall - - - "deals/s" higher "" ""
  row "engine registration, 16K live (JMH)" jmh-register - - - "ops/s" higher "5 M/s" "10 M/s at 1M live"
  row "settlement cycle per DvP deal (JMH)" jmh-settle - - - "deals/s" higher "5 M/s" "10 M/s"
  row "ring + journal + engine in process, % of raw append" pipeline-percent unsynced synced unsynced "%" higher "30%" "50%"
  row "ring + journal + engine in process, rate" pipeline-rate unsynced synced unsynced "commands/s" higher "" ""
  row "raw Chronicle append (same JVM as the pipeline)" raw-append - - - "commands/s" higher "" ""
  for c in $tcp_connections; do
    row "over TCP, pipelined, $c connection(s)" "tcp-pipelined-${c}c" unsynced synced unsynced "deals/s" higher "0.5 M/s" "1 M/s"
  done
  for c in $tcp_connections; do
    row "latency at 100K/s offered, $c conn., p50" "latency-p50-${c}c" unsynced synced unsynced "us" lower "" ""
    row "latency at 100K/s offered, $c conn., p99" "latency-p99-${c}c" unsynced synced unsynced "us" lower "1 ms" "100 us"
    row "latency at 100K/s offered, $c conn., p99.9" "latency-p999-${c}c" unsynced synced unsynced "us" lower "" "1 ms"
    row "latency at 100K/s offered, $c conn., deals refused (BUSY)" "latency-refused-${c}c" unsynced synced unsynced "deals" lower "" ""
  done
  row "replay with every event verified (no snapshot)" replay - - - "commands/s" higher "2 M/s" "5 M/s"
  row "restart: snapshot + $(fmt $restart_tail) tail" restart-ms - - - "ms" lower "< 5 s (10M tail)" "< 2 s"
  row "$(sed 's/ (.*//' <<< "$bigday_name") ($( [[ $quick == 1 ]] && echo '10M deals, --quick' || echo '77M deals'))" bigday-s - - - "s wall" lower "$( [[ $quick == 1 ]] && echo '' || echo '< 5 min')" "$( [[ $quick == 1 ]] && echo '' || echo '< 60 s')"
  echo
  echo "(same): a figure that does not depend on the durability. The floors and aims are the issue's; the figures of a"
  echo "loaded machine are not a judgement of them: read the ratios."
  echo
  echo "## Every round (values in the table's units), base / head"
  echo
  awk -F'\t' '{ print $1 "\t" $2 }' "$results" | awk '!seen[$0]++' | while IFS=$'\t' read -r f v; do
    printf '%-28s %-9s base: %s;  head: %s\n' "$f" "$v" "$(all "$f" "$v" base)" "$(all "$f" "$v" head)"
  done
  echo
  echo "## Per figure: commands, load, each run's output"
  cat "$log"
} > "$out"
say "results in $out (the raw rows in $results)"
