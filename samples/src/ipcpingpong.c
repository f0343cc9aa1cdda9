/*
 * IPC between two processes (spec §2.4): a forked child sends, its parent
 * answers, N rounds (argv[1], default 1000) each in short form (MR0..MR5),
 * full form (MR2..MR59 through the UTCBs), and once in extended form into a
 * 2048-byte buffer of the parent's that straddles two pages it has never
 * touched, so the kernel pages them in during the IPC.  Every round checks
 * the words that arrived; czemu bench times the short round trips.
 */
#include "rt.h"

#define DEFAULT_ROUNDS 1000
#define TAG_PING 70
#define TAG_PONG 71
#define FULL 1

static int failed(const char *what, int round, unsigned got, unsigned want)
{
	printf("ipcpingpong: %s, round %d: got 0x%x, expected 0x%x\n", what, round, got, want);
	return 1;
}

/* The child: pings and checks each pong; then one extended send. */
static int child_side(l4id_t parent, int rounds)
{
	for (int i = 0; i < rounds; i++) {
		write_mr(2, i);
		if (l4_sendrecv(parent, parent, TAG_PING) < 0 || read_mr(2) != (unsigned)i + 1)
			return failed("short pong", i, read_mr(2), i + 1);
	}
	for (int i = 0; i < rounds; i++) {
		for (int m = 2; m < 60; m++)
			write_mr(m, i * 64 + m);
		l4_set_tag(TAG_PING);
		if (l4_ipc(parent, parent, FULL) < 0 || read_mr(59) != (unsigned)i)
			return failed("full pong", i, read_mr(59), i);
	}
	static char buffer[2048];
	for (int b = 0; b < 2048; b++)
		buffer[b] = 'a' + b % 26;
	return l4_send_extended(parent, TAG_PING, sizeof(buffer), buffer) < 0;
}

/* The parent: answers each ping; then receives the extended message. */
static int parent_side(l4id_t child, int rounds)
{
	for (int i = 0; i < rounds; i++) {
		if (l4_receive(child) < 0 || read_mr(2) != (unsigned)i)
			return failed("short ping", i, read_mr(2), i);
		write_mr(2, i + 1);
		l4_send(child, TAG_PONG);
	}
	printf("SHORT IPC PINGPONG  -- PASSED -- (%d rounds)\n", rounds);
	for (int i = 0; i < rounds; i++) {
		if (l4_receive(child) < 0)
			return failed("full ping", i, 0, 0);
		for (int m = 2; m < 60; m++)
			if (read_mr(m) != (unsigned)(i * 64 + m))
				return failed("full ping word", i, read_mr(m), i * 64 + m);
		write_mr(59, i);
		l4_set_tag(TAG_PONG);
		l4_ipc(child, L4_NILTHREAD, FULL);
	}
	printf("FULL IPC PINGPONG   -- PASSED -- (%d rounds)\n", rounds);

	char *base = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return failed("mmap", 0, errno, 0);
	char *buffer = base + 4096 - 1024;	/* across the page boundary, never touched */
	if (l4_receive_extended(child, 2048, buffer) < 0)
		return failed("extended receive", 0, 0, 0);
	for (int b = 0; b < 2048; b++)
		if (buffer[b] != 'a' + b % 26)
			return failed("extended byte", b, buffer[b], 'a' + b % 26);
	printf("EXTENDED IPC PING   -- PASSED -- (2048 bytes across two unmapped pages)\n");
	return 0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : DEFAULT_ROUNDS;
	l4id_t parent = getpid();
	int child = fork();

	if (child < 0)
		return failed("fork", 0, errno, 0);
	if (child == 0)
		_exit(child_side(parent, rounds));
	return parent_side(child, rounds);
}
