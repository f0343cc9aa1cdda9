/*
 * N times (argv[1], default 200): map 1 MiB of private anonymous memory,
 * write a word into every page, check them, unmap it.  The emulator's tests
 * check the frame count returns, and czemu bench times the cycles.
 */
#include "rt.h"

#define DEFAULT_CYCLES 200
#define SIZE (1024 * 1024)
#define PAGE 4096

int main(int argc, char **argv)
{
	int cycles = argc > 1 ? atoi(argv[1]) : DEFAULT_CYCLES;

	for (int i = 0; i < cycles; i++) {
		volatile unsigned *base = mmap(0, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (base == MAP_FAILED) {
			printf("mmaploop: mmap %d failed: %d\n", i, errno);
			return 1;
		}
		for (int p = 0; p < SIZE / PAGE; p++)
			base[p * PAGE / 4] = i + p;
		for (int p = 0; p < SIZE / PAGE; p++) {
			if (base[p * PAGE / 4] != (unsigned)(i + p)) {
				printf("mmaploop: page %d of cycle %d lost its word\n", p, i);
				return 1;
			}
		}
		if (munmap((void *)base, SIZE) < 0) {
			printf("mmaploop: munmap %d failed: %d\n", i, errno);
			return 1;
		}
	}
	printf("MMAP LOOP TEST      -- PASSED -- (%d cycles of 1 MiB)\n", cycles);
	return 0;
}
