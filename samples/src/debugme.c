/*
 * A program to debug: czemu's GDB tests drive gdb-multiarch against it.
 * It is built with line information and without optimisation (see the
 * Makefile), so gdb can break on functions, step lines and watch variables.
 *
 *   debugme          counts to 3 with bump(), printing each value, exits 0
 *   debugme fork     first forks a child that reports to its parent over IPC
 *   debugme spin     spins forever (for Ctrl-C)
 *   debugme crash    stores through a null pointer (SIGSEGV)
 */
#include "rt.h"

#define TAG_DONE 5

int counter;			/* in .bss: the tests watch it */
int limit = 3;			/* in .data */
volatile int spinning = 1;

int bump(int by)
{
	int before = counter;
	counter = before + by;
	return counter;
}

static void child_work(pid_t parent)
{
	counter = 100;
	printf("debugme: child %u running\n", l4_raw_tid(getpid()));
	l4_send(parent, TAG_DONE);
	_exit(0);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "count";

	if (strcmp(mode, "spin") == 0) {
		while (spinning)
			counter++;
		return 0;
	}
	if (strcmp(mode, "crash") == 0) {
		volatile int *nothing = (volatile int *)0;
		*nothing = limit;
		return 1;
	}
	if (strcmp(mode, "fork") == 0) {
		pid_t parent = getpid();
		pid_t child = fork();
		if (child == 0)
			child_work(parent);
		l4_receive(child);
		printf("debugme: child %u done\n", l4_raw_tid(child));
	}
	while (counter < limit)
		printf("debugme: counter = %d\n", bump(1));
	puts("debugme: done");
	return 0;
}
