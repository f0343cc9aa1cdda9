/*
 * The two file tests of spec §6.2.
 *
 * small_io_test: two fds on one new file; four short strings written
 * through the first at the start of pages 0..3 (each write past the end
 * of the file), read back through the second, one by one and then 8 KiB
 * at once.
 *
 * fileio: a file of its own per process under /home/bahadir, written,
 * rewound and read back.
 */
#include "posixtest.h"

#define SMALL_IO_FILE	"/text.txt"
#define SMALL_IO_COUNT	4
#define PAGE		4096

static int small_io_failed(void)
{
	FAILED_LINE("MINI IO TEST");
	return -1;
}

int small_io_test(void)
{
	char strings[SMALL_IO_COUNT][9];	/* "abcdefg0".."abcdefg3" */
	char in[30], big[2 * PAGE];
	int fd1, fd2;

	fd1 = open(SMALL_IO_FILE, O_TRUNC | O_RDWR | O_CREAT, S_IRWXU);
	if (fd1 < 0)
		return small_io_failed();
	fd2 = open(SMALL_IO_FILE, O_RDWR, 0);
	if (fd2 < 0)
		return small_io_failed();

	for (int i = 0; i < SMALL_IO_COUNT; i++) {
		strcpy(strings[i], "abcdefg0");
		strings[i][7] += i;
		if (lseek(fd1, i * PAGE, SEEK_SET) != i * PAGE)
			return small_io_failed();
		if (write(fd1, strings[i], sizeof(strings[i])) != sizeof(strings[i]))
			return small_io_failed();
	}
	if (close(fd1) < 0)
		return small_io_failed();

	for (int i = 0; i < SMALL_IO_COUNT; i++) {
		memset(in, 0, sizeof(in));
		if (lseek(fd2, i * PAGE, SEEK_SET) != i * PAGE)
			return small_io_failed();
		if (read(fd2, in, sizeof(in)) < 0)
			return small_io_failed();
		if (strcmp(in, strings[i]) != 0)
			return small_io_failed();
	}

	memset(big, 0, sizeof(big));
	if (lseek(fd2, 0, SEEK_SET) != 0)
		return small_io_failed();
	if (read(fd2, big, sizeof(big)) < 0)
		return small_io_failed();
	if (strcmp(&big[0], strings[0]) != 0 || strcmp(&big[PAGE], strings[1]) != 0)
		return small_io_failed();
	close(fd2);

	PASSED_LINE("MINI IO TEST");
	return 0;
}

static const char fileio_text[] = "I WROTE TO THIS FILE\n";

static int fileio_failed(void)
{
	FAILED_LINE("FILE IO TEST");
	return -1;
}

int fileio(void)
{
	int len = strlen(fileio_text);
	char path[64], in[sizeof(fileio_text) + 8];
	int fd;

	name_with_number(path, "/home/bahadir/newfile", getpid(), ".txt");
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, S_IRWXU);
	if (fd < 0)
		return fileio_failed();
	if (write(fd, fileio_text, len) != len)
		return fileio_failed();
	if (lseek(fd, 0, SEEK_SET) != 0)
		return fileio_failed();
	memset(in, 0, sizeof(in));
	if (read(fd, in, len) != len || strcmp(in, fileio_text) != 0)
		return fileio_failed();
	if (close(fd) < 0)
		return fileio_failed();

	if (is_parent_of_all())
		PASSED_LINE("FILE IO TEST");
	return 0;
}
