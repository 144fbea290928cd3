#!/usr/bin/env bash
# Cold start of the CLI, timed as a whole process (JVM start, class loading, parse, verify, exit):
# `./rqbpf verify FILE` as users run it (with the class-data-sharing archive the build makes), the same
# JVM options without the archive, and a bare `java -version` as the floor of any JVM command.
#
# Usage: bench/cold-start.sh [RUNS] [FILE]   (defaults: 10 runs of examples/packet_counters.bpf)
# Prints min and median wall seconds of each, the three interleaved run by run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${1:-10}"
file="${2:-examples/packet_counters.bpf}"
./rqbpf --version >/dev/null # builds the jar and the archive if they are stale
jvm=(-XX:-DontCompileHugeMethods -XX:+UseParallelGC -Xmn256m)
wall() { # wall seconds of one command, its output dropped
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    awk -v d=$((t1 - t0)) 'BEGIN { printf "%.3f\n", d / 1e9 }'
}
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for _ in $(seq "$runs"); do
    wall ./rqbpf verify "$file" >>"$tmp/archive"
    wall java "${jvm[@]}" -jar cli/target/rqbpf.jar verify "$file" >>"$tmp/plain"
    wall java -version >>"$tmp/floor"
done
stats() { sort -n "$1" | awk '{ v[NR] = $1 } END { printf "min %.3f s  median %.3f s", v[1], (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "cold start, $runs runs each, $(nproc) CPUs, $(java -version 2>&1 | head -1)"
printf '%-44s %s\n' "./rqbpf verify $file" "$(stats "$tmp/archive")"
printf '%-44s %s\n' "the same without the CDS archive" "$(stats "$tmp/plain")"
printf '%-44s %s\n' "java -version (the JVM's floor)" "$(stats "$tmp/floor")"
