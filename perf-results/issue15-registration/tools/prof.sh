#!/bin/bash
# prof.sh JAR NAME LIVE BATCHES
jar=$1; name=$2; live=$3; batches=$4
flags="$(unzip -p $jar settlement-jvm.flags)"
uptime > /tmp/k/$name.txt
java -Xms3g -Xmx3g $flags -Dagrona.disable.bounds.checks=true -XX:StartFlightRecording=filename=/tmp/k/$name.jfr,settings=/tmp/k/fast.jfc -cp $jar io.settlement.benchmarks.EngineScaleRunner register $live $batches >> /tmp/k/$name.txt 2>&1
uptime >> /tmp/k/$name.txt
java -cp $jar io.settlement.benchmarks.JfrProfile /tmp/k/$name.jfr /tmp/k/$name-top.txt /tmp/k/$name.collapsed /tmp/k/$name-native.collapsed >> /tmp/k/$name.txt 2>&1
