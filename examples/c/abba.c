// abba.c -- examples/abba.bpf in C: two programs on different CPUs taking two value locks in opposite
// orders (ABBA), through a static subprogram.
//
// Run:   ./rqbpf attach examples/c/abba.o --cpus 2
// What:  on even CPUs pay_a_to_b locks account 0, sums its history with the lock held, then locks
//        account 1 and moves one unit from 0 to 1; on odd CPUs pay_b_to_a does the opposite. When each
//        CPU holds its first lock and waits for the other's, the rqspinlock's ABBA check answers -EDEADLK
//        to one of them, which unlocks and gives up. outcomes counts per CPU 0: transfers done,
//        1: EDEADLK on the second lock, 2: other failures.
#include "rqbpf.h"

#define EDEADLK 35

struct account {
	struct bpf_res_spin_lock lock;
	__s64 balance;
	__u64 transfers;
	__u64 history[12];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct account);
} accounts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} outcomes SEC(".maps");

static __attribute__((noinline)) int transfer(__u32 from_key, __u32 to_key)
{
	struct account *from = bpf_map_lookup_elem(&accounts, &from_key);
	struct account *to = bpf_map_lookup_elem(&accounts, &to_key);
	__u64 sum = 0;
	int err;

	if (!from || !to)
		return 2;
	if (bpf_res_spin_lock(&from->lock))
		return 2;
	for (int i = 0; i < 12; i++)
		sum += from->history[i];
	err = bpf_res_spin_lock(&to->lock);
	if (err) {
		bpf_res_spin_unlock(&from->lock);
		return err == -EDEADLK ? 1 : 2;
	}
	from->balance -= 1;
	to->balance += 1;
	from->transfers += 1;
	bpf_res_spin_unlock(&to->lock);
	bpf_res_spin_unlock(&from->lock);
	return 0;
}

static __attribute__((noinline)) int record(__u32 outcome)
{
	__u64 *n = bpf_map_lookup_elem(&outcomes, &outcome);

	if (n)
		*n += 1;
	return 0;
}

SEC("tc")
__success __retval(-1)
int pay_a_to_b(struct __sk_buff *skb)
{
	if ((bpf_get_smp_processor_id() & 1) == 0)
		record(transfer(0, 1));
	return TC_ACT_UNSPEC;
}

SEC("tc")
__success __retval(-1)
int pay_b_to_a(struct __sk_buff *skb)
{
	if (bpf_get_smp_processor_id() & 1)
		record(transfer(1, 0));
	return TC_ACT_UNSPEC;
}

char _license[] SEC("license") = "GPL";
