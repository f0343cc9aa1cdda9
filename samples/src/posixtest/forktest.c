/*
 * forktest (spec §6.2): three forks make eight processes.  Each must find
 * its copy of fork_global still 0, stores its own pid there, lets the
 * others run, and must find its own pid again: private memory is copied
 * on write, never shared.
 */
#include "posixtest.h"

#define FORKS	3
#define YIELDS	8

static volatile int fork_global;

int forktest(void)
{
	pid_t me;

	for (int i = 0; i < FORKS; i++) {
		if (fork() < 0) {
			FAILED_LINE("FORK TEST");
			return -1;
		}
	}

	me = getpid();
	if (fork_global != 0) {
		FAILED_LINE("FORK TEST");
		return -1;
	}
	fork_global = me;
	for (int i = 0; i < YIELDS; i++)
		l4_thread_switch(0);
	if (fork_global != me) {
		FAILED_LINE("FORK TEST");
		return -1;
	}

	if (is_parent_of_all())
		PASSED_LINE("FORK TEST");
	return 0;
}
