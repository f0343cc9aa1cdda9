/*
 * The kernel's clock (time, spec §2.9): reads it, runs a loop of N
 * iterations (argv[1], default 100000), reads it again and prints both
 * readings in microseconds.  With --deterministic the clock counts the
 * guests' instructions, so every run prints the same two readings; either
 * way the second is later than the first.
 */
#include "rt.h"

static unsigned micros(const struct l4_timeval *tv)
{
	return tv->sec * 1000000u + tv->usec;
}

int main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 100000u;
	struct l4_timeval before, after;
	volatile unsigned sum = 0;

	if (l4_time(&before, 0) != 0)
		return 1;
	for (unsigned i = 0; i < n; i++)
		sum += i;
	if (l4_time(&after, 0) != 0)
		return 1;
	printf("clock: %u us, then %u us after %u iterations\n", micros(&before), micros(&after), n);
	return micros(&after) > micros(&before) ? 0 : 2;
}
