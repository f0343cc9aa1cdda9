/*
 * Memory mappings and System V shared memory: requests to the pager
 * (spec §3.3, §3.6).
 */
#include "pager.h"

/*
 * Both calls answer with an address, which may lie in the shared region
 * at 0x80000000 and up, so it is negative as an int: only -4095..-1 are
 * errors.
 */
static int is_error(int ret)
{
	return (unsigned)ret >= (unsigned)-4095;
}

static void *address_result(int ret)
{
	if (is_error(ret)) {
		errno = -ret;
		return (void *)-1;
	}
	return (void *)ret;
}

/*
 * The arguments travel as a 6-word descriptor in our own memory (on this
 * stack), MR2 = its address; the pager reads it from there.  The offset
 * goes as a page number.
 */
void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)
{
	volatile unsigned desc[6];

	desc[0] = (unsigned)addr;
	desc[1] = length;
	desc[2] = prot;
	desc[3] = flags;
	desc[4] = fd;
	desc[5] = (unsigned)offset >> 12;
	return address_result(pager_call(L4_IPC_TAG_MMAP, (unsigned)desc, 0, 0));
}

int munmap(void *addr, size_t length)
{
	return pager_result(pager_call(L4_IPC_TAG_MUNMAP, (unsigned)addr, length, 0));
}

int msync(void *addr, size_t length, int flags)
{
	return pager_result(pager_call(L4_IPC_TAG_MSYNC, (unsigned)addr, length, flags));
}

int shmget(key_t key, size_t size, int shmflg)
{
	return pager_result(pager_call(L4_IPC_TAG_SHMGET, key, size, shmflg));
}

void *shmat(int shmid, const void *addr, int shmflg)
{
	return address_result(pager_call(L4_IPC_TAG_SHMAT, shmid, (unsigned)addr, shmflg));
}

int shmdt(const void *addr)
{
	return pager_result(pager_call(L4_IPC_TAG_SHMDT, (unsigned)addr, 0, 0));
}
