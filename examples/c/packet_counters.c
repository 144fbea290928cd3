// packet_counters.c -- examples/packet_counters.bpf in C: per-CPU packet and byte counters on XDP.
//
// Run:   ./rqbpf attach examples/c/packet_counters.o --dump-maps
// What:  count_packets classifies each frame (IPv4/IPv6, TCP/UDP) and counts packets and bytes (the IP
//        length plus the 14-byte Ethernet header) in a per-CPU array: key 0 IPv4/TCP, 1 IPv4/UDP,
//        2 IPv6/TCP, 3 IPv6/UDP, 4 other. It returns XDP_PASS for every frame.
#include "rqbpf.h"

struct counters {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 5);
	__type(key, __u32);
	__type(value, struct counters);
} pkt_count SEC(".maps");

SEC("xdp")
__success __retval(2)
int count_packets(struct xdp_md *ctx)
{
	__u8 *data = (__u8 *)(long)ctx->data;
	__u8 *end = (__u8 *)(long)ctx->data_end;
	__u32 class = 4;
	__u64 bytes = 0;

	if (data + 14 <= end) {
		__u16 proto = *(__u16 *)(data + 12);
		if (proto == 0x0008 && data + 34 <= end) {
			bytes = __builtin_bswap16(*(__u16 *)(data + 16)) + 14;
			__u8 l4 = data[23];
			class = l4 == 6 ? 0 : l4 == 17 ? 1 : 4;
		} else if (proto == 0xdd86 && data + 54 <= end) {
			bytes = __builtin_bswap16(*(__u16 *)(data + 18)) + 54;
			__u8 l4 = data[20];
			class = l4 == 6 ? 2 : l4 == 17 ? 3 : 4;
		}
	}
	struct counters *c = bpf_map_lookup_elem(&pkt_count, &class);
	if (c) {
		c->packets += 1;
		c->bytes += bytes;
	}
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
