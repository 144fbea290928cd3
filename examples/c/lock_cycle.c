// lock_cycle.c -- examples/lock_cycle.bpf in C: three CPUs taking three value locks in a cycle, ended
// by -ETIMEDOUT.
//
// Run:   ./rqbpf attach examples/c/lock_cycle.o --cpus 3 --duration 2s
// What:  on CPU c, hand_off locks stage c % 3, sums its history with the lock held, then locks stage
//        (c + 1) % 3 and moves one item along. When all three CPUs hold their first lock, each waits for
//        the next in a cycle the ABBA check cannot see (it recognises two-CPU cycles only), so the
//        pending waiter's timeout (250 ms) breaks it: -ETIMEDOUT. outcomes counts per CPU 0: hand-offs
//        done, 1: ETIMEDOUT on the second lock, 2: other failures.
#include "rqbpf.h"

#define ETIMEDOUT 110

struct stage {
	struct bpf_res_spin_lock lock;
	__s64 items;
	__u64 handoffs;
	__u64 history[12];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, struct stage);
} stages SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} outcomes SEC(".maps");

static __attribute__((noinline)) int pass_item(__u32 this_key, __u32 next_key)
{
	struct stage *this = bpf_map_lookup_elem(&stages, &this_key);
	struct stage *next = bpf_map_lookup_elem(&stages, &next_key);
	__u64 sum = 0;
	int err;

	if (!this || !next)
		return 2;
	if (bpf_res_spin_lock(&this->lock))
		return 2;
	for (int i = 0; i < 12; i++)
		sum += this->history[i];
	err = bpf_res_spin_lock(&next->lock);
	if (err) {
		bpf_res_spin_unlock(&this->lock);
		return err == -ETIMEDOUT ? 1 : 2;
	}
	this->items -= 1;
	next->items += 1;
	this->handoffs += 1;
	bpf_res_spin_unlock(&next->lock);
	bpf_res_spin_unlock(&this->lock);
	return 0;
}

SEC("tc")
__success __retval(0)
int hand_off(struct __sk_buff *skb)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u32 outcome = pass_item(cpu % 3, (cpu + 1) % 3);
	__u64 *n = bpf_map_lookup_elem(&outcomes, &outcome);

	if (n)
		*n += 1;
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
