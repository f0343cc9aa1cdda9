/*
 * The user-mutex protocol of spec §5.4 with a round count (argv[1], default
 * 2000): a shared page holds the mutex and a counter; parent and child each
 * take the lock, change the counter with a yield inside the critical section,
 * and release it.  The child adds, the parent subtracts, so the counter must
 * end at 0.  czemu bench times it as contended lock/unlock pairs per second.
 */
#include "rt.h"

#define DEFAULT_ROUNDS 2000
#define TAG_DONE 5

struct shared {
	struct l4_mutex lock;
	int counter;
};

static void rounds_of(struct shared *s, int rounds, int delta)
{
	for (int i = 0; i < rounds; i++) {
		l4_mutex_lock(&s->lock);
		int value = s->counter + delta;
		l4_thread_switch(0);
		s->counter = value;
		l4_mutex_unlock(&s->lock);
		l4_thread_switch(0);
	}
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : DEFAULT_ROUNDS;
	struct shared *s = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int parent = getpid();

	if (s == MAP_FAILED) {
		printf("mutexloop: mmap failed: %d\n", errno);
		return 1;
	}
	l4_mutex_init(&s->lock);
	s->counter = 0;
	int child = fork();
	if (child < 0) {
		printf("mutexloop: fork failed: %d\n", errno);
		return 1;
	}
	if (child == 0) {
		rounds_of(s, rounds, +1);
		l4_send(parent, TAG_DONE);
		_exit(0);
	}
	rounds_of(s, rounds, -1);
	l4_receive(child);
	if (s->counter != 0) {
		printf("MUTEX LOOP TEST     -- FAILED -- (counter %d)\n", s->counter);
		return 1;
	}
	printf("MUTEX LOOP TEST     -- PASSED -- (%d rounds in each of two processes)\n", rounds);
	return 0;
}
