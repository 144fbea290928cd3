// lpm_firewall.c -- examples/lpm_firewall.bpf in C: an IPv4 source-address blocklist in an LPM trie,
// enforced on XDP.
//
// Run:   ./rqbpf attach examples/c/lpm_firewall.o --map-updates examples/lpm_firewall.maps --dump-maps
// What:  attach writes the four rules of examples/lpm_firewall.maps into the blocklist trie from user
//        space before the workload (198.51.100.0/24 rule 1, 203.0.113.128/25 rule 2, 10.13.0.0/16
//        rule 3, 192.0.2.64/26 rule 4), each insert firing kprobe/trie_update_elem, where
//        count_rule_inserts counts it. The xdp program firewall looks each IPv4 source address up
//        (longest prefix match) and drops the packets that match.
#include "rqbpf.h"

struct lpm_v4_key {
	__u32 prefixlen;
	__u8 addr[4];
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 64);
	__type(key, struct lpm_v4_key);
	__type(value, __u32);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} blocklist SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} verdicts SEC(".maps");	/* 0: passed, 1: dropped */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} rule_hits SEC(".maps");

__u64 rules_loaded SEC(".bss");

SEC("kprobe/trie_update_elem")
int count_rule_inserts(void *ctx)
{
	__sync_fetch_and_add(&rules_loaded, 1);
	return 0;
}

SEC("xdp")
__success __retval(2)
int firewall(struct xdp_md *xdp)
{
	__u8 *data = (__u8 *)(long)xdp->data;
	__u8 *end = (__u8 *)(long)xdp->data_end;
	__u32 verdict = 0;
	__u64 *n;

	if (data + 34 <= end && *(__u16 *)(data + 12) == 0x0008) {
		struct lpm_v4_key key = { .prefixlen = 32 };
		__u32 *rule;

		__builtin_memcpy(key.addr, data + 26, 4);
		rule = bpf_map_lookup_elem(&blocklist, &key);
		if (rule) {
			__u32 hit = *rule & 7;
			__u64 *hits = bpf_map_lookup_elem(&rule_hits, &hit);

			if (hits)
				__sync_fetch_and_add(hits, 1);
			verdict = 1;
		}
	}
	n = bpf_map_lookup_elem(&verdicts, &verdict);
	if (n)
		*n += 1;
	return verdict ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
