#!/usr/bin/env python3
"""Groups one thread's perf samples into runs on the CPU and names what the long runs spent their samples in.

Reads `perf script -F time,ip,sym` of a single thread (cpu-clock, call graphs) on standard input. Samples
less than 0.6 ms apart (at 2000 Hz) belong to one run; each run longer than the threshold (seconds, first
argument, default 0.002) is printed, longest first, with its three commonest stacks (the first 7 named
frames, leaf first).
"""
import collections
import re
import sys

threshold = float(sys.argv[1]) if len(sys.argv) > 1 else 0.002
samples = []
for line in sys.stdin:
    header = re.match(r'\s*(\d+\.\d+):\s*$', line)
    if header:
        samples.append((float(header.group(1)), []))
    elif samples and line.strip():
        parts = line.strip().split(None, 1)
        samples[-1][1].append(parts[1] if len(parts) > 1 else parts[0])

runs, run = [], []
for sample in samples:
    if run and sample[0] - run[-1][0] > 0.0006:
        runs.append(run)
        run = []
    run.append(sample)
if run:
    runs.append(run)

long_runs = sorted((r for r in runs if r[-1][0] - r[0][0] > threshold), key=lambda r: r[0][0] - r[-1][0])
seconds = samples[-1][0] - samples[0][0] if samples else 0
print(f"{len(samples)} samples over {seconds:.1f} s in {len(runs)} runs; {len(long_runs)} runs longer than {threshold * 1000:.1f} ms")
for r in long_runs[:12]:
    stacks = collections.Counter()
    for _, frames in r:
        named = [f for f in frames if 'unknown' not in f]
        stacks[" < ".join(f[:70] for f in named[:7])] += 1
    print(f"run of {(r[-1][0] - r[0][0]) * 1000:.1f} ms, {len(r)} samples")
    for stack, count in stacks.most_common(3):
        print(f"    {count:3d}  {stack}")
