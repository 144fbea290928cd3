#!/usr/bin/env bash
# Regenerates the dashboard table at the top of BENCHMARKS.md (between the dashboard markers): each
# figure beside its baseline, measured now, on this machine.
#
#   lock fast path and contention   JMH LockBench: rqspinlock against qspinlock (uncontended ns/op;
#                                   2 threads ops/s)
#   maps                            JMH MapBench: hash map update+lookup against ConcurrentHashMap
#   verifier                        JMH VerifierBench: ms per verification of four program shapes
#   JIT and interpreter             rqbpf bench FILE --kernel: against Linux's JIT (needs bpf(2) as root;
#                                   the workloads of ../shared/perf when present, else examples/)
#   agreement with Linux            rqbpf test --kernel test-programs examples
#
# Usage: bench/dashboard.sh [--print]   (--print: write the table to stdout, leave BENCHMARKS.md alone)
# Takes about 3 minutes. Builds the jars first if they are missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ -f bench/target/rqbpf-bench.jar ] && [ -f cli/target/rqbpf.jar ] || mvn -B -q package -DskipTests >&2
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
jmh() { # CSV of one JMH run: jmh NAME ARGS...
    local name="$1"; shift
    java -jar bench/target/rqbpf-bench.jar "$@" -f 1 -wi 2 -i 3 -w 1s -r 1s -rf csv -rff "$tmp/$name.csv" >&2
}
score() { # score FILE BENCHMARK_SUFFIX [PARAM]: the Score column of the matching row
    awk -F, -v b="$2" -v p="${3:-}" 'NR > 1 { gsub(/["\r]/, ""); n = split($1, parts, "."); if (parts[n] == b && (p == "" || $NF == p)) { print $5; exit } }' "$1"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
fmt() { awk -v v="$1" 'BEGIN { if (v >= 100) printf "%.0f", v; else if (v >= 10) printf "%.1f", v; else printf "%.2f", v }'; }

jmh lock_un 'LockBench.uncontended(Rq|Q)$'
jmh lock_co 'LockBench.contended(Rq|Q)$' -t 2
jmh maps 'MapBench.(hashUpdateLookup|chmPutGet)$' -p prefixes=1000
jmh verifier 'VerifierBench.verify$'

rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 | \`${6//|/\\|}\` |"); }
un_rq=$(score "$tmp/lock_un.csv" uncontendedRq); un_q=$(score "$tmp/lock_un.csv" uncontendedQ)
row "locks" "lock + unlock, uncontended (ns/op)" "$(fmt "$un_rq")" "qspinlock $(fmt "$un_q")" "$(ratio "$un_rq" "$un_q")" \
    "java -jar bench/target/rqbpf-bench.jar 'LockBench.uncontended(Rq|Q)\$'"
co_rq=$(score "$tmp/lock_co.csv" contendedRq); co_q=$(score "$tmp/lock_co.csv" contendedQ)
row "locks" "lock + unlock, 2 threads (ops/s, higher is better)" "$(fmt "$co_rq")" "qspinlock $(fmt "$co_q")" \
    "$(ratio "$co_rq" "$co_q")" "java -jar bench/target/rqbpf-bench.jar 'LockBench.contended(Rq|Q)\$' -t 2"
hm=$(score "$tmp/maps.csv" hashUpdateLookup); chm=$(score "$tmp/maps.csv" chmPutGet)
row "maps" "hash update + lookup (ns/op)" "$(fmt "$hm")" "ConcurrentHashMap $(fmt "$chm")" "$(ratio "$hm" "$chm")" \
    "java -jar bench/target/rqbpf-bench.jar 'MapBench.(hashUpdateLookup|chmPutGet)\$' -p prefixes=1000"
for shape in straight branchy looping limit; do
    v=$(score "$tmp/verifier.csv" verify "$shape")
    row "verifier" "verify a '$shape' program (ms)" "$(fmt "$v")" "-" "-" \
        "java -jar bench/target/rqbpf-bench.jar VerifierBench -p shape=$shape"
done

if [ -d ../shared/perf ]; then workloads=(../shared/perf/alu.bpf ../shared/perf/maps.bpf); else workloads=(examples/packet_counters.bpf); fi
kernel="yes"
for w in "${workloads[@]}"; do
    if ! ./rqbpf bench "$w" --kernel > "$tmp/bench.txt" 2> "$tmp/bench.err"; then
        kernel="no"
        echo "dashboard: $w --kernel: $(tail -1 "$tmp/bench.err")" >&2
        continue
    fi
    # program engine min median max xlinux load xlinux r0; continuation lines start with the engine
    awk -v file="$w" 'NR > 2 { if ($1 == "jit" || $1 == "interp" || $1 == "linux") { eng = $1; med = $3; x = $5 }
                                else { prog = $1; eng = $2; med = $4; x = $6 }
                                gsub(/,/, "", med)
                                if (eng == "linux") lin[prog] = med; else print prog, eng, med, x }
                      END { for (p in lin) print p, "linux", lin[p], "-" }' "$tmp/bench.txt" > "$tmp/bench.rows"
    while read -r prog eng med x; do
        [ "$eng" = linux ] && continue
        lin=$(awk -v p="$prog" '$1 == p && $2 == "linux" { print $3 }' "$tmp/bench.rows")
        label="JIT"; [ "$eng" = interp ] && label="interpreter"
        row "$label" "$(basename "$w") \`$prog\` (ns/run)" "$med" "Linux JIT $lin" "$x" "./rqbpf bench $w --kernel"
    done < "$tmp/bench.rows"
done

if [ "$kernel" = yes ]; then
    ./rqbpf test --kernel test-programs examples > "$tmp/agree.txt" 2>&1 || true
    all=$(grep '^all ' "$tmp/agree.txt" | tr -s ' ')
    same=$(echo "$all" | awk '{ print $4, $5, $6 }'); holds=$(echo "$all" | awk '{ print $7, $8, $9 }')
    row "agreement" "same verdict as Linux" "$same" "Linux 6.18 verdicts" "-" "./rqbpf test --kernel test-programs examples"
    row "agreement" "annotations hold on Linux" "$holds" "-" "-" "./rqbpf test --kernel test-programs examples"
fi

{
    echo "<!-- dashboard:begin (bench/dashboard.sh writes this table) -->"
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) CPUs, $(uname -sr), $(java -version 2>&1 | head -1)."
    echo
    echo "| area | measure | rqbpf | baseline | ratio | command |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo "<!-- dashboard:end -->"
} > "$tmp/table.md"

if [ "${1:-}" = "--print" ]; then
    cat "$tmp/table.md"
    exit 0
fi
awk -v table="$tmp/table.md" '
    /<!-- dashboard:begin/ { while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- dashboard:end -->/ { skip = 0; next }
    !skip { print }' BENCHMARKS.md > "$tmp/BENCHMARKS.md"
grep -q "dashboard:begin" BENCHMARKS.md || { echo "dashboard: BENCHMARKS.md has no dashboard markers" >&2; exit 1; }
cp "$tmp/BENCHMARKS.md" BENCHMARKS.md
echo "dashboard: BENCHMARKS.md updated" >&2
