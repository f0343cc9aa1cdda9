/*
 * IPC across containers (spec §2.2): thread ids carry the container id in
 * their top byte.  Without an argument this program waits for a message from
 * any thread, prints who sent it, and answers; with a thread id (hex) it
 * sends to that thread and prints the answer.  Run one of each in two
 * containers (czemu run --config) and they meet.
 */
#include "rt.h"

#define TAG_HELLO 80
#define TAG_ANSWER 81

static unsigned parse_hex(const char *s)
{
	unsigned v = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' : (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f' ? (*s | 0x20) - 'a' + 10 : -1;
		if (d < 0)
			break;
		v = v * 16 + d;
	}
	return v;
}

int main(int argc, char **argv)
{
	unsigned self = getpid();

	if (argc < 2) {
		if (l4_receive(L4_ANYTHREAD) < 0) {
			printf("xcontainer %x: receive failed\n", self);
			return 1;
		}
		unsigned sender = read_mr(1);
		printf("xcontainer %x (container %u): message 0x%x from thread %x (container %u)\n",
		       self, l4_cid(self), read_mr(2), sender, l4_cid(sender));
		write_mr(2, read_mr(2) + 1);
		return l4_send(sender, TAG_ANSWER) < 0;
	}
	unsigned target = parse_hex(argv[1]);
	write_mr(2, 0xC0DE);
	int err = l4_sendrecv(target, target, TAG_HELLO);
	if (err < 0) {
		printf("xcontainer %x: ipc to %x failed: %d\n", self, target, err);
		return 1;
	}
	printf("xcontainer %x (container %u): answer 0x%x from thread %x\n", self, l4_cid(self), read_mr(2), target);
	return 0;
}
