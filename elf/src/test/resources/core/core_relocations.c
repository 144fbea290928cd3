// CO-RE relocations for ElfReaderTest: one rqbpf resolves (a field of __sk_buff, through a flavoured
// local definition as libbpf's ___suffix convention allows) and one it cannot (a kernel struct it has no
// layout for). Rebuild: clang-19 -target bpf -O2 -g -fdebug-compilation-dir=. -c core_relocations.c -o core_relocations.o
typedef unsigned int __u32;
struct __sk_buff;
#define SEC(name) __attribute__((section(name), used))

struct __sk_buff___rqbpf {	/* only the field used: its offset here (0) is not the kernel's (8) */
	__u32 mark;
} __attribute__((preserve_access_index));

struct task_struct___rqbpf {
	int pid;
} __attribute__((preserve_access_index));

SEC("tc")
int ctx_mark(struct __sk_buff *skb)
{
	struct __sk_buff___rqbpf *s = (void *)skb;

	return s->mark;
}

SEC("tc")
int task_pid(struct __sk_buff *skb)
{
	struct task_struct___rqbpf *t = (void *)skb;

	return t->pid;
}

char _license[] SEC("license") = "GPL";
