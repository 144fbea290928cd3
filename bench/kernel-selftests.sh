#!/usr/bin/env bash
# Measures rqbpf against Linux on the kernel's own verifier selftests (tools/testing/selftests/bpf/progs/
# verifier_*.c): builds them with clang from Debian's linux-source package and runs
# `rqbpf test --kernel` on the objects. The sources are third-party (GPL) and stay outside the
# repository: they are unpacked under the work folder, never committed.
#
# Usage: bench/kernel-selftests.sh [WORKDIR]   (default /tmp/rqbpf-kernel-selftests)
# Needs root (apt-get, bpf(2)), clang-19 and bpftool; takes about a minute after the download.
# Prints the agreement table; the rows are in WORKDIR/result.json.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/rqbpf-kernel-selftests}"
mkdir -p "$work/obj"
tarball="$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$tarball" ]; then
    apt-get install -y -q "$(apt-cache search --names-only '^linux-source-[0-9.]+$' | awk '{print $1}' | sort -V | tail -1)" >&2
    tarball="$(ls /usr/src/linux-source-*.tar.xz | sort -V | tail -1)"
fi
src="$work/$(basename "$tarball" .tar.xz)"
if [ ! -d "$src/tools/testing/selftests/bpf/progs" ]; then
    tar -xJf "$tarball" -C "$work" --wildcards '*/tools/testing/selftests/bpf/progs/*' \
        '*/tools/testing/selftests/bpf/*.h' '*/tools/include/*' '*/include/linux/filter.h'
fi
bpftool btf dump file /sys/kernel/btf/vmlinux format c > "$work/vmlinux.h"
cd "$src/tools/testing/selftests/bpf"
built=0; failed=0
for f in progs/verifier_*.c; do
    b="$(basename "$f" .c)"
    if clang-19 -O2 -g -target bpf -D__TARGET_ARCH_x86 -mcpu=v4 -I"$work" -I. -Iprogs -I../../../include/uapi \
        -I/usr/include -I/usr/include/x86_64-linux-gnu -c "$f" -o "$work/obj/$b.o" 2>/dev/null; then
        built=$((built + 1))
    else
        failed=$((failed + 1))
    fi
done
echo "built $built selftest objects ($failed do not compile with this clang and these headers)" >&2
cd "$root"
./rqbpf test --kernel --json "$work"/obj/*.o > "$work/result.json" 2> "$work/skipped.txt" || true
./rqbpf test --kernel "$work"/obj/*.o 2>/dev/null | sed -n '/^agreement with Linux/,$p'
