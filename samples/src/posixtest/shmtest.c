/*
 * shmtest (spec §6.2): two System V segments are created, attached,
 * written and detached.  The last detach destroys a segment, so attaching
 * either id again must fail.
 */
#include "posixtest.h"

#define SEGMENTS	2
#define SEGMENT_SIZE	27

static const key_t keys[SEGMENTS] = { 2, 3 };
static const unsigned patterns[SEGMENTS] = { 0xDEADBEEF, 0xFEEDBEEF };

static int shm_failed(void)
{
	FAILED_LINE("SHM TEST");
	return -1;
}

int shmtest(void)
{
	int ids[SEGMENTS];
	void *addrs[SEGMENTS];

	for (int i = 0; i < SEGMENTS; i++) {
		ids[i] = shmget(keys[i], SEGMENT_SIZE, IPC_CREAT | 0666);
		if (ids[i] < 0)
			return shm_failed();
	}
	for (int i = 0; i < SEGMENTS; i++) {
		addrs[i] = shmat(ids[i], NULL, 0);
		if (addrs[i] == (void *)-1)
			return shm_failed();
	}
	for (int i = 0; i < SEGMENTS; i++)
		*(volatile unsigned *)addrs[i] = patterns[i];
	for (int i = 0; i < SEGMENTS; i++)
		if (shmdt(addrs[i]) < 0)
			return shm_failed();
	for (int i = 0; i < SEGMENTS; i++)
		if (shmat(ids[i], NULL, 0) != (void *)-1)
			return shm_failed();

	if (is_parent_of_all())
		PASSED_LINE("SHM TEST");
	return 0;
}
