// nmi_reentry.c -- examples/nmi_reentry.bpf in C: an NMI program re-entering the hash map a tc program
// is updating.
//
// Run:   ./rqbpf attach examples/c/nmi_reentry.o --rate nmi=20000
// What:  count_packet rewrites its CPU's entry of per_cpu_stats with bpf_map_update_elem, which holds
//        the bucket's rqspinlock (irqsave) while it fires kprobe/htab_map_update_elem (audit_update) and
//        passes an interrupt point. A sampling NMI (sample_cpu, updating the same CPU's entry) that lands
//        there re-enters the bucket its own CPU holds: the lock's AA check answers -EDEADLK at once.
//        nmi_results counts per CPU 0: ok, 1: EDEADLK, 2: other; updates_seen counts audit_update's runs.
#include "rqbpf.h"

#define EDEADLK 35

struct stats {
	__u64 packets;
	__u64 samples;
	__u64 last_packet_ns;
	__u64 last_sample_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct stats);
} per_cpu_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} nmi_results SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} updates_seen SEC(".maps");

SEC("tc")
__success __retval(0)
int count_packet(struct __sk_buff *skb)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct stats next = {};
	struct stats *old = bpf_map_lookup_elem(&per_cpu_stats, &cpu);

	if (old) {
		next.packets = old->packets;
		next.samples = old->samples;
		next.last_sample_ns = old->last_sample_ns;
	}
	next.packets += 1;
	next.last_packet_ns = bpf_ktime_get_ns();
	bpf_map_update_elem(&per_cpu_stats, &cpu, &next, BPF_ANY);
	return TC_ACT_OK;
}

SEC("perf_event")
int sample_cpu(void *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct stats *old = bpf_map_lookup_elem(&per_cpu_stats, &cpu);
	struct stats next;
	__u32 outcome;
	__u64 *n;
	long err;

	if (!old)
		return 0;	/* no packet seen on this CPU yet */
	next.packets = old->packets;
	next.samples = old->samples + 1;
	next.last_packet_ns = old->last_packet_ns;
	next.last_sample_ns = bpf_ktime_get_ns();
	err = bpf_map_update_elem(&per_cpu_stats, &cpu, &next, BPF_EXIST);
	outcome = err == 0 ? 0 : err == -EDEADLK ? 1 : 2;
	n = bpf_map_lookup_elem(&nmi_results, &outcome);
	if (n)
		*n += 1;
	return 0;
}

SEC("kprobe/htab_map_update_elem")
int audit_update(void *ctx)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&updates_seen, &zero);

	if (n)
		*n += 1;
	return 0;
}

char _license[] SEC("license") = "GPL";
