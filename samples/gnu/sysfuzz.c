/*
 * Random Linux system calls with random arguments, made with svc 0 directly: the emulator must
 * answer every one (with an error if need be) and never crash or hang. Numbers are drawn from the
 * EABI table and the ARM private range; arguments from small numbers, -1, random words, pointers
 * that lead nowhere or above the stack, and pointers into a scratch mapping of random bytes between
 * two inaccessible pages (so paths and structures are read and written there, never over the
 * program itself). Half the numbers come from the calls czemu serves, so those get most of the
 * attention. Calls that would end, replace, fork, block or unmap this very process are not made
 * (the list below). Prints how many calls were made and how many were unknown to the kernel, then
 * exits 0. CALLS is argv[1] (default 3000), the seed argv[2].
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SCRATCH 65536
#define PAGE 4096
/* Its own mapping between two inaccessible pages: a call that writes past its end faults there. */
static unsigned char *scratch;
static unsigned long long state;

static unsigned next(void)
{
	state = state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(state >> 33);
}

/* exit, fork, read, write, execve, pause, brk, ioctl (TIOCSTI and friends), munmap, mprotect,
   clone, vfork, wait4, nanosleep, mremap, rt_sigsuspend, pread64, pwrite64, readv, writev,
   sendfile, futex, exit_group, clock_nanosleep, tgkill, tkill, kill, sendfile64, mmap2 (MAP_FIXED
   could map over the program), madvise, msync, set_tls, futex_time64, clock_nanosleep_time64,
   sigreturn and rt_sigreturn (a random stack is no signal frame: SIGSEGV), setitimer (a SIGALRM
   would end the process), and the calls czemu answers only with -ENOSYS anyway but Linux might
   block in (select, poll, ppoll). */
static const int skipped[] = {1, 2, 3, 4, 11, 29, 45, 54, 91, 125, 120, 190, 114, 162, 163, 179, 180, 181,
	145, 146, 187, 240, 248, 265, 268, 238, 37, 239, 192, 220, 144, 0xf0005, 422, 407, 142, 168, 336, 414,
	335, 413, 119, 173, 104, 0};

/* What czemu serves (docs/linux.md), less the skipped ones. */
static const int served[] = {5, 6, 8, 10, 12, 19, 20, 24, 33, 36, 38, 39, 40, 41, 42, 43, 47, 49, 50, 55, 57,
	60, 63, 64, 65, 66, 77, 78, 85, 93, 105, 116, 118, 122, 132, 133, 140, 147, 148, 158, 172, 174, 175, 176, 183,
	186, 191, 193, 194, 195, 196, 197, 199, 200, 201, 202, 205, 209, 211, 213, 214, 217, 221, 224, 242, 256,
	263, 264, 322, 323, 327, 328, 329, 332, 334, 338, 339, 358, 359, 369, 382, 384, 397, 398, 403, 406, 439,
	0xf0002, 0xf0006};

static int is_skipped(int number)
{
	for (int i = 0; skipped[i]; i++)
		if (skipped[i] == number)
			return 1;
	return 0;
}

static unsigned argument(void)
{
	switch (next() % 8) {
	case 0: return 0;
	case 1: return next() % 21;
	case 2: return (unsigned)-1;
	case 3: return next() | 0xc0000000u; /* above the stack: never this program's own memory */
	case 4: return (unsigned)(0xdeadbeef + (next() % 4) * 0x10000000u);
	case 5: return 0xffffff00u;
	default: return (unsigned)(unsigned long)(scratch + next() % (SCRATCH - 512));
	}
}

static long call(int number, unsigned a0, unsigned a1, unsigned a2, unsigned a3, unsigned a4, unsigned a5)
{
	register unsigned r0 __asm__("r0") = a0;
	register unsigned r1 __asm__("r1") = a1;
	register unsigned r2 __asm__("r2") = a2;
	register unsigned r3 __asm__("r3") = a3;
	register unsigned r4 __asm__("r4") = a4;
	register unsigned r5 __asm__("r5") = a5;
	register int r7 __asm__("r7") = number;
	__asm__ volatile("svc 0" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r7) : "memory");
	return (long)(int)r0;
}

int main(int argc, char **argv)
{
	int calls = argc > 1 ? atoi(argv[1]) : 3000;
	state = argc > 2 ? strtoull(argv[2], NULL, 0) : 1;
	int out = dup2(1, 900);
	int unknown = 0;
	unsigned char *arena = mmap(NULL, SCRATCH + 2 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (arena == MAP_FAILED || mprotect(arena + PAGE, SCRATCH, PROT_READ | PROT_WRITE) != 0)
		return 1;
	scratch = arena + PAGE;
	for (int i = 0; i < SCRATCH; i++) {
		unsigned r = next() % 16;
		scratch[i] = r == 0 ? 0 : r == 1 ? '/' : 'a' + next() % 26;
	}
	for (int made = 0; made < calls; made++) {
		unsigned pick = next() % 16;
		int number = pick < 8 ? served[next() % (sizeof served / sizeof served[0])]
			: pick == 8 ? (int)(0xf0000 + next() % 8) : (int)(next() % 460);
		if (is_skipped(number)) {
			made--;
			continue;
		}
		long result = call(number, argument(), argument(), argument(), argument(), argument(), argument());
		unknown += result == -38;
	}
	dprintf(out, "%d calls made, %d unknown\n", calls, unknown);
	return 0;
}
