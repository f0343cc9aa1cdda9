/*
 * Copy-on-write: the parent writes N pages (argv[1], default 1024) of its
 * bss, forks, and the child writes every one of them again (one
 * copy-on-write fault each), checks it still saw the parent's values first,
 * and reports to its parent.  czemu bench times the child's faults.
 */
#include "rt.h"

#define MAX_PAGES 1024
#define PAGE 4096
#define TAG_DONE 5

static volatile unsigned char pages[MAX_PAGES][PAGE] __attribute__((aligned(PAGE)));

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : MAX_PAGES;
	int parent = getpid();

	if (n < 1 || n > MAX_PAGES)
		n = MAX_PAGES;
	for (int p = 0; p < n; p++)
		pages[p][0] = (unsigned char)p;
	int child = fork();
	if (child < 0) {
		printf("cowloop: fork failed: %d\n", errno);
		return 1;
	}
	if (child == 0) {
		int bad = 0;
		for (int p = 0; p < n; p++) {
			bad |= pages[p][0] != (unsigned char)p;
			pages[p][0] = (unsigned char)(p + 1);
		}
		write_mr(2, bad);
		l4_send(parent, TAG_DONE);
		_exit(bad);
	}
	if (l4_receive(child) < 0 || read_mr(2) != 0) {
		printf("cowloop: the child saw wrong values\n");
		return 1;
	}
	for (int p = 0; p < n; p++) {
		if (pages[p][0] != (unsigned char)p) {
			printf("cowloop: the child's write reached the parent's page %d\n", p);
			return 1;
		}
	}
	printf("COW TEST            -- PASSED -- (%d pages)\n", n);
	return 0;
}
