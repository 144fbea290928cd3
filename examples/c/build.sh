#!/usr/bin/env bash
# Rebuilds the committed objects of the C examples: every NAME.c here to NAME.o, as the tests expect
# them (clang 19, BPF target, -O2 -g for BTF and line info, no machine path in the debug information).
# Usage: examples/c/build.sh [OUTDIR]   (default: this folder; CLANG overrides the compiler)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here}"
clang="${CLANG:-clang-19}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$here"
for c in *.c; do
    "$clang" -target bpf -O2 -g -fdebug-compilation-dir=. -I. -c "$c" -o "$out/${c%.c}.o"
done
