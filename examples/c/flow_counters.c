// flow_counters.c -- examples/flow_counters.bpf in C: per-flow counters in a hash map, updated under
// bpf_res_spin_lock from tc.
//
// Run:   ./rqbpf attach examples/c/flow_counters.o --dump-maps
// What:  flow_stats parses IPv4 TCP/UDP packets into a 5-tuple, creates the flow's entry on its first
//        packet (BPF_NOEXIST: two CPUs racing to create it end up with one entry) and adds to its packet
//        and byte counters while holding the resilient spin lock in the value; a failed lock is counted
//        in lock_errors (a global in .bss).
#include "rqbpf.h"

struct flow_key {
	__u32 saddr;
	__u32 daddr;
	__u16 sport;
	__u16 dport;
	__u32 proto;
};

struct flow_stats {
	struct bpf_res_spin_lock lock;
	__u64 packets;
	__u64 bytes;
	__u64 first_ns;
	__u64 last_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct flow_key);
	__type(value, struct flow_stats);
} flows SEC(".maps");

__u64 lock_errors;

SEC("tc")
__success __retval(0)
int flow_stats(struct __sk_buff *skb)
{
	__u8 *data = (__u8 *)(long)skb->data;
	__u8 *end = (__u8 *)(long)skb->data_end;
	struct flow_key key = {};
	struct flow_stats *st;
	__u64 now;

	if (data + 38 > end || *(__u16 *)(data + 12) != 0x0008 || data[14] != 0x45)
		return TC_ACT_OK;
	if (data[23] != 6 && data[23] != 17)
		return TC_ACT_OK;
	key.proto = data[23];
	key.saddr = *(__u32 *)(data + 26);
	key.daddr = *(__u32 *)(data + 30);
	key.sport = *(__u16 *)(data + 34);
	key.dport = *(__u16 *)(data + 36);
	now = bpf_ktime_get_ns();

	st = bpf_map_lookup_elem(&flows, &key);
	if (!st) {
		struct flow_stats fresh = { .first_ns = now, .last_ns = now };
		bpf_map_update_elem(&flows, &key, &fresh, BPF_NOEXIST);
		st = bpf_map_lookup_elem(&flows, &key);
		if (!st)
			return TC_ACT_OK;
	}
	if (bpf_res_spin_lock(&st->lock)) {
		__sync_fetch_and_add(&lock_errors, 1);
		return TC_ACT_OK;
	}
	st->packets += 1;
	st->bytes += skb->len;
	st->last_ns = now;
	bpf_res_spin_unlock(&st->lock);
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
