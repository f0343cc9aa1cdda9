/*
 * Syscall-bound benchmark: CALLS (argv[1], default 20000) rounds of getppid, lseek and a small
 * read of a file, and a write to /dev/null's stand-in (a pipe nobody fills up: it is drained).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int calls = argc > 1 ? atoi(argv[1]) : 20000;
	char buf[64];
	int fd = open("sysbench.tmp", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(fd, "a small file for the syscall benchmark\n", 39);
	int p[2];
	pipe(p);
	long sum = 0;
	for (int i = 0; i < calls; i++) {
		sum += getppid() > 0;
		lseek(fd, i % 32, SEEK_SET);
		sum += read(fd, buf, 8);
		write(p[1], buf, 8);
		sum += read(p[0], buf, 8);
	}
	close(fd);
	unlink("sysbench.tmp");
	printf("%d rounds, sum %ld\n", calls, sum);
	return 0;
}
