// libbpf_run OBJECT: loads each program of OBJECT with libbpf, alone (the others' autoload off), and
// test-runs it once on a 64-byte zeroed packet. One line per program:
//   NAME loaded RETVAL        loaded and test-run (RETVAL as the kernel's u32)
//   NAME loaded -             loaded; its type has no test-run
//   NAME rejected ERRNO       libbpf or the kernel refused it
// Runs on CPU 0, as rqbpf's test-runs do. Only opens, loads (BTF, maps, program), test-runs and closes:
// nothing is attached or pinned.
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list args) {
    (void) level; (void) fmt; (void) args;
    return 0;
}

static int run_one(const char *path, int index) {
    struct bpf_object *obj = bpf_object__open_file(path, NULL);
    if (!obj) {
        fprintf(stderr, "%s: libbpf cannot open it (%d)\n", path, -errno);
        return -1;
    }
    struct bpf_program *p, *chosen = NULL;
    int i = 0;
    bpf_object__for_each_program(p, obj) {
        bpf_program__set_autoload(p, i == index);
        if (i == index) chosen = p;
        i++;
    }
    if (!chosen) {
        bpf_object__close(obj);
        return 0;
    }
    int err = bpf_object__load(obj);
    if (err) {
        printf("%s rejected %d\n", bpf_program__name(chosen), -err);
    } else {
        unsigned char packet[64] = {0};
        LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = packet, .data_size_in = sizeof packet, .repeat = 1);
        enum bpf_prog_type t = bpf_program__type(chosen);
        if (t == BPF_PROG_TYPE_SCHED_CLS || t == BPF_PROG_TYPE_XDP || t == BPF_PROG_TYPE_SOCKET_FILTER) {
            err = bpf_prog_test_run_opts(bpf_program__fd(chosen), &opts);
            if (err) printf("%s rejected %d\n", bpf_program__name(chosen), -err);
            else printf("%s loaded %u\n", bpf_program__name(chosen), opts.retval);
        } else {
            printf("%s loaded -\n", bpf_program__name(chosen));
        }
    }
    bpf_object__close(obj);
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: libbpf_run OBJECT\n");
        return 2;
    }
    cpu_set_t cpu0;
    CPU_ZERO(&cpu0);
    CPU_SET(0, &cpu0);
    if (sched_setaffinity(0, sizeof cpu0, &cpu0)) {
        perror("sched_setaffinity");
        return 1;
    }
    libbpf_set_print(quiet);
    for (int i = 0;; i++) {
        int r = run_one(argv[1], i);
        if (r < 0) return 1;
        if (r == 0) return 0;
    }
}
