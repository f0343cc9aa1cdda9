/*
 * CPU-bound benchmark: a fixed number of register-only instructions per
 * iteration (an LCG step mixed into a hash), no calls and no memory
 * accesses inside the loop.  argv[1] sets the iteration count.
 */
#include "rt.h"

#define DEFAULT_ITERATIONS 20000000u

int main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : DEFAULT_ITERATIONS;
	unsigned x = 1, h = 0x811C9DC5u;

	for (unsigned i = 0; i < n; i++) {
		x = x * 1664525u + 1013904223u;
		h = (h ^ x) * 0x01000193u;
		h ^= h >> 15;
	}
	printf("cpuloop: %u iterations, result 0x%08x\n", n, h);
	return 0;
}
