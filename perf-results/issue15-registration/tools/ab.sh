#!/bin/bash
# ab.sh OUT ROUNDS LIVES BATCHES JAR1 JAR2 ...   interleaved rounds, order alternated each round
out=$1; rounds=$2; lives=$3; batches=$4; shift 4; jars=("$@")
for r in $(seq 1 $rounds); do
  if (( r % 2 == 1 )); then order=("${jars[@]}"); else order=(); for ((i=${#jars[@]}-1;i>=0;i--)); do order+=("${jars[$i]}"); done; fi
  for live in $lives; do
    for jar in "${order[@]}"; do
      flags="$(unzip -p $jar settlement-jvm.flags)"
      l=$(cut -d' ' -f1 /proc/loadavg)
      res=$(java -Xms3g -Xmx3g $flags -Dagrona.disable.bounds.checks=true -cp /tmp/k/cls:$jar io.settlement.benchmarks.RegQuantiles register $live $batches 2>&1 | grep "^register")
      echo "round $r $(basename $jar .jar) load $l $res" | tee -a $out
    done
  done
done
