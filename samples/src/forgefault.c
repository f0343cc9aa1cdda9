/*
 * A task cannot make the pager answer another thread: a page-fault message
 * (tag 0) that a task sends by hand names a thread in MR1, but the pager
 * must judge and answer the sender only (spec §4.1: the kernel sends a
 * fault on the faulting thread's own behalf, so sender and MR1 agree).
 *
 * A forked child sends SYNC, which mm0 never answers, so it waits for the
 * pager for good.  The parent then sends a forged fault naming the child
 * and a mapped address of its own: the answer must come back to the parent,
 * and the child must go on waiting (it would print a line if woken).
 */
#include "rt.h"

#define TAG_PFAULT	0
#define FSR_TRANSLATION	7

static volatile int mapped_word = 1;

int main(void)
{
	pid_t child = fork();
	if (child == 0) {
		l4_sendrecv(rt_pagerid, rt_pagerid, L4_IPC_TAG_SYNC);
		printf("forgefault: WRONG: the waiting child was woken with %d\n", l4_get_retval());
		_exit(1);
	}
	for (int i = 0; i < 20; i++)
		l4_thread_switch(0);		/* let the child reach its wait */
	write_mr(1, child);
	write_mr(2, 0x40000000);
	write_mr(3, FSR_TRANSLATION);
	write_mr(4, (unsigned)&mapped_word);
	write_mr(5, 0);
	int err = l4_sendrecv(rt_pagerid, rt_pagerid, TAG_PFAULT);
	printf("forgefault: the pager answered the forger itself: ipc %d, reply %d\n", err, l4_get_retval());
	for (int i = 0; i < 20; i++)
		l4_thread_switch(0);		/* a woken child would print now */
	printf("forgefault: done\n");
	return 0;
}
