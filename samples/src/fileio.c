/*
 * The pager's file calls (spec §3.3 and README "Observed on the real
 * kernel"): fds are handed out from 0, every fd has its own cursor, writes
 * past the end make a sparse file, O_CREAT on an existing name is EEXIST,
 * a missing name is ENOENT, and closing an fd beyond the pager's table is
 * EINVAL.
 */
#include "rt.h"

#define SPARSE_OFFSET 8192

static const char text[] = "Written by the czemu fileio sample.\n";
static const char tail[] = "...and this, 8 KiB into the file.\n";
static int failures;

/* Prints one check as "fileio: <what> = <got>" and counts mismatches. */
static void expect(const char *what, int got, int want)
{
	if (got == want) {
		printf("fileio: %s = %d\n", what, got);
	} else {
		printf("fileio: %s = %d, expected %d: FAILED\n", what, got, want);
		failures++;
	}
}

/*
 * Asks for count bytes at the fd's cursor; the pager must return len of
 * them (fewer at the end of the file), equal to want.
 */
static void expect_read(const char *what, int fd, int count, const char *want,
			int len)
{
	char buf[64];
	int n = read(fd, buf, count);

	expect(what, n, len);
	if (n == len && memcmp(buf, want, len) != 0) {
		printf("fileio: %s: the bytes differ: FAILED\n", what);
		failures++;
	}
}

int main(void)
{
	int text_len = strlen(text), tail_len = strlen(tail);
	int fd, fd2;

	fd = open("/note.txt", O_CREAT | O_RDWR, 0);
	expect("open(\"/note.txt\", O_CREAT | O_RDWR)", fd, 0);
	if (fd < 0) {
		printf("%-20s-- FAILED --\n", "FILE TEST");
		return 1;
	}
	expect("write(text)", write(fd, text, text_len), text_len);
	expect("lseek(0, SEEK_SET)", lseek(fd, 0, SEEK_SET), 0);
	expect_read("read back the text", fd, sizeof(text), text, text_len);

	expect("lseek(8192, SEEK_SET)", lseek(fd, SPARSE_OFFSET, SEEK_SET),
	       SPARSE_OFFSET);
	expect("write(tail) at 8192", write(fd, tail, tail_len), tail_len);
	expect("lseek(8192, SEEK_SET)", lseek(fd, SPARSE_OFFSET, SEEK_SET),
	       SPARSE_OFFSET);
	expect_read("read back the tail", fd, sizeof(tail), tail, tail_len);
	expect_read("read at the end of the file", fd, 8, "", 0);
	expect("lseek(0, SEEK_CUR)", lseek(fd, 0, SEEK_CUR),
	       SPARSE_OFFSET + tail_len);

	fd2 = open("/note.txt", O_RDWR);
	expect("open(\"/note.txt\", O_RDWR) again", fd2, 1);
	expect_read("read from 0 with the second fd", fd2, text_len, text, text_len);

	expect("open(\"/note.txt\", O_CREAT | O_RDWR) on the existing name",
	       open("/note.txt", O_CREAT | O_RDWR, 0), -1);
	expect("  errno (EEXIST)", errno, EEXIST);

	expect("close(first fd)", close(fd), 0);
	expect("close(second fd)", close(fd2), 0);

	expect("open(\"/missing.txt\", O_RDONLY)", open("/missing.txt", O_RDONLY), -1);
	expect("  errno (ENOENT)", errno, ENOENT);
	expect("close(1000)", close(1000), -1);
	expect("  errno (EINVAL)", errno, EINVAL);

	printf("%-20s-- %s --\n", "FILE TEST", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}
