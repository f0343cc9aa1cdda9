/*
 * Prints the file argv[1] (a host file the user imported with --file or
 * --root), then tries to write to it: imports are read-only unless czemu
 * runs with --writable, and the answer says which it was.
 */
#include "rt.h"

int main(int argc, char **argv)
{
	char buf[256];
	int fd, n;

	if (argc < 2) {
		printf("usage: cat FILE\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR, 0);
	if (fd < 0) {
		printf("cat: %s: open failed, errno %d\n", argv[1], errno);
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = 0;
		printf("%s", buf);
	}
	if (write(fd, "x", 1) < 0)
		printf("cat: write: errno %d\n", errno);
	else
		printf("cat: write: ok\n");
	close(fd);
	return 0;
}
