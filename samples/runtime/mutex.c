/*
 * User mutexes (spec §2.6): the fast paths in mutex_swp.S, and the kernel's
 * mutex_control when there is contention.  A contended locker sleeps in
 * the kernel until an unlock wakes it, then tries again; an unlocker that
 * saw n waiters tells the kernel to wake n.
 */
#include "rt.h"

void l4_mutex_init(struct l4_mutex *m)
{
	m->lock = L4_MUTEX_UNLOCKED;
}

int l4_mutex_lock(struct l4_mutex *m)
{
	int err;

	while (__l4_mutex_lock(&m->lock) != L4_MUTEX_SUCCESS) {
		err = l4_mutex_control(&m->lock, L4_MUTEX_LOCK);
		if (err < 0) {
			printf("%s: Error: %d\n", "l4_mutex_lock", err);
			return err;
		}
	}
	return 0;
}

int l4_mutex_unlock(struct l4_mutex *m)
{
	int waiters = __l4_mutex_unlock(&m->lock);
	int err;

	if (waiters <= 0)
		return 0;
	err = l4_mutex_control(&m->lock, L4_MUTEX_UNLOCK | (unsigned)waiters);
	if (err < 0) {
		printf("%s: Error: %d\n", "l4_mutex_unlock", err);
		return err;
	}
	return 0;
}
