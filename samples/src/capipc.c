/*
 * The capability request protocol (capabilities-2009.md §5): a parent and
 * its forked child exchange 2048-byte extended IPCs.  Under the strict
 * boot policy a task may only IPC its pager, so each first send is refused
 * with -ENOCAP (134); the task then asks the pager (tag 50, MR2 = the
 * address of a struct capability naming the peer thread) and the pager
 * grants it one, immutable.  Under the posix policy the sends succeed at
 * once.  Each process prints only while the other waits, so the output has
 * one order whatever the scheduling.
 */
#include "rt.h"
#include "caps.h"

#define TAG_DATA	72
#define TAG_DONE	73
#define ENOCAP		134
#define SIZE		2048

static char buffer[SIZE];
static int asked;

static int ask_pager_for_ipc_to(l4id_t self, l4id_t peer)
{
	struct capability cap;
	memset(&cap, 0, sizeof cap);
	cap.owner = self;
	cap.resid = peer;
	cap.type = CAP_TYPE_IPC | CAP_RTYPE_THREAD;
	cap.access = CAP_IPC_SEND | CAP_IPC_RECV | CAP_IPC_SHORT | CAP_IPC_EXTENDED;
	asked++;
	return l4_request_capability(&cap);
}

/* Sends the pattern of `seed`; asks the pager for a capability if refused. */
static int send_pattern(const char *who, const char *peer_name, l4id_t self, l4id_t peer, char seed)
{
	for (int i = 0; i < SIZE; i++)
		buffer[i] = seed + i % 26;
	int err = l4_send_extended(peer, TAG_DATA, SIZE, buffer);
	if (err == -ENOCAP) {
		printf("capipc %s: extended IPC to the %s refused with %d\n", who, peer_name, err);
		int granted = ask_pager_for_ipc_to(self, peer);
		printf("capipc %s: the pager granted a capability to the %s: %d\n", who, peer_name, granted);
		err = l4_send_extended(peer, TAG_DATA, SIZE, buffer);
	}
	return err;
}

static int receive_pattern(const char *who, const char *peer_name, l4id_t peer, char seed)
{
	memset(buffer, 0, SIZE);
	int err = l4_receive_extended(peer, SIZE, buffer);
	if (err < 0) {
		printf("capipc %s: receive from the %s failed: %d\n", who, peer_name, err);
		return err;
	}
	for (int i = 0; i < SIZE; i++) {
		if (buffer[i] != (char)(seed + i % 26)) {
			printf("capipc %s: byte %d from the %s is 0x%x\n", who, i, peer_name, buffer[i]);
			return -1;
		}
	}
	printf("capipc %s: %d bytes from the %s, pattern intact\n", who, SIZE, peer_name);
	return 0;
}

int main(void)
{
	l4id_t parent = getpid();
	int child = fork();
	if (child < 0) {
		printf("capipc: fork failed: %d\n", errno);
		return 1;
	}
	if (child == 0) {
		l4id_t self = getpid();
		if (send_pattern("child", "parent", self, parent, 'a') < 0 || receive_pattern("child", "parent", parent, 'A') < 0)
			_exit(1);
		write_mr(L4_MR_ARG0, asked);
		l4_send(parent, TAG_DONE);
		_exit(0);
	}
	if (receive_pattern("parent", "child", child, 'a') < 0)
		return 1;
	int err = send_pattern("parent", "child", parent, child, 'A');
	if (err < 0) {
		printf("capipc parent: extended IPC to the child failed: %d\n", err);
		return 1;
	}
	if (l4_receive(child) < 0)
		return 1;
	int total = asked + (int)read_mr(L4_MR_ARG0);
	printf("CAPABILITY IPC TEST -- PASSED -- (the pager was asked %d times)\n", total);
	return 0;
}
