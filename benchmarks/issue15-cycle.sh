#!/usr/bin/env bash
# The settlement cycle per DvP deal, several builds side by side in one JVM (PairedCycles): each commit named is
# built in a temporary git worktree (its jar kept in BUILDS/<commit>/, the worktree removed), this working tree
# as 'head'; CycleBatches is compiled from this tree's source against each jar; then every build settles its
# batches of 16,384 deals in turn, batch by batch, so that all meet the same load on a shared machine. Prints
# per build the deals per CPU second of the cycle and the median per-batch ratio to the first build named.
#
#   benchmarks/issue15-cycle.sh [--batches N] [--rounds N] [--builds DIR] [COMMIT...]
#       default commits: ca3bcb9 (before issue 15), 60ed8eb and 176b38b (before and after the paged deal slab),
#       ce0f2f1 (per-date slot lists in pages); head is always last
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
batches=150
rounds=1
builds=/tmp/issue15-cycle-builds
commits=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --batches) batches="$2"; shift ;;
    --rounds) rounds="$2"; shift ;;
    --builds) builds="$2"; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) commits+=("$1") ;;
  esac
  shift
done
[[ ${#commits[@]} -gt 0 ]] || commits=(ca3bcb9 60ed8eb 176b38b ce0f2f1)

build() { # name source-dir
  mkdir -p "$builds/$1"
  (cd "$2" && mvn -B -o -q -DskipTests -pl benchmarks -am package) >&2
  cp "$2/benchmarks/target/benchmarks.jar" "$builds/$1/benchmarks.jar"
}
dirs=()
for c in "${commits[@]}"; do
  name="$(git rev-parse --short=7 "$c")"
  if [[ ! -f "$builds/$name/benchmarks.jar" ]]; then
    echo "== building $name in a temporary worktree" >&2
    src="$(mktemp -d /tmp/issue15-cycle-src.XXXXXX)"
    git worktree add --detach "$src" "$c" >&2
    trap 'git worktree remove --force "$src" 2> /dev/null || true' EXIT
    build "$name" "$src"
    git worktree remove --force "$src"
    trap - EXIT
  fi
  dirs+=("$builds/$name")
done
echo "== building head ($(git rev-parse --short HEAD))" >&2
build head "$root"
dirs+=("$builds/head")
for d in "${dirs[@]}"; do
  rm -rf "$d/classes"; mkdir -p "$d/classes"
  javac -nowarn -d "$d/classes" -cp "$d/benchmarks.jar" benchmarks/src/main/java/io/settlement/benchmarks/CycleBatches.java
done
flags="$(cat benchmarks/target/classes/settlement-jvm.flags) -Dagrona.disable.bounds.checks=true"
echo "machine: $(nproc) cores, $(java -version 2>&1 | sed -n 2p)"
echo "command: java <flags> -Xms3g -Xmx3g -cp <head jar> io.settlement.benchmarks.PairedCycles $batches ${dirs[*]##*/}"
for r in $(seq 1 "$rounds"); do
  echo "round $r, load average before: $(cat /proc/loadavg)"
  java $flags -Xms3g -Xmx3g -cp "$builds/head/benchmarks.jar" io.settlement.benchmarks.PairedCycles "$batches" "${dirs[@]}"
done
echo "load average after: $(cat /proc/loadavg)"
