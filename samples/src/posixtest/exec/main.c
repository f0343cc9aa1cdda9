/*
 * posixexec: the program posixtest's exectest writes out and execs in
 * every process (spec §6.2, "test_exec main").  It first sends to thread
 * 0, which no task can be, so the kernel must refuse at once with -ESRCH
 * instead of blocking.  It checks the four arguments; then the original
 * posixtest process (its pid is in parent_of_all) reports and keeps
 * sending SYNC to the pager for ever, while all the others exit.
 */
#include "rt.h"

static const char *const expected_args[] = {
	"FIRST ARG", "SECOND ARG", "THIRD ARG", "FOURTH ARG",
};
#define ARGS	(int)(sizeof(expected_args) / sizeof(expected_args[0]))

/* The pid in decimal, as posixtest wrote it into parent_of_all=. */
static char *decimal(char *end, unsigned v)
{
	*--end = '\0';
	do {
		*--end = '0' + v % 10;
		v /= 10;
	} while (v);
	return end;
}

int main(int argc, char **argv)
{
	char buf[12];
	const char *parent, *pager;
	int err, ok = 1;

	err = wait_pager(0);
	if (err != -ESRCH) {
		printf("posixexec: wait_pager(0) returned %d, expected %d\n", err, -ESRCH);
		ok = 0;
	}

	if (argc < ARGS)
		ok = 0;
	for (int i = 0; ok && i < ARGS; i++)
		if (strcmp(argv[i], expected_args[i]) != 0)
			ok = 0;
	if (!ok) {
		printf("%-20s-- FAILED --\n", "EXECVE TEST");
		_exit(1);
	}

	parent = getenv("parent_of_all");
	if (parent && strcmp(decimal(buf + sizeof(buf), getpid()), parent) == 0) {
		l4id_t pagerid;

		printf("%-20s-- PASSED --\n", "EXECVE TEST");
		printf("\nThread (%x): Continues to sync with the pager...\n\n",
		       l4_raw_tid(getpid()));
		pager = getenv("pagerid");
		pagerid = pager ? (l4id_t)atoi(pager) : rt_pagerid;
		for (;;)
			wait_pager(pagerid);
	}
	_exit(0);
}
