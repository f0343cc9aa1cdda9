/*
 * dirtest (spec §6.2): directory listings before and after building a
 * small tree with mkdir, and a chdir into it.  Only failures of open,
 * readdir, mkdir and chdir count; the listings are walked but not printed.
 */
#include "posixtest.h"

/* Room for 50 user-side records (268 bytes each, as uClibc lays them out). */
#define LIST_BUFFER	(50 * 268)

_Static_assert(LIST_BUFFER >= READDIR_BUFFER_MIN, "os_readdir needs 2048 bytes");

/*
 * Steps through the records the pager packed into buf: each starts where
 * the previous one's d_reclen says.  Returns how many there were.
 */
static int walk_dirents(const char *buf, int bytes)
{
	int offset = 0, records = 0;

	while (offset < bytes) {
		const struct dirent *d = (const struct dirent *)(buf + offset);

		if (d->d_reclen == 0)	/* malformed: stop rather than spin */
			break;
		offset += d->d_reclen;
		records++;
	}
	return records;
}

static int lsdir(const char *path)
{
	static char buf[LIST_BUFFER];
	int fd, bytes;

	fd = open(path, O_RDONLY, 0);
	if (fd < 0)
		return -1;
	bytes = os_readdir(fd, buf, sizeof(buf));
	if (bytes < 0) {
		close(fd);
		return -1;
	}
	walk_dirents(buf, bytes);
	close(fd);
	return 0;
}

static const char *const new_dirs[] = {
	"/usr", "/etc", "/tmp", "/var", "/bin", "/boot", "/lib", "/dev",
	"/usr/bin", "/home/", "/home/bahadir",
};

int dirtest(void)
{
	int failed = 0;

	if (lsdir(".") < 0)
		failed = 1;
	if (lsdir("/") < 0)
		failed = 1;

	for (unsigned i = 0; i < sizeof(new_dirs) / sizeof(new_dirs[0]); i++)
		if (mkdir(new_dirs[i], S_IRWXU | S_IRWXG | S_IRWXO) < 0)
			failed = 1;

	if (chdir("/home/bahadir") < 0)
		failed = 1;

	if (lsdir("/") < 0)
		failed = 1;
	if (lsdir("/usr") < 0)
		failed = 1;
	if (lsdir(".") < 0)
		failed = 1;
	if (lsdir("/usr/./././bin//") < 0)
		failed = 1;

	if (failed) {
		FAILED_LINE("DIR TEST");
		return -1;
	}
	PASSED_LINE("DIR TEST");
	return 0;
}
