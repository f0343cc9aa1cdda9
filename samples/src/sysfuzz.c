/*
 * Random system calls and pager requests with hostile arguments: the
 * emulator must answer each with an error or a guest-level fault and
 * never go down or hang (the brief's robustness rule).
 *
 *   sysfuzz SEED [CALLS]
 *
 * Each of CALLS (default 400) steps calls a random kernel entry of the KIP
 * (every one, including those a test0 task never reaches) with random
 * registers, or sends the pager a request with a random tag, transfer
 * type and message registers.  Arguments come from a list of the values
 * that break kernels: 0, -1, small numbers, addresses of the KIP, the
 * syscall page, the UART, the text, unmapped pages, a buffer and its last
 * bytes before a page boundary, unaligned ones, and plain random words.
 * Not the stack: a kernel told to write there would overwrite the
 * program's own return addresses, and the run would end at once.  A request may fork the task (then both
 * go on), exit it, exec something, or leave it blocked for good; any of
 * those ends is fine.  The program prints one line when it has made all
 * its calls.
 */
#include "rt.h"
#include "caps.h"

#define DEFAULT_CALLS	400
#define MAX_TAG		64
#define TAG_PFAULT	0

static unsigned char buffer[8192] __attribute__((aligned(4096)));
static unsigned rng;
static l4id_t self;

static unsigned next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static unsigned pick(unsigned n)
{
	return next_random() % n;
}

static unsigned hostile(void)
{
	switch (pick(16)) {
	case 0: return 0;
	case 1: return 0xFFFFFFFFu;
	case 2: return pick(64);
	case 3: return L4_KIP_ADDRESS + pick(0x60);
	case 4: return 0xFFFFF000u + pick(0x40);
	case 5: return 0xF9800000u + pick(0x40);
	case 6: return 0x40000000u + pick(0x800);
	case 7: return 0x10000000u;			/* nothing is mapped there */
	case 8: return 0x7FFF0000u + pick(16);	/* far below the stack: not mapped */
	case 9: return (unsigned)buffer + pick(sizeof buffer);
	case 10: return (unsigned)buffer + 4096 - 1 - pick(8);
	case 11: return (unsigned)buffer + 1 + 4 * pick(8);
	case 12: return 0x90000000u + pick(0x100000);
	case 13: return rt_pagerid;
	case 14: return 0x80000000u >> pick(32);
	default: return next_random();
	}
}

static int raw_call(unsigned entry, const unsigned *r)
{
	register unsigned r0 asm("r0") = r[0];
	register unsigned r1 asm("r1") = r[1];
	register unsigned r2 asm("r2") = r[2];
	register unsigned r3 asm("r3") = r[3];
	register unsigned r4 asm("r4") = r[4];
	register unsigned r5 asm("r5") = r[5];
	register unsigned r6 asm("r6") = r[6];
	register unsigned r7 asm("r7") = r[7];
	register unsigned r12 asm("r12") = entry;
	asm volatile("mov lr, pc\n\tmov pc, r12"
		     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r12)
		     : : "r8", "lr", "memory", "cc");
	return (int)r0;
}

/* A kernel entry of the KIP (words 0x0C..0x44), called with random registers. */
static void random_kernel_call(void)
{
	const volatile unsigned *kip = (const volatile unsigned *)L4_KIP_ADDRESS;
	unsigned entry = kip[3 + pick(15)];
	unsigned r[8];
	for (int i = 0; i < 8; i++)
		r[i] = hostile();
	if (entry == kip[9] && pick(2))		/* ipc: mostly a send only, which cannot block on a receive */
		r[1] = L4_NILTHREAD;
	if (entry == kip[12] && r[1] == self && pick(8))	/* exchange_registers on itself: rarely */
		r[1] = rt_pagerid;
	raw_call(entry, r);
}

/* A request to the pager: a random tag, transfer type and MR2..MR5. */
static void random_pager_request(void)
{
	unsigned tag = pick(MAX_TAG);
	if (tag == L4_IPC_TAG_SYNC)
		tag = L4_IPC_TAG_SYNC_FULL;	/* mm0 never answers SYNC: the task would wait for good */
	/*
	 * Exit only now and then, so that most runs go deep; and clone too:
	 * its thread shares our memory and starts on a random stack, so it
	 * soon runs wild through our data and takes the task down.  A page
	 * fault message sent by hand makes mm0 judge the address as a fault
	 * of ours, which mostly kills us too.
	 */
	if ((tag == L4_IPC_TAG_EXIT || tag == L4_IPC_TAG_CLONE || tag == TAG_PFAULT) && pick(8))
		tag = L4_IPC_TAG_SYNC_FULL;
	for (int i = 2; i < 6; i++)
		write_mr(i, hostile());
	for (int i = 6; i < 20; i++)
		write_mr(i, hostile());
	unsigned flags;
	switch (pick(4)) {
	case 0: flags = L4_IPC_FLAGS_FULL; break;
	case 1: flags = l4_extended_flags(pick(2100)); break;
	default: flags = L4_IPC_FLAGS_SHORT;
	}
	if (flags & L4_IPC_FLAGS_EXTENDED)
		write_mr(L4_MR_ARG0, hostile());
	l4_set_tag(tag);
	l4_ipc(rt_pagerid, rt_pagerid, flags);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		printf("usage: sysfuzz SEED [CALLS]\n");
		return 2;
	}
	rng = (unsigned)atoi(argv[1]) * 2654435761u | 1;
	int calls = argc > 2 ? atoi(argv[2]) : DEFAULT_CALLS;
	self = getpid();
	for (int i = 0; i < calls; i++) {
		if (pick(2))
			random_kernel_call();
		else
			random_pager_request();
	}
	printf("sysfuzz: %d calls made\n", calls);
	return 0;
}
