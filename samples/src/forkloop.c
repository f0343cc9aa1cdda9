/*
 * Forks and ends a child N times (argv[1], default 1000): each child tells
 * its parent it is done with an IPC (Codezero's mm0 serves no WAIT) and
 * exits.  The emulator's tests check that the frame count returns to where
 * it was, and czemu bench times the cycles.
 */
#include "rt.h"

#define DEFAULT_CYCLES 1000
#define TAG_DONE 5	/* any tag: the parent only waits for the rendezvous */

/* A data page each child writes, so every cycle exercises copy-on-write. */
volatile int touched = 1;

int main(int argc, char **argv)
{
	int cycles = argc > 1 ? atoi(argv[1]) : DEFAULT_CYCLES;
	pid_t parent = getpid();

	for (int i = 0; i < cycles; i++) {
		pid_t child = fork();
		if (child < 0) {
			printf("forkloop: fork %d failed: %d\n", i, errno);
			return 1;
		}
		if (child == 0) {
			touched = i;	/* make the child's data page private */
			l4_send(parent, TAG_DONE);
			_exit(0);
		}
		if (l4_receive(child) < 0) {
			printf("forkloop: child %d did not report\n", child);
			return 1;
		}
	}
	printf("FORK LOOP TEST      -- PASSED -- (%d cycles)\n", cycles);
	return 0;
}
