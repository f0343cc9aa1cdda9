/*
 * posixtest's main: the run of spec §6.1.  The tests up to undeftest run
 * in every process (forktest leaves eight of them), the IPC and mutex
 * tests only in the original one, and every process ends in exectest,
 * which replaces it with the embedded exec program (exec/).
 */
#include "posixtest.h"

pid_t parent_of_all __attribute__((section(".data")));
l4id_t pagerid __attribute__((section(".data")));

void bug(void)
{
	for (;;)
		;
}

char *name_with_number(char *dst, const char *prefix, int n, const char *suffix)
{
	char digits[12], *p = digits + sizeof(digits);
	unsigned u = n < 0 ? -(unsigned)n : (unsigned)n;
	char *d = dst;

	*--p = '\0';
	do {
		*--p = '0' + u % 10;
		u /= 10;
	} while (u);
	if (n < 0)
		*--p = '-';
	while (*prefix)
		*d++ = *prefix++;
	while (*p)
		*d++ = *p++;
	strcpy(d, suffix);
	return dst;
}

int main(void)
{
	printf("\n%s: Started with thread id %x\n", "test0", l4_raw_tid(getpid()));

	parent_of_all = getpid();
	pagerid = atoi(getenv("pagerid"));
	wait_pager(pagerid);

	printf("\n%s: Running POSIX API tests.\n", "test0");

	small_io_test();
	dirtest();
	mmaptest();
	shmtest();
	fileio();
	forktest();		/* eight processes from here on */
	clonetest();
	undeftest();

	if (getpid() == parent_of_all) {
		ipc_full_test();
		ipc_extended_test();	/* forks once more */
	}
	if (getpid() == parent_of_all)
		user_mutex_test();	/* forks once more */

	exectest(parent_of_all);

	/* Only if execve failed. */
	for (;;)
		wait_pager(pagerid);
}
