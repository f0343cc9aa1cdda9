/*
 * user_mutex_test (spec §5.4), original process only: a parent and a
 * forked child share one page (a MAP_SHARED|MAP_ANONYMOUS mapping, which
 * fork does not copy) holding a user mutex and a counter.  In 2000 rounds
 * each, the child adds 1 and the parent subtracts 1, yielding the CPU in
 * the middle of every update, so only the mutex keeps updates from being
 * lost.  The counter must end at 0.  The child reports that it is done
 * with a SYNC message, which the parent waits for.
 */
#include "posixtest.h"

#define ROUNDS	2000

struct shared_page {
	struct l4_mutex mutex;
	volatile int value;
};

static void run_rounds(struct shared_page *shared, int step)
{
	for (int i = 0; i < ROUNDS; i++) {
		int temp;

		l4_mutex_lock(&shared->mutex);
		temp = shared->value + step;
		l4_thread_switch(0);
		shared->value = temp;
		l4_mutex_unlock(&shared->mutex);
		l4_thread_switch(0);
	}
}

int user_mutex_test(void)
{
	pid_t parent = getpid(), child;
	struct shared_page *shared;
	int err;

	shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED) {
		printf("%s: mmap for extended ipc buffer failed: %x\n",
		       "user_mutex_test", -errno);
		FAILED_LINE("USER MUTEX TEST:");
		return -1;
	}
	l4_mutex_init(&shared->mutex);
	shared->value = 0;

	child = fork();
	if (child < 0) {
		FAILED_LINE("USER MUTEX TEST:");
		return -1;
	}

	if (child == 0) {
		run_rounds(shared, +1);
		err = l4_send(parent, L4_IPC_TAG_SYNC);
		if (err < 0) {
			printf("Error: l4_send() failed with %d\n", err);
			return -1;
		}
		return 0;
	}

	run_rounds(shared, -1);
	err = l4_receive(child);
	if (err < 0) {
		printf("Error: l4_receive() failed with %d\n", err);
		FAILED_LINE("USER MUTEX TEST:");
		return -1;
	}
	if (shared->value != 0) {
		FAILED_LINE("USER MUTEX TEST:");
		return -1;
	}
	PASSED_LINE("USER MUTEX TEST:");
	return 0;
}
