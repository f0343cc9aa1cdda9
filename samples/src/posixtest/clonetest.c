/*
 * clonetest (spec §6.2): every process starts 20 threads in its own
 * address space, each on a one-page stack from a MAP_GROWSDOWN mapping
 * (mmap returns the top of it).  The threads bump a shared counter and
 * exit; the counter's final value is not checked.
 */
#include "posixtest.h"

#define THREADS		20
#define INCREMENTS	25
#define STACK_SIZE	4096
#define THREAD_FLAGS	(CLONE_PARENT | CLONE_FS | CLONE_VM | CLONE_THREAD | CLONE_SIGHAND)

static volatile int clone_global;

static int thread_main(void *arg)
{
	(void)arg;
	for (int i = 0; i < INCREMENTS; i++)
		clone_global++;
	_exit(0);
}

int clonetest(void)
{
	for (int i = 0; i < THREADS; i++) {
		void *top = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
				 MAP_ANONYMOUS | MAP_PRIVATE | MAP_GROWSDOWN, -1, 0);

		if (top == MAP_FAILED || clone(thread_main, top, THREAD_FLAGS, NULL) < 0) {
			FAILED_LINE("CLONE TEST");
			return -1;
		}
	}

	if (is_parent_of_all())
		PASSED_LINE("CLONE TEST");
	return 0;
}
