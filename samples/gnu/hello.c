/*
 * The smallest Linux program: static glibc start-up (TLS, auxv, brk, stdio), its arguments, a
 * malloc past the first heap page, a short sleep (a host timer wakes it), and the exit status from
 * argv[2]. With "-" as argv[1] it first reads its standard input to the end and counts it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
	printf("Hello from a static glibc program\n");
	printf("argc = %d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	if (argc > 1 && strcmp(argv[1], "-") == 0) {
		long bytes = 0, lines = 0;
		int c;
		while ((c = getchar()) != EOF) {
			bytes++;
			lines += c == '\n';
		}
		printf("standard input: %ld bytes, %ld lines\n", bytes, lines);
	}
	char *big = malloc(200000); /* past the brk heap's first page */
	big[199999] = 'x';
	printf("malloc'd block ends in %c\n", big[199999]);
	free(big);
	struct timespec pause = {0, 20 * 1000 * 1000};
	printf("nanosleep of 20 ms: %d\n", nanosleep(&pause, NULL));
	return argc > 2 ? atoi(argv[2]) : 0;
}
